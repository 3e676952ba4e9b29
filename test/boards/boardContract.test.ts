/**
 * One contract, every board: the twin (virtual time), a real board over an emulated Odroid-XU3 tree
 * (the wall clock, the emulated workload processes) and a remote board served by the agent over the
 * same kind of tree. Each is the board core with its own plug-ins, so each must queue, drop,
 * reconfigure and record alike:
 * - requests are served first come, first served; beyond the queue limit they are dropped;
 * - a record ends at its start plus the DNN's time, and its latency runs from arrival to end;
 * - a change of clocks only takes effect at once, even mid-inference;
 * - any other change waits for the inference in flight, which keeps the configuration it started with.
 * On the wall clock the inferences are made long (the A7 at 200 MHz: about a third of a second), so
 * "mid-inference" holds however loaded the machine is.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { networkById } from '../../dnn/builtinNetworks.js';
import { startAgent, type RunningAgent } from '../../hil/agent/startAgent.js';
import { createBoardAdapter } from '../../hil/board/adapter.js';
import { createSysfsRoot } from '../../hil/board/sysfsRoot.js';
import { EmulatedCoworkloads, EmulatedLoads } from '../../hil/emulator/emulatedCoworkloads.js';
import { startEmulator, type RunningEmulator } from '../../hil/emulator/emulator.js';
import { emulatedWorkloadCommand } from '../../hil/emulator/workloadCommand.js';
import { RealBoard } from '../../hil/realBoard.js';
import { RemoteBoard } from '../../hil/remoteBoard.js';
import { wallClockLanes } from '../../hil/wallClockLanes.js';
import { WorkloadPool } from '../../hil/workload/workloadPool.js';
import { WorkloadProcess } from '../../hil/workload/workloadProcess.js';
import { platformById } from '../../models/builtinPlatforms.js';
import type { Configuration } from '../../models/types.js';
import type { InferenceRecord } from '../../policies/types.js';
import type { Board, BoardEvents } from '../../sim/board.js';
import { HeapScheduler, PRIORITY } from '../../sim/heapScheduler.js';
import { TwinBoard } from '../../sim/twinBoard.js';

const platform = platformById('odroid-xu3');
const dnn = networkById('alexnet-cifar10-g4');
/** A slow configuration: about 0.3 s an inference, long enough to land changes inside one. */
const SLOW: Configuration = { groups: 4, unit: 'a7', cores: 1, freqMHz: { a7: 200, a15: 200 } };
const QUEUE_LIMIT = 1;

interface Log {
  inferences: InferenceRecord[];
  drops: number[];
  applies: { atMs: number; config: Configuration }[];
}

interface Rig {
  board: Board;
  log: Log;
  now(): number;
  /** Lets time pass: the twin's scheduler runs; on the wall clock, real milliseconds go by. */
  wait(ms: number): Promise<void>;
  /** Until the board has recorded n inferences (the twin: at once). */
  inferences(n: number): Promise<void>;
  close(): Promise<void>;
}

function logAndEvents(now: () => number): { log: Log; events: BoardEvents } {
  const log: Log = { inferences: [], drops: [], applies: [] };
  return {
    log,
    events: {
      onInference: (r) => void log.inferences.push(r),
      onDrop: (t) => void log.drops.push(t),
      onApply: (config) => void log.applies.push({ atMs: now(), config }),
      onThrottle: () => {},
    },
  };
}

