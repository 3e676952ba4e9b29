/**
 * The single-threaded inference engine: flat float32 buffers, the pruned groups' work never done.
 */
import { performance } from 'node:perf_hooks';
import type { Dnn } from '../types.js';
import { allocateActivations, readOutput, writeInput } from './activationBuffers.js';
import { checkRunInput } from './checkRunInput.js';
import { argmax } from './classifySplit.js';
import { engineOps } from './engineOps.js';
import { activeOutputs, executionPlan } from './executionPlan.js';
import { createKernelScratch } from './kernelScratch.js';
import { runLayerSlice } from './runLayerSlice.js';
import { softmax } from './softmax.js';
import type { EngineResult, RunOptions, Weights, WeightsSource } from './types.js';
import { checkThreshold } from '../confidence.js';

/** An engine bound to one set of weights. */
export interface Engine {
  /** The network it runs. */
  readonly dnn: Dnn;
  /** Where its weights came from. */
  readonly source: WeightsSource;
  /**
   * Runs one inference with g active groups.
   * @param input - the image, C x H x W values, channel-major
   * @param g - active groups, 1..G
   * @param options - per-layer timing
   * @throws InputError for a bad g or input length
   */
  run(input: ArrayLike<number>, g: number, options?: RunOptions): EngineResult;
  /**
   * Anytime (cascade) inference: runs group 1, then adds one group at a time without recomputing the
   * ones it has (each grouped layer computes only the new group's outputs; the first layer that is not
   * grouped, and every layer after it, is recomputed over the active groups), and stops at the first g
   * whose top-1 softmax probability reaches `threshold`, or at `maxGroups`. The logits at the g it
   * stops at are those of run(input, g).
   *
   * @param threshold - the top-1 probability that is sure enough (0: always g = 1; above 1: maxGroups)
   * @param maxGroups - the most groups it may run, 1..G (default G)
   * @returns the g it stopped at with its logits, the top-1 probability, and the operations of every step
   * @throws InputError for a bad input length, threshold or maxGroups
   */
  runAnytime(input: ArrayLike<number>, threshold: number, maxGroups?: number): AnytimeResult;
}

/** What an anytime inference answers. */
export interface AnytimeResult extends EngineResult {
  /** The softmax probability of the answer at the g it stopped at. */
  topProbability: number;
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
      const result: EngineResult = {
        groups: g,
        logits: readOutput(plan, g, buffers[plan.layers.length]!),
        ops: engineOps(plan, counts),
        source,
      };
      if (clock !== undefined) result.layerMs = layerMs;
      return result;
    },
    runAnytime(input, threshold, maxGroups = dnn.groups) {
      checkRunInput(dnn, input, maxGroups);
      checkThreshold(threshold, maxGroups);
      writeInput(plan, input, buffers[0]!);
      const counts = plan.layers.map(() => 0);
      for (let g = 1; ; g++) {
        // Outputs of groups before g are in the buffers from the steps before, for this input.
        let fromScratch = g === 1;
        plan.layers.forEach((layer, i) => {
          const to = activeOutputs(layer, g);
          const from = fromScratch || !layer.grouped ? 0 : activeOutputs(layer, g - 1);
          // A layer that is not grouped mixes every group: everything after it depends on g.
          if (!layer.grouped) fromScratch = true;
          counts[i]! += runLayerSlice(layer, g, data, buffers[i]!, buffers[i + 1]!, from, to, scratch);
        });
        const logits = readOutput(plan, g, buffers[plan.layers.length]!);
        const p = softmax(logits);
        const topProbability = p[argmax(logits)]!;
        if (topProbability >= threshold || g >= maxGroups)
          return { groups: g, logits, topProbability, ops: engineOps(plan, counts), source };
      }
    },
  };
}
