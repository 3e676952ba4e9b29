/**
 * A scenario under a policy on a real board, in real time: the simulator's control loop with the
 * wall clock for its scheduler and a real board (local, or served by an agent) for the twin. Same
 * metrics and trace format as simulate.
 */
import type { SchedulerLike } from 'rxjs';
import { lastValueFrom } from 'rxjs';
import type { Dnn } from '../dnn/types.js';
import type { Platform } from '../models/types.js';
import type { Policy } from '../policies/types.js';
import type { Scenario } from '../scenarios/types.js';
import type { Board, BoardEvents } from '../sim/board.js';
import { streams } from '../sim/random.js';
import { runLoop, type RunResult } from '../sim/runLoop.js';
import type { TraceSink } from '../sim/traceEvents.js';
import type { PowerSource } from './types.js';
import { wallClockLanes } from './wallClockLanes.js';

/** A real board the loop drives and then closes (stops its workloads). */
export type ClosableBoard = Board & { close(): Promise<void> };

export interface HilRunOptions {
  scenario: Scenario;
  policy: Policy;
  platform: Platform;
  dnn: Dnn;
  /** Which board, for the trace's run event. */
  profile: string;
  power: PowerSource;
  /** What runs the DNN, in words (the built-in engine, the emulator's workload, a command). */
  workload?: string;
  createBoard(events: BoardEvents, clock: SchedulerLike, note: (text: string) => void): ClosableBoard;
  trace?: TraceSink;
  /** Things the user should know (also written to the trace as note events). */
  note?(text: string): void;
}

const NO_NOISE = { powerRelative: 0, utilisation: 0, temperatureC: 0 } as const;

export async function runHil(o: HilRunOptions): Promise<RunResult> {
  const lanes = wallClockLanes();
  const trace = o.trace;
  const note = (text: string) => {
    o.note?.(text);
    trace?.({ t: lanes.now(), kind: 'note', text });
  };
  let board: ClosableBoard | undefined;
  const started = Date.now();
  try {
    return await lastValueFrom(
      runLoop({
        // The scenario's sensor noise models a board's sensors for the twin; a board's readings are
        // already its sensors', so they reach the policy as read.
        scenario: { ...o.scenario, sensor: { ...o.scenario.sensor, noise: NO_NOISE } },
        platform: o.platform,
        dnn: o.dnn,
        policy: o.policy,
        lanes,
        random: streams(o.scenario.seed),
        ...(trace ? { trace } : {}),
        foresight: false,
        wallNs: () => process.hrtime.bigint(),
        board: { kind: 'real', profile: o.profile, power: o.power, ...(o.workload !== undefined ? { workload: o.workload } : {}) },
        runStats: () => ({ events: 0, wallMs: Date.now() - started }),
        createBoard: (events, lane) => (board = o.createBoard(events, lane, note)),
      }),
    );
  } finally {
    await board?.close();
  }
}
