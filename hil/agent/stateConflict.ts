/**
 * A request that is well formed but does not fit the agent's state (an inference with no workload
 * started, a co-workload that is not running): answered as 409, where bad input is 400.
 */
export class StateConflict extends Error {
  override name = 'StateConflict';
}