async function until(what: string, check: () => boolean, limitMs = 60_000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > limitMs) throw new Error(`waited ${limitMs} ms for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function twinRig(): Rig {
  const scheduler = new HeapScheduler();
  const { log, events } = logAndEvents(() => scheduler.now());
  const board = new TwinBoard({
    platform,
    dnn,
    truth: { timeFactor: 1, powerFactor: 1 },
    ambientC: 25,
    initialConfig: SLOW,
    powerMode: null,
    queueLimit: QUEUE_LIMIT,
    migrationCostMs: 2,
    defaultTransitionLatencyUs: 100,
    scheduler: scheduler.lane(PRIORITY.dnn),
    events,
  });
  return {
    board,
    log,
    now: () => scheduler.now(),
    wait: async (ms) => scheduler.flush(scheduler.now() + ms),
    inferences: async (n) => {
      while (log.inferences.length < n && scheduler.eventCount < 1e6) scheduler.flush(scheduler.now() + 10);
    },
    close: async () => {},
  };
}

let root: string;
let emulator: RunningEmulator;
let agent: RunningAgent;
const TOKEN = 'contract-token';

/** A pool that outlives the boards it is given to: their close() leaves its processes; end() ends them. */
class KeptPool extends WorkloadPool {
  override async close(): Promise<void> {}
  end(): Promise<void> {
    return super.close();
  }
}

/**
 * One warm process, the one these tests run (a board run starts one per unit and core count),
 * started for the first real board and kept for the next: each test has a board of its own.
 */
let realWorkloads: KeptPool | undefined;

async function realRig(): Promise<Rig> {
  const lanes = wallClockLanes();
  lanes.start!();
  const { log, events } = logAndEvents(() => lanes.now());
  const adapter = createBoardAdapter('odroid-xu3', createSysfsRoot(root));
  realWorkloads ??= new KeptPool({
    startWorkload: (unit, cores) =>
      new WorkloadProcess({ command: emulatedWorkloadCommand(root, unit, cores, dnn.id) }),
    cpusOf: () => [],
  });
  const workloads = realWorkloads;
  workloads.processFor(SLOW);
  await workloads.warm();
  const board = new RealBoard({
    adapter,
    platform,
    dnn,
    initialConfig: SLOW,
    powerMode: null,
    queueLimit: QUEUE_LIMIT,
    scheduler: lanes.lane(0),
    events,
    workloads,
    coworkloads: new EmulatedCoworkloads(root),
    note: () => {},
  });
  return {
    board,
    log,
    now: lanes.now,
    wait: sleep,
    inferences: (n) => until(`${n} inferences`, () => log.inferences.length >= n),
    close: () => board.close(),
  };
}

async function remoteRig(): Promise<Rig> {
  const lanes = wallClockLanes();
  lanes.start!();
  const { log, events } = logAndEvents(() => lanes.now());
  const connection = await RemoteBoard.connect(agent.url, TOKEN);
  const board = new RemoteBoard({
    connection,
    platform,
    dnn,
    initialConfig: SLOW,
    powerMode: null,
    queueLimit: QUEUE_LIMIT,
    scheduler: lanes.lane(0),
    events,
    note: () => {},
  });
  // The agent starts the workload process on the first configuration; wait until it answers.
  board.request(null);
  await until('the first inference through the agent', () => log.inferences.length + log.drops.length >= 1);
  log.inferences.length = 0;
  log.drops.length = 0;
  log.applies.length = 0;
  return {
    board,
    log,
    now: lanes.now,
    wait: sleep,
    inferences: (n) => until(`${n} inferences`, () => log.inferences.length >= n),
    close: () => board.close(),
  };
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'twinrtm-contract-'));
  emulator = await startEmulator({ board: 'odroid-xu3', root });
  agent = await startAgent({
    adapter: createBoardAdapter('odroid-xu3', createSysfsRoot(root)),
    platform,
    dnn,
    startWorkload: (unit, cores) =>
      new WorkloadProcess({ command: emulatedWorkloadCommand(root, unit, cores, dnn.id) }),
    startBusyLoad: (unit, _cpus, cores, utilisation, busiestShare) =>
      new EmulatedLoads(root, (u) => platform.units.find((x) => x.id === u)!.cores).start(
        unit,
        cores,
        utilisation,
        busiestShare,
      ),
    token: TOKEN,
    watchdogMs: 60_000,
    port: 0,
  });
}, 60_000);

afterAll(async () => {
  await realWorkloads?.end();
  await agent.close();
  await emulator.stop();
  rmSync(root, { recursive: true, force: true });
});

describe.each([
  ['the twin', twinRig],
  ['a real board over an emulated tree', realRig],
  ['a remote board through the agent', remoteRig],
] as const)('%s keeps the board contract', (_name, makeRig) => {
  it('serves first come, first served, drops beyond the queue, and records end = start + DNN time', async () => {
    const rig = await makeRig();
    try {
      // Four requests at once: one served, one waiting (the limit), two dropped.
      for (let i = 0; i < 4; i++) rig.board.request(null);
      expect(rig.board.queueLength).toBe(1);
      await rig.inferences(2);
      expect(rig.log.drops).toHaveLength(2);
      const [a, b] = rig.log.inferences;
      expect(b!.startMs).toBeGreaterThanOrEqual(a!.endMs - 1e-9);
      for (const r of rig.log.inferences) {
        expect(r.endMs - r.startMs).toBeCloseTo(r.serviceMs, 9);
        expect(r.latencyMs).toBeCloseTo(r.endMs - r.arrivalMs, 9);
        expect(r.startMs).toBeGreaterThanOrEqual(r.arrivalMs);
        expect(r).toMatchObject({ groups: 4, unit: 'a7', cores: 1 });
        expect(r.energyMJ).toBeGreaterThan(0);
      }
    } finally {
      await rig.close();
    }
  }, 120_000);

  it('puts a change of clocks only in force at once, mid-inference', async () => {
    const rig = await makeRig();
    try {
      rig.board.request(null);
      await rig.wait(50);
      const faster: Configuration = { ...SLOW, freqMHz: { a7: 1400, a15: 200 } };
      rig.board.apply(faster);
      const appliedAt = rig.log.applies[0]?.atMs;
      expect(rig.log.applies.map((a) => a.config)).toEqual([faster]);
      await rig.inferences(1);
      // It was in force before the inference ended: the inference finished at the new clock.
      expect(appliedAt!).toBeLessThan(rig.log.inferences[0]!.endMs);
    } finally {
      await rig.close();
    }
  }, 120_000);

  it('holds any other change until the inference in flight ends, which keeps its configuration', async () => {
    const rig = await makeRig();
    try {
      rig.board.request(null);
      await rig.wait(50);
      const fewer: Configuration = { ...SLOW, groups: 1 };
      rig.board.apply(fewer);
      // Waiting: shown as the board's configuration, not yet applied.
      expect(rig.board.config).toEqual(fewer);
      expect(rig.log.applies).toEqual([]);
      await rig.inferences(1);
      await until('the apply', () => rig.log.applies.length > 0);
      expect(rig.log.inferences[0]!.groups).toBe(4);
      expect(rig.log.applies[0]!.config).toEqual(fewer);
      expect(rig.log.applies[0]!.atMs).toBeGreaterThanOrEqual(rig.log.inferences[0]!.endMs - 1e-9);
      // The next inference runs with it.
      rig.board.request(null);
      await rig.inferences(2);
      expect(rig.log.inferences[1]!.groups).toBe(1);
    } finally {
      await rig.close();
    }
  }, 120_000);
});
