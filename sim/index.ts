/** The simulator: simulate(), the control loop, the heap scheduler, the board twin, traces. */
export { simulate, simulationSetup, type SimulateOptions, type SimulationSetup } from './simulate.js';
export { runLoop, type RunLoopOptions, type RunResult } from './runLoop.js';
export { HeapScheduler, PRIORITY, type Lanes, type Priority } from './heapScheduler.js';
export { TwinBoard, type TwinBoardOptions } from './twinBoard.js';
export type { Board, BoardEvents, SensorReading } from './board.js';
export type { Metrics } from './metrics.js';
export type { TraceEvent, TraceSink } from './traceEvents.js';
export { toChromeTrace, type ChromeTrace, type ChromeTraceEvent } from './chromeTrace.js';
export { createRandom, streams, type Random } from './random.js';
