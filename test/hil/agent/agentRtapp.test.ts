/**
 * rt-app on an agent's machine (hil/agent/agentRtapp.ts, routes /v1/rtapp): the agent starts the rt-app
 * it was given on a controller's file and answers the stop with rt-app's logs; hil run --agent runs a
 * scenario's rt-app workloads there over their windows and keeps the logs beside its trace, or refuses
 * in one line when the agent has no rt-app. A stand-in rt-app (fixtures/fakeRtapp.ts) plays rt-app.
 */
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectOneLineRefusal, run, runJson } from '../../cli/run.js';
import { FAKE_LOG, writeFakeRtapp } from '../fixtures/fakeRtapp.js';
import { call, startTestAgent, TOKEN, until, type TestAgent } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'twinrtm-agent-rtapp-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const fake = writeFakeRtapp(dir);
const TICK =
  '{ "global": { "calibration": "CPU4" }, "tasks": { "tick": { "loop": -1, "cpus": [5], "run": 2000, "timer": { "ref": "unique", "period": 10000 } } } }';

describe('the agent with rt-app', () => {
  let t: TestAgent;
  const work = join(dir, 'agent');
  beforeAll(async () => {
    t = await startTestAgent({ rtapp: { binary: fake, dir: work } });
  });
  afterAll(() => t.agent.close());

  it('says which rt-app it starts, runs it on the file sent, and answers the stop with its logs and output', async () => {
    expect((await call(t.agent.url, 'GET', '/v1/rtapp')).body).toEqual({ binary: fake, running: [] });
    const started = await call(t.agent.url, 'POST', '/v1/rtapp/start', { name: 'tick', text: TICK });
    expect(started).toMatchObject({ status: 200, body: { name: 'tick', started: true } });
    expect((await call(t.agent.url, 'GET', '/v1/rtapp')).body).toEqual({ binary: fake, running: ['tick'] });
    await until('the stand-in starts', () => existsSync(join(work, 'tick', 'marker')));
    const stopped = await call(t.agent.url, 'POST', '/v1/rtapp/stop', { name: 'tick' });
    expect(stopped.status).toBe(200);
    expect(stopped.body.files).toEqual([
      { file: 'rt-app-tick-0.log', text: FAKE_LOG },
      { file: 'tick.out', text: '' },
    ]);
    expect(readFileSync(join(work, 'tick', 'marker'), 'utf8')).toBe(
      `started ${join(work, 'tick', 'tick.json')}\nstopped\n`,
    );
    expect(readFileSync(join(work, 'tick', 'tick.json'), 'utf8')).toBe(TICK);
  });

  it('refuses a file that would have rt-app write outside its folder, a bad name, and a stop of nothing', async () => {
    const logdir = await call(t.agent.url, 'POST', '/v1/rtapp/start', {
      name: 'w',
      text: TICK.replace('"calibration": "CPU4"', '"logdir": "/etc"'),
    });
    expect(logdir).toMatchObject({
      status: 400,
      body: {
        error:
          "rt-app workload w: global, key 'logdir': the agent runs rt-app in a folder of its own and takes no logdir or io_device (they would write outside it)",
      },
    });
    expect(
      (await call(t.agent.url, 'POST', '/v1/rtapp/start', { name: 'w', text: '{ "tasks": { "a": { "mem": 5 } }' }))
        .status,
    ).toBe(400);
    expect((await call(t.agent.url, 'POST', '/v1/rtapp/start', { name: '../up', text: TICK })).body.error).toMatch(
      /^name '\.\.\/up' is not a workload name/,
    );
    expect((await call(t.agent.url, 'POST', '/v1/rtapp/stop', { name: 'never' })).status).toBe(409);
  });

  it('stops a running rt-app when it closes (as on a watchdog trip)', async () => {
    const a = await startTestAgent({ rtapp: { binary: fake, dir: join(dir, 'closing') } });
    await call(a.agent.url, 'POST', '/v1/rtapp/start', { name: 'tick', text: TICK });
    await until('the stand-in starts', () => existsSync(join(dir, 'closing', 'tick', 'marker')));
    await a.agent.close();
    expect(readFileSync(join(dir, 'closing', 'tick', 'marker'), 'utf8')).toMatch(/stopped\n$/);
  });
});

describe('the agent without rt-app', () => {
  let t: TestAgent;
  beforeAll(async () => {
    t = await startTestAgent();
  });
  afterAll(() => t.agent.close());

  it('says it has none, and refuses a start with 409', async () => {
    expect((await call(t.agent.url, 'GET', '/v1/rtapp')).body).toEqual({ binary: null, running: [] });
    const a = await call(t.agent.url, 'POST', '/v1/rtapp/start', { name: 'tick', text: TICK });
    expect(a.status).toBe(409);
    expect(a.body.error).toMatch(/this agent has no rt-app/);
  });
});

