/**
 * Where a running inference stands: a layer and the fraction of it done. Conditions are piecewise
 * constant, so the twin keeps the position where they last changed and the layer times since, and
 * works out any later position from them rather than stepping layer by layer.
 */

/** A position in a running inference. */
export interface Progress {
  /** The layer running, by index. */
  layer: number;
  /** The share of it done, 0..1. */
  fraction: number;
}

/** The position after running `elapsedMs` from `from` at these layer times (the end: last layer, fraction 1). */
export function progressAfter(from: Progress, layerTimesMs: readonly number[], elapsedMs: number): Progress {
  let { layer, fraction } = from;
  if (elapsedMs <= 0 || layerTimesMs.length === 0) return { layer, fraction };
  let left = elapsedMs;
  while (layer < layerTimesMs.length) {
    const rest = (1 - fraction) * layerTimesMs[layer]!;
    if (left < rest) return { layer, fraction: fraction + left / layerTimesMs[layer]! };
    left -= rest;
    layer++;
    fraction = 0;
  }
  return { layer: layerTimesMs.length - 1, fraction: 1 };
}

/** Time left from a position to the inference's end at these layer times, ms. */
export function remainingMs(from: Progress, layerTimesMs: readonly number[]): number {
  let ms = (1 - from.fraction) * layerTimesMs[from.layer]!;
  for (let l = from.layer + 1; l < layerTimesMs.length; l++) ms += layerTimesMs[l]!;
  return ms;
}
