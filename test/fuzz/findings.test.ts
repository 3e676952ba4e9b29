/**
 * What the fuzz suite found (issue 19), each pinned by a focused test: the inputs that ended in a
 * stack trace, an internal error, a hang, two lines or a file left behind, and now end in one line.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { networkById } from '../../dnn/builtinNetworks.js';
import { InputError } from '../../dnn/inputError.js';
import { resolveAgentToken } from '../../hil/agent/agentToken.js';
import { createBoardAdapter, parseBoardProfile } from '../../hil/board/adapter.js';
import { createSysfsRoot } from '../../hil/board/sysfsRoot.js';
import { BoardFailure } from '../../hil/boardFailure.js';
import { RemoteBoard } from '../../hil/remoteBoard.js';
import { runSweep, type SweepPlan } from '../../hil/sweep.js';
import { WorkloadPool, WorkloadStartError } from '../../hil/workload/workloadPool.js';
import { WorkloadProcess } from '../../hil/workload/workloadProcess.js';
import { platformById } from '../../models/builtinPlatforms.js';
import { containerTree, makeRoot, removeTrees } from '../hil/board/fakeTrees.js';
import { expectOneLineRefusal, localHilRun, run } from '../cli/run.js';
import { measurementsCsv } from './fuzzHarness.js';

afterAll(() => removeTrees(), 60_000);

const echo = fileURLToPath(new URL('../hil/fixtures/echoWorkload.mjs', import.meta.url));
/** A process that starts and then never says a word. */
const SILENT = [process.execPath, '-e', 'setInterval(() => {}, 1000)'];
/** A process that says it is ready and then never answers. */
const READY_ONLY = [
  process.execPath,
  '-e',
  'console.log(JSON.stringify({ ready: true })); setInterval(() => {}, 1000)',
];

const workload = (command: readonly string[]) => new WorkloadProcess({ command, stderr: () => {} });

describe('hil sweep: a workload that fails or stops answering', () => {
  const plan: SweepPlan = {
    units: ['cpu'],
    groups: [1],
    cores: [1],
    freqMHz: { cpu: [2000] },
    repeat: 1,
    warmup: 0,
    layers: false,
    gapMs: 0,
  };
  const sweep = (
    command: readonly string[],
    more: Partial<SweepPlan> = {},
    timeouts: { startTimeoutMs?: number; inferenceTimeoutMs?: number } = {},
  ) =>
    runSweep({
      adapter: createBoardAdapter(parseBoardProfile('local'), createSysfsRoot(containerTree())),
      platform: platformById('host'),
      dnn: networkById('alexnet-cifar10-g4'),
      plan: { ...plan, ...more },
      startWorkload: () => workload(command),
      io: { line: () => {}, progress: () => {} },
      // Generous unless a test waits for the timeout itself: a loaded machine can take over 0.3 s to
      // start Node or to see a child exit.
      startTimeoutMs: 20_000,
      inferenceTimeoutMs: 20_000,
      ...timeouts,
    });

  it('should refuse, as bad input (exit 2), a command that exits before it is ready: it was an internal error', async () => {
    const err = await sweep([process.execPath, '-e', 'process.exit(1)']).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WorkloadStartError);
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toBe('the workload for cpu x1 failed to start: workload exited (code 1)');
  });

  it('should end, rather than wait for ever, when the workload never says it is ready', async () => {
    await expect(sweep(SILENT, {}, { startTimeoutMs: 300 })).rejects.toThrow(
      new WorkloadStartError('the workload for cpu x1 did not say it was ready within 0.3 s'),
    );
  });

  it('should say a warm-up inference failed, as a start failure', async () => {
    await expect(sweep([process.execPath, echo, 'die'], { warmup: 1 })).rejects.toThrow(
      new WorkloadStartError('the workload failed while warming up at cpu x1 2000 MHz g=1: workload exited (code 3)'),
    );
  });

  it('should stop as a board failure (exit 1, one line) when a workload that worked dies, or stops answering', async () => {
    const died = await sweep([process.execPath, echo, 'die']).catch((e: unknown) => e);
    expect(died).toBeInstanceOf(BoardFailure);
    expect((died as Error).message).toBe(
      'inference failed at cpu x1 2000 MHz g=1: workload exited (code 3): the sweep cannot go on',
    );
    await expect(sweep(READY_ONLY, {}, { inferenceTimeoutMs: 300 })).rejects.toThrow(
      new BoardFailure('an inference at cpu x1 2000 MHz g=1 took more than 0.3 s: the sweep cannot go on'),
    );
  });
});

