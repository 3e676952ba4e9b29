/**
 * The exact cost of a whole network with g of its G channel groups active, memoised because the
 * models ask for it on every prediction.
 */
import { InputError } from './inputError.js';
import { checkActiveGroups } from './checkActiveGroups.js';
import { elementBytes } from './elementBytes.js';
import { layerCost } from './layerCost.js';
import type { Dnn, LayerCost, NetworkCost, Precision } from './types.js';

// Keyed by the Dnn object itself so costs vanish with the network; indexed by g inside, since a
// Map lookup on a built string key would cost more than the rest of a prediction.
const memo = new WeakMap<Dnn, Record<Precision, (NetworkCost | undefined)[]>>();

/**
 * Per-layer costs and their totals for g active groups.
 *
 * In plain words: add up layerCost over the layers. activationBytes is the sum of every layer's output
 * (an engine that keeps all activations); peakActivationBytes is the largest input + output of one
 * layer (an engine that frees each tensor once the next layer has read it).
 *
 * The result is frozen and shared: a second call with the same network object, g and precision
 * returns the same object. A Dnn is treated as immutable (resolveNetwork returns frozen ones).
 *
 * @param dnn - a resolved network
 * @param g - active groups, 1..G
 * @param precision - element size of weights and activations; default float32
 * @returns a frozen NetworkCost
 * @throws InputError for g out of range or an unknown precision
 */
export function networkCost(dnn: Dnn, g: number, precision: Precision = 'float32'): NetworkCost {
  let byPrecision = memo.get(dnn);
  const hit = byPrecision?.[precision]?.[g];
  if (hit !== undefined) return hit;

  const cost = computeNetworkCost(dnn, g, precision);
  if (byPrecision === undefined) {
    byPrecision = { float32: [], int8: [] };
    memo.set(dnn, byPrecision);
  }
  byPrecision[precision][g] = cost;
  return cost;
}

function computeNetworkCost(dnn: Dnn, g: number, precision: Precision): NetworkCost {
  // Checked here too so a network without layers still refuses a bad g or precision.
  checkActiveGroups(dnn, g);
  elementBytes(precision);
  const layers: LayerCost[] = dnn.layers.map((_, index) => layerCost(dnn, index, g, precision));
  let macs = 0;
  let compares = 0;
  let paramBytes = 0;
  let activationBytes = 0;
  let peakActivationBytes = 0;
  for (const layer of layers) {
    macs += layer.macs;
    compares += layer.compares;
    paramBytes += layer.paramBytes;
    activationBytes += layer.outputBytes;
    peakActivationBytes = Math.max(peakActivationBytes, layer.inputBytes + layer.outputBytes);
  }
  // Counts are exact integers only up to 2^53: a network that needs more is refused, not rounded.
  for (const [what, n] of [
    ['MACs', macs],
    ['compares', compares],
    ['parameter bytes', paramBytes],
    ['activation bytes', activationBytes],
  ] as const) {
    if (!Number.isSafeInteger(n))
      throw new InputError(`${dnn.id} with g = ${g}: ${what} ${n} exceed 2^53, beyond what twinrtm counts exactly`);
  }
  return Object.freeze({
    groups: g,
    precision,
    layers: Object.freeze(layers) as LayerCost[],
    macs,
    compares,
    paramBytes,
    activationBytes,
    peakActivationBytes,
  });
}
