/**
 * The slots of the shared Int32Array through which the parallel engine's main thread and workers
 * coordinate (all accessed with Atomics).
 */

/** Index of each slot in the control block. */
export const CONTROL = Object.freeze({
  /** Sequence number of the last inference submitted; workers wait on it. */
  job: 0,
  /** Active groups of the submitted inference. */
  groups: 1,
  /** 1 when worker 0 should time each layer. */
  timing: 2,
  /** Threads that reached the current barrier. */
  barrierCount: 3,
  /** Barriers passed so far; threads at a barrier wait on it. */
  barrierGeneration: 4,
  /** Sequence number of the last inference finished; the main thread waits on it. */
  done: 5,
  /** 1 once a worker has failed; the engine is then unusable. */
  failed: 6,
  /** 1 when the workers should leave their loop. */
  stop: 7,
});

/** Number of Int32 slots in the control block. */
export const CONTROL_LENGTH = 8;
