/**
 * A real board's executor: each inference goes to the warm workload process of its unit and core
 * count, and the DNN's time for it is the workload's own measure (the protocol's latencyMs), so the
 * pipe's round trip is not counted as the DNN's. A workload process that has died answers every
 * later inference with an error, so the executor says so once (`dead`): the run cannot go on.
 */
import type { Configuration } from '../../models/types.js';
import type { Executor, InferenceOutcome } from '../../sim/boardParts.js';
import type { WorkloadPool } from '../workload/workloadPool.js';

export class WorkloadExecutor implements Executor {
  private saidDead = false;

  /** @param dead called once when the workload process of an inference has died, with why */
  constructor(
    private readonly pool: WorkloadPool,
    private readonly dead?: (why: string) => void,
  ) {}

  run(config: Configuration, done: (outcome: InferenceOutcome) => void): void {
    const process = this.pool.processFor(config);
    process.request(config.groups, (reply) => {
      done('error' in reply ? { error: reply.error } : { serviceMs: reply.latencyMs, ...(reply.class === undefined ? {} : { correct: reply.class === reply.label }) });
      if ('error' in reply && process.failure !== null && !this.saidDead) {
        this.saidDead = true;
        this.dead?.(`the DNN's workload process for ${config.unit} on ${config.cores} core(s) stopped: ${process.failure}`);
      }
    });
  }
}