describe('hil run --agent with an rt-app co-workload', () => {
  const tokenFile = join(dir, 'token');
  writeFileSync(tokenFile, TOKEN);
  chmodSync(tokenFile, 0o600);
  const base = JSON.parse(
    readFileSync(fileURLToPath(new URL('../../../scenarios/xu3-mp3.json', import.meta.url)), 'utf8'),
  );

  /** An XU3 scenario of 2 s (the fake board's a15 has cpus 4 and 5 online, up to 1800 MHz) with an rt-app file. */
  function scenario(tick: string): string {
    writeFileSync(join(dir, 'tick.json'), tick);
    const { $schema: _, ...rest } = base;
    const path = join(dir, 'xu3-rtapp.json');
    const initialConfig = { groups: 4, unit: 'a15', cores: 2, freqMHz: { a15: 1800, a7: 200 } };
    writeFileSync(
      path,
      JSON.stringify({
        ...rest,
        id: 'xu3-rtapp',
        durationS: 2,
        initialConfig,
        coworkloads: [{ name: 'tick', startS: 0.3, endS: 1.2, rtapp: 'tick.json' }],
      }),
    );
    return path;
  }

  it("runs the file on the agent's machine over its window and brings the logs back beside the trace", async () => {
    const t = await startTestAgent({ rtapp: { binary: fake, dir: join(dir, 'remote') } });
    try {
      const trace = join(dir, 'remote.jsonl');
      const j = await runJson(
        'hil',
        'run',
        scenario(TICK),
        '--agent',
        t.agent.url,
        '--token-file',
        tokenFile,
        '--policy',
        'performance',
        '--rtapp-calibrate',
        '--trace',
        trace,
        '--json',
      );
      const here = join(`${trace}.rtapp`, 'tick');
      // Calibrated on the agent's cpu 4 (the stand-in's 74 ns per loop) before the clock started.
      const sent = JSON.parse(readFileSync(join(here, 'tick.json'), 'utf8'));
      expect(sent).toEqual({ ...JSON.parse(TICK), global: { calibration: 74 } });
      expect(JSON.parse(readFileSync(join(dir, 'remote', 'tick', 'tick.json'), 'utf8'))).toEqual(sent);
      expect(readFileSync(join(here, 'rt-app-tick-0.log'), 'utf8')).toBe(FAKE_LOG);
      expect(readFileSync(join(dir, 'remote', 'tick', 'marker'), 'utf8')).toMatch(/^started .*\nstopped\n$/);
      expect(j.notes.join('\n')).toContain("rt-app runs on the agent's machine");
      expect(j.notes.join('\n')).toContain('rt-app calibrated on cpu 4 before the run: 74 ns per loop, given to tick');
      // No busy load for the twin's stretches of it: the agent ran rt-app instead.
      expect(t.busy).toEqual([]);
      const c = await runJson('hil', 'compare', trace, '--scenario', join(dir, 'xu3-rtapp.json'), '--json');
      expect(c.rtapp[0].tasks[0]).toMatchObject({ task: 'tick', passes: { board: 3 }, missedPasses: { board: 1 } });
    } finally {
      await t.agent.close();
    }
  }, 60_000);

  it('refuses in one line, before the run, an agent without rt-app or a cpu its board lacks', async () => {
    const none = await startTestAgent();
    const some = await startTestAgent({ rtapp: { binary: fake, dir: join(dir, 'refused') } });
    try {
      const argv = (url: string, tick: string, ...more: string[]) => [
        'hil',
        'run',
        scenario(tick),
        '--agent',
        url,
        '--token-file',
        tokenFile,
        '--policy',
        'performance',
        ...more,
      ];
      expectOneLineRefusal(
        await run(...argv(none.agent.url, TICK)),
        `scenario xu3-rtapp runs rt-app workloads (tick) and the agent at ${none.agent.url} has no rt-app`,
      );
      const seven = TICK.replace('[5]', '[7]');
      expectOneLineRefusal(
        await run(...argv(some.agent.url, seven)),
        `rt-app workload tick: ${join(dir, 'tick.json')}:1:`,
        "task 'tick', key 'cpus': cpu 7: board at",
        'has no cpu 7 online (online: 0-5)',
      );
      expectOneLineRefusal(
        await run(...argv(some.agent.url, seven, '--rtapp-cpus', 'map')),
        "cpu 7: a15's cpu number 4 on odroid-xu3 has no counterpart",
        'has 2 a15 cpus online (4-5)',
      );
      expect(none.workloads).toEqual([]);
      expect(some.workloads).toEqual([]);
    } finally {
      await none.agent.close();
      await some.agent.close();
    }
  }, 60_000);
});
