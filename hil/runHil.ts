/**
 * A scenario under a policy on a real board, in real time: the simulator's control loop with the
 * wall clock for its scheduler and a real board (local, or served by an agent) for the twin. Same
 * metrics and trace format as simulate.
 */
import type { SchedulerLike } from 'rxjs';
import type { Subscription } from 'rxjs';
import type { Dnn } from '../dnn/types.js';
import type { Platform, RuntimeName } from '../models/types.js';
import type { Policy } from '../policies/types.js';
import type { Scenario } from '../scenarios/types.js';
import type { Board, BoardEvents } from '../sim/board.js';
import { streams } from '../sim/random.js';
import { runLoop, type RunResult } from '../sim/runLoop.js';
import type { RunBoard, TraceSink } from '../sim/traceEvents.js';
import type { PowerSource } from './types.js';
import { wallClockLanes } from './wallClockLanes.js';

/** A real board the loop drives and then closes (stops its workloads). */
export type ClosableBoard = Board & {
  /** Stops the board's workloads and co-workloads; the loop calls it once the run ends or fails. */
  close(): Promise<void>;
};

/** A run on a real board: the scenario, the policy, the models, and how to build the board. */
export interface HilRunOptions {
  /** The scenario; its sensor noise is dropped (a board's sensors are already noisy). */
  scenario: Scenario;
  /** The policy; it gets no foresight on a board. */
  policy: Policy;
  /** The board's model: it checks decisions, and gives power where the board has no sensor. */
  platform: Platform;
  /** The network. */
  dnn: Dnn;
  /** Which board, for the trace's run event. */
  profile: string;
  /** Whether the board measures its power or the model gives it, for the trace's run event. */
  power: PowerSource;
  /** What runs the DNN, in words (the built-in engine, the emulator's workload, a command). */
  workload?: string;
  /**
   * The inference runtime the workload runs on, when known, for the trace's run event: hil compare
   * predicts with its time profile.
   */
  runtime?: RuntimeName;
  /**
   * Builds the board. `fail` stops the run with that error (the board is closed first), for a board
   * that cannot go on.
   */
  createBoard(
    events: BoardEvents,
    clock: SchedulerLike,
    note: (text: string) => void,
    fail: (err: Error) => void,
  ): ClosableBoard;
  /** Receives every trace event, as simulate's does. */
  trace?: TraceSink;
  /** Things the user should know (also written to the trace as note events). */
  note?(text: string): void;
}

const NO_NOISE = { powerRelative: 0, utilisation: 0, temperatureC: 0 } as const;

/**
 * Runs a scenario under a policy on a real board, in real time: the simulator's control loop on the
 * wall clock, with the board `createBoard` builds in place of the twin. The board is closed when the
 * run ends, fails or is stopped by its `fail` callback.
 *
 * @returns the same metrics as {@link twinrtm!simulate} (the scenario's duration in real time)
 * @throws the board's error when it cannot go on, or the loop's
 *
 * @example
 * See the example of the `twinrtm/hil` module: a built-in scenario under rtm on a board served by
 * `twinrtm agent`.
 */
export async function runHil(o: HilRunOptions): Promise<RunResult> {
  const lanes = wallClockLanes();
  const trace = o.trace;
  const note = (text: string) => {
    o.note?.(text);
    trace?.({ t: lanes.now(), kind: 'note', text });
  };
  let board: ClosableBoard | undefined;
  const started = Date.now();
  const runBoard: RunBoard = {
    kind: 'real',
    profile: o.profile,
    power: o.power,
    ...(o.workload !== undefined ? { workload: o.workload } : {}),
    ...(o.runtime !== undefined ? { runtime: o.runtime } : {}),
  };
  try {
    return await new Promise<RunResult>((resolve, reject) => {
      let failure: Error | null = null;
      let subscription: Subscription | undefined;
      const fail = (err: Error) => {
        if (failure) return;
        failure = err;
        note(err.message);
        subscription?.unsubscribe();
        reject(failure);
      };
      let result: RunResult | undefined;
      subscription = runLoop({
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
        board: runBoard,
        runStats: () => ({ events: 0, wallMs: Date.now() - started }),
        createBoard: (events, lane) => (board = o.createBoard(events, lane, note, fail)),
      }).subscribe({
        next: (r) => (result = r),
        error: (err: unknown) => reject(err),
        complete: () =>
          result ? resolve(result) : reject(new Error(`the run of ${o.scenario.id} ended without a result`)),
      });
      // A board that failed while it was being built.
      if (failure) subscription.unsubscribe();
    });
  } finally {
    await board?.close();
  }
}
