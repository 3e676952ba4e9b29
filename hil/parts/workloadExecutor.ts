/**
 * A real board's executor: each inference goes to the warm workload process of its unit and core
 * count, and the DNN's time for it is the workload's own measure (the protocol's latencyMs), so the
 * pipe's round trip is not counted as the DNN's.
 */
import type { Configuration } from '../../models/types.js';
import type { Executor, InferenceOutcome } from '../../sim/boardParts.js';
import type { WorkloadPool } from '../workload/workloadPool.js';

export class WorkloadExecutor implements Executor {
  constructor(private readonly pool: WorkloadPool) {}

  run(config: Configuration, done: (outcome: InferenceOutcome) => void): void {
    this.pool.processFor(config).request(config.groups, (reply) => done('error' in reply ? { error: reply.error } : { serviceMs: reply.latencyMs }));
  }
}
