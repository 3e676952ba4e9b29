/**
 * One layer's share of work, whatever its kind: the single step the engine and every worker repeat.
 */
import { convSlice } from './convSlice.js';
import type { LayerPlan } from './executionPlan.js';
import { fcSlice } from './fcSlice.js';
import type { KernelScratch } from './kernelScratch.js';
import { poolSlice } from './poolSlice.js';

/**
 * Runs outputs [from, to) of a layer (channels for conv and pool, features for fc).
 *
 * @param layer - the layer's plan
 * @param g - active groups
 * @param w - the weights buffer
 * @param x - the layer's input buffer
 * @param y - the layer's output buffer
 * @param from - first output
 * @param to - one past the last output
 * @param scratch - the kernels' working memory (one per thread)
 * @returns operations executed: multiply-accumulates for conv and fc, comparisons for pool
 */
export function runLayerSlice(
  layer: LayerPlan,
  g: number,
  w: Float32Array,
  x: Float32Array,
  y: Float32Array,
  from: number,
  to: number,
  scratch: KernelScratch,
): number {
  switch (layer.kind) {
    case 'conv':
      return convSlice(layer, g, w, x, y, from, to, scratch);
    case 'fc':
      return fcSlice(layer, g, w, x, y, from, to);
    case 'pool':
      return poolSlice(layer, x, y, from, to);
  }
}