describe('hil run: the warm workload processes', () => {
  it('should end the warm-up, rather than wait for ever, when a workload never answers', async () => {
    const pool = new WorkloadPool({ startWorkload: () => workload(SILENT), cpusOf: () => [0], startTimeoutMs: 300 });
    pool.processFor({ unit: 'cpu', cores: 1, groups: 1 });
    await expect(pool.warm()).rejects.toThrow(
      new WorkloadStartError(
        'the workload for cpu x1 did not answer its warm-up within 0.3 s (its ready line and 2 inferences)',
      ),
    );
    await pool.close();
  });

  it('should not make a process started during the run that fails its warm-up an unhandled rejection', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => void unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const pool = new WorkloadPool({
        startWorkload: () => workload([process.execPath, '-e', 'process.exit(1)']),
        cpusOf: () => [0],
      });
      await pool.warm();
      // As the run does when a policy asks for a core count not started before: nobody awaits its warm-up.
      const late = pool.processFor({ unit: 'cpu', cores: 1, groups: 1 });
      const reply = await late.infer(1);
      expect('error' in reply ? reply.error : reply).toMatch(/workload exited/);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(unhandled).toEqual([]);
      await pool.close();
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});

describe('hil run --token', () => {
  it('should refuse a bad token in one line, without the warning a usable one gets', () => {
    const warnings: string[] = [];
    expect(() => resolveAgentToken({ token: '' }, {}, (l) => warnings.push(l))).toThrow(
      'the agent token from --token is empty',
    );
    expect(() => resolveAgentToken({ token: 'a b' }, {}, (l) => warnings.push(l))).toThrow(
      'must be one word of visible ASCII characters',
    );
    expect(warnings).toEqual([]);
    expect(resolveAgentToken({ token: 'ok-token' }, {}, (l) => warnings.push(l))).toBe('ok-token');
    expect(warnings).toHaveLength(1);
  });
});

describe('hil run --agent: a server that is no agent', () => {
  let body = '';
  let server: Server | undefined;
  afterAll(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

  it.each([
    ['null', 'null', 'GET /v1/capabilities with null, not an object'],
    ['{}', '{}', 'GET /v1/capabilities with no profile and platform names'],
    [
      'units',
      '{"profile":"local","platform":"host","power":"modelled","notes":[],"measuredRails":[],"units":[{"id":"cpu"}]}',
      'GET /v1/capabilities with units that are not a list of {id, onlineCpus, availableMHz, dvfs}',
    ],
  ])(
    'should refuse JSON of another shape (%s) in one line: it was a TypeError, an internal error',
    async (_name, answer, message) => {
      body = answer;
      server ??= await new Promise<Server>((resolve) => {
        const s = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(body));
        s.listen(0, '127.0.0.1', () => resolve(s));
      });
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      await expect(RemoteBoard.connect(url, 'token')).rejects.toThrow(
        new InputError(`the agent at ${url} answered ${message}: is it a twinrtm agent of this version?`),
      );
    },
  );
});

describe('hil run --workload-cmd', () => {
  it('should refuse a command holding a NUL, before the state file is written: it was an internal error', async () => {
    const tree = containerTree();
    const state = join(tree, 'state.json');
    const r = await run(
      ...localHilRun(tree),
      '--state-file',
      state,
      '--duration',
      '0.3',
      '--workload-cmd',
      `${join(tree, 'no-such-program')}/\u0000`,
    );
    expectOneLineRefusal(r, '--workload-cmd holds a NUL character');
    expect(existsSync(state)).toBe(false);
  });

  it('should say it cannot start a program whose name is longer than a path may be: the leash threw with a stack', async () => {
    const tree = containerTree();
    const r = await run(
      ...localHilRun(tree),
      '--state-file',
      join(tree, 'state.json'),
      '--duration',
      '0.3',
      '--workload-cmd',
      join(tree, 'no-such-program', 'a'.repeat(5000)),
    );
    expect(r.code).toBe(2);
    expect(r.err).toContain(': spawn ENAMETOOLONG');
    expect(r.err).not.toMatch(/internal error|\bat .+:\d+:\d+/);
  });
});

describe('agent --host', () => {
  it.each(['', ' '])('should refuse %j, which Node takes for every interface, before it listens', async (host) => {
    expectOneLineRefusal(
      await run(
        'agent',
        '--board',
        'local',
        '--sysfs-root',
        containerTree(),
        '--no-taskset',
        '--port',
        '0',
        '--token',
        'fuzz-token-123',
        '--host',
        host,
      ),
      `--host '${host}' names no interface: give an address (127.0.0.1, the default: this machine only; 0.0.0.0 for every interface)`,
    );
  });
});

describe('emulate --root', () => {
  it('should refuse, in one line, a folder it cannot lay its tree out in: it was an internal error (ENOTDIR)', async () => {
    const file = join(makeRoot(), 'a-file');
    writeFileSync(file, 'x\n');
    expectOneLineRefusal(
      await run('emulate', 'odroid-xu3', '--root', join(file, 'below')),
      `--root ${join(file, 'below')}: cannot lay out the board's tree there (ENOTDIR)`,
    );
  });
});

describe('check', () => {
  it('should refuse an --out it cannot make, before the check runs: it was an internal error (ENOTDIR) after every property ran', async () => {
    const file = join(makeRoot(), 'a-file');
    writeFileSync(file, 'x\n');
    expectOneLineRefusal(
      await run('check', 'performance', '--properties', 'valid', '--runs', '1', '--out', join(file, 'below')),
      `--out ${join(file, 'below')}: cannot make the folder for counterexample files (ENOTDIR)`,
    );
  });

  it('should bound --stable-periods, naming the bound: 1e15 asked for a scenario of 1e12 s, refused in words about the generated scenario', async () => {
    expectOneLineRefusal(
      await run('check', 'rtm', '--properties', 'stable', '--runs', '1', '--stable-periods', '1e15'),
      '--stable-periods 1e15 must be 1..10000',
    );
  });
});

describe('calibrate --out', () => {
  it('should be refused before the fit, in one line, when its folder does not exist: the fit ran and printed its progress first', async () => {
    const root = makeRoot();
    const csv = join(root, 'm.csv');
    writeFileSync(csv, measurementsCsv());
    expectOneLineRefusal(
      await run('calibrate', csv, '--out', join(root, 'missing', 'cal.json')),
      `--out ${join(root, 'missing', 'cal.json')}: the directory ${join(root, 'missing')} does not exist`,
    );
  });
});

describe('hil compare: a trace event of another shape', () => {
  /** A traced twin run with one event changed. */
  async function traceWith(
    change: (events: Record<string, unknown>[]) => void,
  ): Promise<{ path: string; line: number }> {
    const path = join(makeRoot(), 'run.jsonl');
    expect((await run('simulate', 'xu3-default', '--duration', '1', '--policy', 'rtm', '--trace', path)).code).toBe(0);
    const events = readFileSync(path, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    change(events);
    writeFileSync(path, `${events.map((e) => JSON.stringify(e)).join('\n')}\n`);
    return { path, line: events.findIndex((e) => e.changed === true) + 1 };
  }
  const inference = (events: Record<string, unknown>[]) => events.find((e) => e.kind === 'inference')!;

  it("should name the line and the field of an inference's unit that is an object: it was \"unknown unit '[object Object]'\"", async () => {
    const { path, line } = await traceWith((events) =>
      Object.assign(inference(events), { unit: { id: 'a15' }, changed: true }),
    );
    expectOneLineRefusal(
      await run('hil', 'compare', path),
      `${path}:${line}: the inference event's unit is an object; expected a string`,
    );
  });

  it.each([[-1], [1e9], [2.5]])(
    'should refuse a groupLimit of %d, naming the line: it was a RangeError, or an array of a billion counts',
    async (groupLimit) => {
      const { path, line } = await traceWith((events) =>
        Object.assign(inference(events), { confidenceThreshold: 0.9, groupLimit, changed: true }),
      );
      expectOneLineRefusal(
        await run('hil', 'compare', path),
        `${path}:${line}: the inference event's groupLimit is number ${groupLimit}; expected a whole number 1..4`,
      );
    },
  );
});

describe('hil restore: a state file of another version', () => {
  it("should show a version that is no number as it is: it said 'version [object Object]'", async () => {
    const root = makeRoot();
    const state = join(root, 'state.json');
    writeFileSync(
      state,
      JSON.stringify({
        format: 'twinrtm-board-state',
        version: {},
        profile: 'local',
        sysfsRoot: root,
        savedAt: 'now',
        files: {},
      }),
      { mode: 0o600 },
    );
    expectOneLineRefusal(
      await run('hil', 'restore', '--state-file', state, '--sysfs-root', root),
      `${state} is not a valid twinrtm board state file: version {} is not supported (expected 1)`,
    );
  });
});

describe('hil run --agent: an agent of another version', () => {
  // What connect() reads is right; every other answer is '{}'.
  const answers: Record<string, unknown> = {
    '/v1/capabilities': {
      profile: 'local',
      platform: 'host',
      units: [{ id: 'cpu', onlineCpus: [0, 1], availableMHz: [], dvfs: false, frequencyPath: null }],
      measuredRails: [],
      power: 'modelled',
      temperature: false,
      energyCounters: [],
      notes: [],
    },
    '/v1/session': { timeMs: 0, watchdogMs: 5000, live: false, config: null, workload: null, coworkloads: [] },
    '/v1/telemetry': {
      timeMs: 0,
      freqMHz: { cpu: 2000 },
      utilisation: { cpu: 0 },
      temperatureC: { cpu: null },
      rails: [],
    },
  };
  let server: Server | undefined;
  afterAll(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

  it("should fail each inference it answers with '{}', saying why, rather than print NaN with exit 0", async () => {
    server = await new Promise<Server>((resolve) => {
      const s = createServer((req, res) =>
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answers[req.url ?? ''] ?? {})),
      );
      s.listen(0, '127.0.0.1', () => resolve(s));
    });
    const r = await run(
      'hil',
      'run',
      'host-corunner',
      '--agent',
      `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      '--token',
      'fuzz-token-123',
      '--duration',
      '0.5',
      '--json',
    );
    expect(r.code, r.err).toBe(0);
    expect(r.out).not.toContain('NaN');
    const json = JSON.parse(r.out) as {
      notes: string[];
      results: { metrics: { inferences: number; energyPerInferenceMJ: number | null } }[];
    };
    expect(json.results[0]!.metrics.inferences).toBe(0);
    expect(json.notes).toContain(
      'inference failed: the agent answered POST /v1/infer with no latencyMs (a number of ms, 0 or more): is it a twinrtm agent of this version?',
    );
  });
});

describe('hil run refused before the board is touched', () => {
  it('refuses a tree with no online cpu in one line, leaving no trace and no state file', async () => {
    const tree = makeRoot();
    const trace = join(tree, 'run.jsonl');
    const r = await run(
      ...localHilRun(tree),
      '--workload-cmd',
      `${process.execPath} ${echo}`,
      '--duration',
      '0.3',
      '--state-file',
      join(tree, 'state.json'),
      '--trace',
      trace,
    );
    expectOneLineRefusal(r, 'has no online cpu');
    expect(existsSync(trace)).toBe(false);
    expect(existsSync(join(tree, 'state.json'))).toBe(false);
  });

  it('leaves no empty trace when the run is refused before its first event (a workload that cannot start)', async () => {
    const tree = containerTree();
    const trace = join(tree, 'run.jsonl');
    const r = await run(
      ...localHilRun(tree),
      '--workload-cmd',
      `${process.execPath} -e process.exit(1)`,
      '--duration',
      '0.3',
      '--state-file',
      join(tree, 'state.json'),
      '--trace',
      trace,
    );
    expect(r.code).not.toBe(0);
    expect(existsSync(trace)).toBe(false);
  });
});
