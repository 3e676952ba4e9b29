/**
 * hil run on a board of this machine starts the real rt-app for a scenario's rt-app co-workloads, over
 * their windows, instead of busy loops for the twin's stretches of them. A stand-in rt-app
 * (fixtures/fakeRtapp.ts) keeps the test independent of Debian's package and of any other program.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { containerTree, removeTrees } from '../hil/board/fakeTrees.js';
import { writeFakeRtapp } from '../hil/fixtures/fakeRtapp.js';
import { expectOneLineRefusal, run, runJson } from './run.js';

const dir = mkdtempSync(join(tmpdir(), 'twinrtm-hil-rtapp-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  removeTrees();
});
const echo = fileURLToPath(new URL('../hil/fixtures/echoWorkload.mjs', import.meta.url));
const host = JSON.parse(
  readFileSync(fileURLToPath(new URL('../../scenarios/host-corunner.json', import.meta.url)), 'utf8'),
);

/**
 * A host scenario of 2 s whose co-workload is an rt-app file: one thread, 2 ms of work every 10 ms, on
 * the host's cpu 1 (a second task, with no cpus, takes the co-workload's).
 */
function scenarioFile(): string {
  const tick = { loop: -1, cpus: [1], run: 2000, timer: { ref: 't', period: 10000 } };
  const idle = { loop: -1, run: 100, sleep: 100000 };
  writeFileSync(
    join(dir, 'tick.json'),
    `// a comment, as rt-app takes them\n${JSON.stringify({ tasks: { tick, idle }, global: { duration: -1, calibration: 'CPU0' } })}`,
  );
  const path = join(dir, 'host-rtapp.json');
  const { $schema: _, ...rest } = host;
  writeFileSync(
    path,
    JSON.stringify({
      ...rest,
      id: 'host-rtapp',
      durationS: 2,
      coworkloads: [{ name: 'tick', startS: 0.3, endS: 1.2, rtapp: 'tick.json', cpus: [0] }],
    }),
  );
  return path;
}

/** A machine whose online cpus are these (a container given cpus 4-5, say), in a fake tree. */
function treeWithCpus(cpus: number[]): string {
  const tree = containerTree();
  writeFileSync(join(tree, 'sys/devices/system/cpu/online'), cpus.join(','));
  for (const cpu of cpus) {
    mkdirSync(join(tree, `sys/devices/system/cpu/cpu${cpu}`), { recursive: true });
    writeFileSync(join(tree, `sys/devices/system/cpu/cpu${cpu}/online`), '1');
  }
  return tree;
}

const fakeRtapp = () => writeFakeRtapp(dir);

