/**
 * A real board's executor: each inference goes to the warm workload process of its unit and core
 * count, and the DNN's time for it is the workload's own measure (the protocol's latencyMs), so the
 * pipe's round trip is not counted as the DNN's. A workload process that has died answers every
 * later inference with an error, so the executor says so once (`dead`): the run cannot go on.
 */
import type { Configuration } from '../../models/types.js';
import type { Executor, InferenceOutcome } from '../../sim/boardParts.js';
import type { WorkloadReply } from '../workload/protocol.js';
import type { WorkloadPool } from '../workload/workloadPool.js';

/** A real board's executor: the workload processes (see the file's comment). */
export class WorkloadExecutor implements Executor {
  private saidDead = false;

  /** @param dead called once when the workload process of an inference has died, with why */
  constructor(
    private readonly pool: WorkloadPool,
    private readonly dead?: (why: string) => void,
  ) {}

  run(config: Configuration, done: (outcome: InferenceOutcome) => void): void {
    const process = this.pool.processFor(config);
    process.request(
      config.groups,
      (reply) => {
        done(outcomeOf(reply, config));
        if ('error' in reply && process.failure !== null && !this.saidDead) {
          this.saidDead = true;
          this.dead?.(
            `the DNN's workload process for ${config.unit} on ${config.cores} core(s) stopped: ${process.failure}`,
          );
        }
      },
      false,
      config.confidenceThreshold,
    );
  }
}

/**
 * What a workload's reply says of an inference: its time, whether it answered its image right, the
 * answer's probability, and for anytime inference the g it stopped at (within the limit it was
 * given: a workload that ignored the threshold ran the limit).
 */
export function outcomeOf(reply: WorkloadReply, config: Configuration): InferenceOutcome {
  if ('error' in reply) return { error: reply.error };
  return {
    serviceMs: reply.latencyMs,
    ...(reply.class === undefined ? {} : { correct: reply.class === reply.label }),
    ...(reply.confidence === undefined ? {} : { confidence: reply.confidence }),
    ...(config.confidenceThreshold === undefined
      ? {}
      : { groups: Math.min(config.groups, reply.groupsRun ?? config.groups) }),
  };
}
