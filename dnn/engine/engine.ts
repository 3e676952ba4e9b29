/**
 * The single-threaded inference engine: flat float32 buffers, the pruned groups' work never done.
 */
import { performance } from 'node:perf_hooks';
import type { Dnn } from '../types.js';
import { allocateActivations, readOutput, writeInput } from './activationBuffers.js';
import { checkRunInput } from './checkRunInput.js';
import { engineOps } from './engineOps.js';
import { activeOutputs, executionPlan } from './executionPlan.js';
import { createKernelScratch } from './kernelScratch.js';
import { runLayerSlice } from './runLayerSlice.js';
import type { EngineResult, RunOptions, Weights, WeightsSource } from './types.js';

/** An engine bound to one set of weights. */
export interface Engine {
  readonly dnn: Dnn;
  readonly source: WeightsSource;
  /**
   * Runs one inference with g active groups.
   * @param input - the image, C x H x W values, channel-major
   * @param g - active groups, 1..G
   * @param options - per-layer timing
   * @throws InputError for a bad g or input length
   */
  run(input: ArrayLike<number>, g: number, options?: RunOptions): EngineResult;
}

/**
 * Creates an engine that runs the network of `weights` on the calling thread.
 *
 * In plain words: every layer computes only its active groups' outputs, reading only the active
 * groups' inputs, so running g groups costs exactly the MACs networkCost(dnn, g) counts; the engine
 * counts the operations its loops execute and returns them with the outputs.
 *
 * The engine reads `weights.data` at every run, so changes to the weights show in the next run. One
 * engine runs one inference at a time; its buffers are reused.
 *
 * @param weights - the network and its parameters
 * @returns the engine
 */
export function createEngine(weights: Weights): Engine {
  const { dnn, source, data } = weights;
  const plan = executionPlan(dnn, weights.layout);
  const buffers = allocateActivations(plan, false);
  const scratch = createKernelScratch(plan);
  return {
    dnn,
    source,
    run(input, g, options = {}) {
      checkRunInput(dnn, input, g);
      // The only place the engine reads a clock, and only when asked to.
      const clock = options.timeLayers === true ? (options.clock ?? (() => performance.now())) : undefined;
      writeInput(plan, input, buffers[0]!);
      const counts = plan.layers.map(() => 0);
      const layerMs: number[] = [];
      plan.layers.forEach((layer, i) => {
        const start = clock?.();
        counts[i] = runLayerSlice(layer, g, data, buffers[i]!, buffers[i + 1]!, 0, activeOutputs(layer, g), scratch);
        if (clock !== undefined) layerMs.push(clock() - (start ?? 0));
      });
      const result: EngineResult = { groups: g, logits: readOutput(plan, g, buffers[plan.layers.length]!), ops: engineOps(plan, counts), source };
      if (clock !== undefined) result.layerMs = layerMs;
      return result;
    },
  };
}
