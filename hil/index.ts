/**
 * twinrtm/hil: hardware in the loop. The same scenarios and policies as the simulator, run in real
 * time on a board: a local one through its sysfs adapter ({@link createBoardAdapter},
 * {@link RealBoard}) or one served by `twinrtm agent` over HTTP ({@link startAgent},
 * {@link RemoteBoard}); {@link runHil} drives the control loop on the wall clock and gives the
 * simulator's metrics and trace. Also here: measurement sweeps for calibration ({@link runSweep}),
 * a measured trace compared with the twin's ({@link compareTrace}, {@link compareRuns}) and the
 * emulated boards the tests run on ({@link startEmulator}). Importing it loads Node's HTTP server
 * and child processes, which is why the root entry point leaves it out.
 *
 * @example
 * A built-in scenario under rtm on a board served by `twinrtm agent`:
 * ```ts
 * import { createBoardPolicy, networkById, platformById, scenarioById } from 'twinrtm';
 * import { RemoteBoard, runHil } from 'twinrtm/hil';
 *
 * const connection = await RemoteBoard.connect('http://127.0.0.1:7070', process.env['TWINRTM_AGENT_TOKEN'] ?? '');
 * const scenario = scenarioById('xu3-steady-30fps');
 * const platform = platformById(connection.capabilities.platform);
 * const dnn = networkById(scenario.dnn);
 * const result = await runHil({
 *   scenario, platform, dnn,
 *   policy: createBoardPolicy('rtm'),
 *   profile: connection.capabilities.profile,
 *   power: connection.capabilities.power,
 *   createBoard: (events, clock, note) =>
 *     new RemoteBoard({ connection, platform, dnn, events, note, scheduler: clock, initialConfig: scenario.initialConfig,
 *       powerMode: scenario.powerMode ?? platform.defaultPowerMode, queueLimit: scenario.queueLimit }),
 * });
 * console.log(result.metrics.deadlineMissRate);
 * ```
 *
 * @module twinrtm/hil
 */
export type * from './types.js';
export { createBoardAdapter, BOARD_PROFILES, parseBoardProfile } from './board/adapter.js';
export type { AdapterOptions } from './board/adapterOptions.js';
export { createSysfsRoot } from './board/sysfsRoot.js';
export { runHil, type HilRunOptions, type ClosableBoard } from './runHil.js';
export { BoardFailure } from './boardFailure.js';
export { RealBoard, type RealBoardOptions } from './realBoard.js';
export { RemoteBoard, type AgentConnection, type RemoteBoardOptions } from './remoteBoard.js';
export { runSweep, sweepConfigurations, type SweepIo, type SweepOptions, type SweepPlan } from './sweep.js';
export { compareTrace, type TraceComparison, type WindowComparison } from './compareTrace.js';
export { compareRuns, type RunAgreement } from './compareRuns.js';
export { startEmulator, type EmulatorOptions, type RunningEmulator } from './emulator/emulator.js';
export { readEmulatorMarker, type EmulatorMarker } from './emulator/emulatorMarker.js';
export { EMULATED_BOARDS, type EmulatedBoardId } from './emulator/boardLayout.js';
export type { SysfsBoardAdapter } from './board/sysfsBoardAdapter.js';
export type { FrequencyReadback, ReadbackStatus } from './board/frequencyReadback.js';
export type { Coworkloads } from './parts/coworkloads.js';
export { startAgent, type RunningAgent, type StartAgentOptions } from './agent/startAgent.js';
export type { AgentAppOptions } from './agent/agentApp.js';
export type { AgentSessionOptions, BusyLoadHandle, RestoreReason } from './agent/agentSession.js';
export type { AgentTimers } from './agent/watchdog.js';
export { WorkloadProcess, type WorkloadSpec } from './workload/workloadProcess.js';
export type { WorkloadPool } from './workload/workloadPool.js';
export { parseWorkloadLine, type ReadyLine, type WorkloadRequest, type WorkloadReply } from './workload/protocol.js';