describe('hil run with an rt-app co-workload', () => {
  it("runs rt-app over the co-workload's window with the scenario's file, and no busy loop for its stretches", async () => {
    const scenario = scenarioFile();
    const tree = containerTree();
    const trace = join(dir, 'run.jsonl');
    const j = await runJson(
      'hil',
      'run',
      scenario,
      '--board',
      'local',
      '--sysfs-root',
      tree,
      '--no-taskset',
      '--workload-cmd',
      `${process.execPath} ${echo}`,
      '--rtapp-binary',
      fakeRtapp(),
      '--trace',
      trace,
      '--state-file',
      join(tree, 's.json'),
      '--json',
    );
    const logs = join(`${trace}.rtapp`, 'tick');
    expect(readFileSync(join(logs, 'marker'), 'utf8')).toBe(`started ${join(logs, 'tick.json')}\nstopped\n`);
    // --rtapp-cpus keep (the default): the file as written, comment and all.
    expect(readFileSync(join(logs, 'tick.json'), 'utf8')).toBe(readFileSync(join(dir, 'tick.json'), 'utf8'));
    expect(j.notes.join('\n')).toMatch(/rt-app workload tick started at 0\.\d\d s/);
    // The file has rt-app calibrate on cpu 0 when it starts, which delays its work past the twin's.
    expect(j.notes.join('\n')).toContain('rt-app workload tick calibrates on cpu 0 when it starts');
    // The twin's stretches of the workload were not run as busy loops: no co-workload event for them.
    const events = readFileSync(trace, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(events.filter((e) => e.kind === 'coworkload')).toEqual([]);
    expect(existsSync(join(tree, 's.json'))).toBe(false);

    // hil compare reads rt-app's log beside the trace, and replays the run with the workload's load.
    const c = await runJson('hil', 'compare', trace, '--scenario', scenarioFile(), '--json');
    expect(c.rtapp).toHaveLength(1);
    expect(c.rtapp[0]).toMatchObject({ name: 'tick', logs: 1 });
    expect(c.rtapp[0].tasks[0]).toMatchObject({
      task: 'tick',
      passes: { board: 3 },
      runPerPassUs: { board: 2500 },
      missedPasses: { board: 1 },
      wakeupLatencyUs: 20,
    });
    const text = await run('hil', 'compare', trace, '--scenario', scenarioFile());
    expect(text.out).toContain("the twin's replay includes the load of rt-app workload tick");
    expect(text.out).toMatch(/^tick +\d+ +3 +/m);
  }, 60_000);

  it("with --rtapp-cpus map, gives rt-app the file with its cpus renumbered to the board's by unit", async () => {
    const tree = treeWithCpus([4, 5]);
    const trace = join(dir, 'mapped.jsonl');
    const j = await runJson(
      'hil',
      'run',
      scenarioFile(),
      '--board',
      'local',
      '--sysfs-root',
      tree,
      '--no-taskset',
      '--workload-cmd',
      `${process.execPath} ${echo}`,
      '--rtapp-binary',
      fakeRtapp(),
      '--rtapp-cpus',
      'map',
      '--trace',
      trace,
      '--state-file',
      join(tree, 's.json'),
      '--json',
    );
    const ran = JSON.parse(readFileSync(join(`${trace}.rtapp`, 'tick', 'tick.json'), 'utf8'));
    // cpu 1, the host's second, is the board's second (5); cpu 0 is 4: the calibration and the
    // co-workload's cpus given to the task without any.
    expect(ran).toEqual({
      tasks: {
        tick: { loop: -1, cpus: [5], run: 2000, timer: { ref: 't', period: 10000 } },
        idle: { cpus: [4], loop: -1, run: 100, sleep: 100000 },
      },
      global: { duration: -1, calibration: 'CPU4' },
    });
    expect(j.notes.join('\n')).toContain("cpus renumbered from host's to board local's by unit (0->4, 1->5)");
  }, 60_000);

  it("with --rtapp-calibrate, calibrates rt-app on the board's cpu before the clock and gives the file its ns per loop", async () => {
    const tree = treeWithCpus([4, 5]);
    const trace = join(dir, 'calibrated.jsonl');
    const j = await runJson(
      'hil',
      'run',
      scenarioFile(),
      '--board',
      'local',
      '--sysfs-root',
      tree,
      '--no-taskset',
      '--workload-cmd',
      `${process.execPath} ${echo}`,
      '--rtapp-binary',
      fakeRtapp(),
      '--rtapp-cpus',
      'map',
      '--rtapp-calibrate',
      '--trace',
      trace,
      '--state-file',
      join(tree, 's.json'),
      '--json',
    );
    // The file's CPU0 is the board's cpu 4, where the stand-in measures 74 ns per loop.
    expect(JSON.parse(readFileSync(join(`${trace}.rtapp`, 'tick', 'tick.json'), 'utf8')).global).toEqual({
      duration: -1,
      calibration: 74,
    });
    const notes = j.notes.join('\n');
    expect(notes).toContain(
      'rt-app calibrated on cpu 4 before the run: 74 ns per loop, given to tick as global.calibration',
    );
    expect(notes).not.toContain('calibrates on cpu');
  }, 60_000);

  it('refuses in one line a cpu the board lacks (keep), or one with no counterpart on it (map), before the board is touched', async () => {
    const argv = (tree: string, mode: string) => [
      'hil',
      'run',
      scenarioFile(),
      '--board',
      'local',
      '--sysfs-root',
      tree,
      '--no-taskset',
      '--workload-cmd',
      `${process.execPath} ${echo}`,
      '--rtapp-binary',
      fakeRtapp(),
      '--rtapp-cpus',
      mode,
      '--state-file',
      join(tree, 's.json'),
    ];
    const four = treeWithCpus([4, 5]);
    expectOneLineRefusal(
      await run(...argv(four, 'keep')),
      'rt-app workload tick: ',
      "task 'tick', key 'cpus': cpu 1: board local has no cpu 1 online (online: 4-5): give --rtapp-cpus map",
    );
    expect(existsSync(join(four, 's.json'))).toBe(false);
    const one = treeWithCpus([3]);
    expectOneLineRefusal(
      await run(...argv(one, 'map')),
      "task 'tick', key 'cpus': cpu 1: cpu's cpu number 2 on host has no counterpart: board local has 1 cpu cpu online (3)",
    );
    expect(existsSync(join(one, 's.json'))).toBe(false);
    expectOneLineRefusal(await run(...argv(four, 'renumber')), "--rtapp-cpus 'renumber' is not one of keep, map");
  }, 60_000);

  it('refuses, before the board is touched, a scenario with rt-app workloads where rt-app is not a program', async () => {
    const tree = containerTree();
    const r = await run(
      'hil',
      'run',
      scenarioFile(),
      '--board',
      'local',
      '--sysfs-root',
      tree,
      '--no-taskset',
      '--workload-cmd',
      `${process.execPath} ${echo}`,
      '--rtapp-binary',
      join(dir, 'no-such-rt-app'),
      '--state-file',
      join(tree, 's.json'),
    );
    expectOneLineRefusal(r, 'runs rt-app workloads (tick)', 'apt-get install rt-app');
    expect(existsSync(join(tree, 's.json'))).toBe(false);
  });
});
