/**
 * The TypeScript engine's inference time per active-group count, on one thread and on worker threads,
 * with seeded random weights (the time does not depend on the values).
 */
import { networkById } from '../dnn/builtinNetworks.js';
import { createEngine } from '../dnn/engine/engine.js';
import { createParallelEngine } from '../dnn/engine/parallelEngine.js';
import { randomWeights } from '../dnn/engine/randomWeights.js';
import { networkCost } from '../dnn/networkCost.js';
import { median } from 'simple-statistics';

/** One timing: an active-group count on a thread count. */
export interface EngineTiming {
  /** Active groups. */
  groups: number;
  /** Threads (1: the single-threaded engine; more: worker threads). */
  threads: number;
  /** Median inference time, ms. */
  medianMs: number;
  /** Multiply-accumulates per second at the median, billions. */
  gMacsPerS: number;
  /** Timed runs. */
  runs: number;
}

/** Times the engine at every group count on each thread count, after `warmup` untimed runs. */
export async function timeEngine(threadCounts: readonly number[], runs = 15, warmup = 3): Promise<EngineTiming[]> {
  const dnn = networkById('alexnet-cifar10-g4');
  const weights = randomWeights(dnn, 1);
  const input = new Float32Array(dnn.input[0] * dnn.input[1] * dnn.input[2]).map((_, i) => Math.sin(i));
  const out: EngineTiming[] = [];
  for (const threads of threadCounts) {
    const single = threads === 1 ? createEngine(weights) : null;
    const parallel = threads > 1 ? await createParallelEngine(weights, threads) : null;
    for (let g = 1; g <= dnn.groups; g++) {
      const times: number[] = [];
      for (let i = 0; i < warmup + runs; i++) {
        const start = process.hrtime.bigint();
        if (single) single.run(input, g);
        else await parallel!.runAsync(input, g);
        const ms = Number(process.hrtime.bigint() - start) / 1e6;
        if (i >= warmup) times.push(ms);
      }
      const m = median(times);
      out.push({ groups: g, threads, medianMs: m, gMacsPerS: networkCost(dnn, g).macs / (m / 1000) / 1e9, runs });
    }
    await parallel?.close();
  }
  return out;
}
