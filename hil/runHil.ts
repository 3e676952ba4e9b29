/**
 * A scenario under a policy on a real board, in real time: the simulator's control loop with the
 * wall clock for its scheduler and the real board for the twin. Same metrics and trace format as
 * simulate. Co-workloads run as real busy processes; the DNN as the workload process.
 */
import { lastValueFrom } from 'rxjs';
import type { Dnn } from '../dnn/types.js';
import type { Platform } from '../models/types.js';
import type { Policy } from '../policies/types.js';
import type { Scenario } from '../scenarios/types.js';
import { streams } from '../sim/random.js';
import { runLoop, type RunResult } from '../sim/runLoop.js';
import type { TraceSink } from '../sim/traceEvents.js';
import { RealBoard } from './realBoard.js';
import type { BoardAdapter } from './types.js';
import { wallClockLanes } from './wallClockLanes.js';
import type { WorkloadProcess } from './workload/workloadProcess.js';

export interface HilRunOptions {
  scenario: Scenario;
  policy: Policy;
  adapter: BoardAdapter;
  platform: Platform;
  dnn: Dnn;
  startWorkload(unit: string, cores: number, cpus: readonly number[]): WorkloadProcess;
  taskset: boolean;
  trace?: TraceSink;
  /** Things the user should know (also written to the trace as note events). */
  note?(text: string): void;
}

export async function runHil(o: HilRunOptions): Promise<RunResult> {
  const lanes = wallClockLanes();
  const trace = o.trace;
  const note = (text: string) => {
    o.note?.(text);
    trace?.({ t: lanes.now(), kind: 'note', text });
  };
  let board: RealBoard | undefined;
  const started = Date.now();
  try {
    return await lastValueFrom(
      runLoop({
        scenario: o.scenario,
        platform: o.platform,
        dnn: o.dnn,
        policy: o.policy,
        lanes,
        random: streams(o.scenario.seed),
        ...(trace ? { trace } : {}),
        foresight: false,
        wallNs: () => process.hrtime.bigint(),
        board: { kind: 'real', profile: o.adapter.profile, power: o.adapter.capabilities().power },
        runStats: () => ({ events: 0, wallMs: Date.now() - started }),
        createBoard: (events, lane) =>
          (board = new RealBoard({
            adapter: o.adapter,
            platform: o.platform,
            dnn: o.dnn,
            initialConfig: o.scenario.initialConfig,
            powerMode: o.scenario.powerMode ?? o.platform.defaultPowerMode,
            queueLimit: o.scenario.queueLimit,
            scheduler: lane,
            events,
            startWorkload: o.startWorkload,
            taskset: o.taskset,
            note,
          })),
      }),
    );
  } finally {
    await board?.close();
  }
}
