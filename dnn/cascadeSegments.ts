/**
 * The work of an anytime (cascade) inference that runs groups 1..g one at a time (the engines'
 * runAnytime), in order: the grouped layers do group g's work once each, as a fixed-g run does, but
 * are launched once per step, so each earlier step k only launches them; the first layer that is not
 * grouped and every layer after it (the classifier) run in full at every step, on the k groups active
 * then. The softmax and the comparison after each step (ten exponentials) are left out. Its MACs
 * (cascadeMacs) and the models' time and energy (models/anytime.ts) are both counted over this list.
 */
import type { Dnn } from './types.js';

/** One piece of a cascade's work: a layer run on `groups` groups, or only launched (`launchOnly`). */
export interface CascadeSegment {
  groups: number;
  layer: number;
  launchOnly: boolean;
}

/** A cascade's segments that stops at g, in the order they run: see the module's comment. */
export function cascadeSegments(dnn: Dnn, g: number): CascadeSegment[] {
  const tail = dnn.layers.findIndex((l) => !l.grouped);
  const segments: CascadeSegment[] = [];
  for (let k = 1; k < g; k++) {
    dnn.layers.forEach((_, layer) => {
      segments.push({ groups: k, layer, launchOnly: tail < 0 || layer < tail });
    });
  }
  dnn.layers.forEach((_, layer) => {
    segments.push({ groups: g, layer, launchOnly: false });
  });
  return segments;
}
