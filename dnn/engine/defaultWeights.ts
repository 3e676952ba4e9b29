/**
 * The engine's default weights: the trained ones committed under dnn/weights/ID/ (what `twinrtm train
 * --out dnn/weights/ID` writes: ID.weights.json and .bin, accuracy.json, PyTorch's predictions.json),
 * where a network has them; seeded random weights otherwise.
 */
import { join } from 'node:path';
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
 * The committed trained weights of a network, or seeded random weights when it has none.
 *
 * @param dnn - the network
 * @param seed - the random weights' seed, used only without trained weights
 * @param shared - back the weights with a SharedArrayBuffer (for the parallel engine)
 */
export function defaultWeights(dnn: Dnn, seed = 1, shared = false): Weights {
  const path = defaultWeightsPath(dnn.id);
  return path === undefined ? randomWeights(dnn, seed, { shared }) : loadWeights(path, dnn, { shared });
}
