/** Hardware in the loop: board adapters, the real-time runner, sweeps, trace comparison, the agent. */
export type * from './types.js';
export { createBoardAdapter, BOARD_PROFILES, parseBoardProfile } from './board/adapter.js';
export { createSysfsRoot } from './board/sysfsRoot.js';
export { runHil, type HilRunOptions, type ClosableBoard } from './runHil.js';
export { RealBoard, type RealBoardOptions } from './realBoard.js';
export { RemoteBoard } from './remoteBoard.js';
export { runSweep, sweepConfigurations, type SweepPlan } from './sweep.js';
export { compareTrace, type TraceComparison } from './compareTrace.js';
export { compareRuns, type RunAgreement } from './compareRuns.js';
export { startEmulator, type EmulatorOptions, type RunningEmulator } from './emulator/emulator.js';
export { readEmulatorMarker, type EmulatorMarker } from './emulator/emulatorMarker.js';
export { EMULATED_BOARDS, type EmulatedBoardId } from './emulator/boardLayout.js';
export type { SysfsBoardAdapter } from './board/sysfsBoardAdapter.js';
export type { FrequencyReadback } from './board/frequencyReadback.js';
export { startAgent } from './agent/startAgent.js';
export { WorkloadProcess } from './workload/workloadProcess.js';
export { parseWorkloadLine, type WorkloadRequest, type WorkloadReply } from './workload/protocol.js';
