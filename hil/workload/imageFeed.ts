/**
 * What a built-in workload feeds its DNN: real labelled test images, in a seeded order, when the
 * weights were trained on a data set the project carries (Fashion-MNIST: its first 500 test images,
 * the same on every machine, the committed fixture's), so a run measures the accuracy of what ran;
 * a fixed synthetic image otherwise (random weights: no label means anything).
 */
import { loadTestSplit, inputOf } from '../../dnn/data/testSplit.js';
import { mulberry32 } from '../../dnn/engine/mulberry32.js';
import type { Weights } from '../../dnn/engine/types.js';
import type { Dnn } from '../../dnn/types.js';

/** The images fed, the same on every machine: the fixture's count. */
export const FED_IMAGES = 500;

/** The images a workload feeds its DNN, one per inference (see the file's comment). */
export interface ImageFeed {
  /** The next image and its label (null: synthetic, no label). */
  next(): { input: Float32Array; label: number | null };
  /** For the ready line. */
  describe: Record<string, unknown>;
}

/** The feed for a network and its weights: the data set's test images in a seeded order, or the synthetic image. */
export function imageFeed(dnn: Dnn, source: Weights['source'], seed: number): ImageFeed {
  if (source.kind === 'trained' && source.dataset === 'Fashion-MNIST') {
    const split = loadTestSplit('fashion-mnist', undefined, dnn.input, FED_IMAGES);
    const n = split.labels.length;
    const order = seededOrder(n, seed);
    const inputs = order.map((i) => inputOf(split, i));
    let k = 0;
    return {
      next() {
        const i = k++ % n;
        return { input: inputs[i]!, label: split.labels[order[i]!]! };
      },
      describe: { dataset: split.name, images: n, order: `seeded (${seed})`, origin: split.origin },
    };
  }
  const [c, h, w] = dnn.input;
  const input = new Float32Array(c * h * w).map((_, i) => Math.sin(i * 12.9898) * 0.5);
  return {
    next: () => ({ input, label: null }),
    describe: { synthetic: 'one fixed image (random weights: no labels)' },
  };
}

/**
 * 0..n-1 in the order mulberry32(seed) shuffles them (Fisher-Yates): every image once per round. The
 * PyTorch runner (dnn/train/runner.py) computes the same order, number for number.
 */
export function seededOrder(n: number, seed: number): number[] {
  const random = mulberry32(seed);
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order;
}
