/**
 * The engine's default weights: the trained ones committed under dnn/weights/ID/ (what `twinrtm train
 * --out dnn/weights/ID` writes: ID.weights.json and .bin, accuracy.json, PyTorch's predictions.json),
 * where a network has them; seeded random weights otherwise.
 */
import { join, resolve } from 'node:path';
import { packageRootHolding } from '../packageFile.js';
import type { Dnn } from '../types.js';
import { randomWeights } from './randomWeights.js';
import type { Weights } from './types.js';
import { loadWeights } from './weightsFile.js';

/** The folder of the committed weights, relative to the project root. */
export const WEIGHTS_FOLDER = join('dnn', 'weights');

/**
 * The manifest of a network's committed trained weights.
 *
 * @param dnnId - a built-in network's id
 * @returns the path of dnn/weights/ID/ID.weights.json, or undefined when that network has none
 */
export function defaultWeightsPath(dnnId: string): string | undefined {
  const relative = join(WEIGHTS_FOLDER, dnnId, `${dnnId}.weights.json`);
  const root = packageRootHolding(import.meta.url, relative);
  return root === undefined ? undefined : join(root, relative);
}

/**
 * The weights a `--weights` option names: a manifest file, `random` (seeded stand-ins), or, when not
 * given, the network's committed trained weights, random ones for a network without.
 *
 * @param dnn - the network
 * @param choice - the option's value: a manifest path, 'random' or undefined
 * @param options - the random weights' seed (default 1); shared backs the weights with a
 *   SharedArrayBuffer (for the parallel engine)
 * @returns the weights and the manifest they came from (null for random weights)
 */
export function chooseWeights(
  dnn: Dnn,
  choice?: string,
  options: { seed?: number; shared?: boolean } = {},
): { weights: Weights; path: string | null } {
  const shared = options.shared === true;
  const path = choice === undefined ? defaultWeightsPath(dnn.id) : choice === 'random' ? undefined : resolve(choice);
  if (path === undefined) return { weights: randomWeights(dnn, options.seed ?? 1, { shared }), path: null };
  return { weights: loadWeights(path, dnn, { shared }), path };
}
