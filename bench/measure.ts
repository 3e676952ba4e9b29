/**
 * A tiny benchmark harness: runs `work` in batches after a warm-up and reports the median time per
 * call, so one slow batch on a shared machine does not move the result.
 */
import { median } from 'simple-statistics';

/** Time per call over the timed batches. */
export interface Measurement {
  /** Median over the batches, us per call. */
  medianUs: number;
  /** Fastest batch, us per call. */
  minUs: number;
  /** Timed batches. */
  batches: number;
  /** Calls per batch. */
  callsPerBatch: number;
}

/** Times `work` (see the file's comment); its results are kept so the calls cannot be optimised away. */
export function measure(
  work: () => unknown,
  { batches = 31, callsPerBatch = 1000, warmupBatches = 5 } = {},
): Measurement {
  let sink: unknown;
  const perCallUs: number[] = [];
  for (let b = 0; b < warmupBatches + batches; b++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < callsPerBatch; i++) sink = work();
    const elapsedNs = Number(process.hrtime.bigint() - start);
    if (b >= warmupBatches) perCallUs.push(elapsedNs / 1e3 / callsPerBatch);
  }
  // Keep the result alive so the JIT cannot drop the work.
  if (sink === Symbol.for('never')) console.log(sink);
  return { medianUs: median(perCallUs), minUs: Math.min(...perCallUs), batches, callsPerBatch };
}
