/**
 * How a report names the test images it scored, saying when they are only the committed fixture: a
 * top-1 over its 500 images is not the data set's, and the reader should know how to get all of it.
 */
import { FASHION_MNIST_INSTALL, FASHION_MNIST_TEST_IMAGES } from './fashionMnistFolder.js';
import type { TestSplit } from './testSplit.js';

type Described = Pick<TestSplit, 'origin' | 'labels' | 'total'>;

/**
 * Where the images came from, for a report's header.
 *
 * @param split - a loaded split
 * @returns e.g. "the committed fixture, the first 500 of the 10000 test images; apt-get install
 *   dataset-fashion-mnist for all"
 */
export function originNote(split: Pick<TestSplit, 'origin' | 'total'>): string {
  switch (split.origin) {
    case 'given':
      return 'the folder given';
    case 'installed':
      return 'installed on this machine';
    case 'fixture':
      return `the committed fixture, the first ${split.total} of the ${FASHION_MNIST_TEST_IMAGES} test images; ${FASHION_MNIST_INSTALL} for all`;
  }
}

/**
 * The split as an accuracy table or report names it.
 *
 * @param split - a loaded split, maybe limited
 * @returns "test (10000 images)", "test (first 20 of 10000 images)", or for the fixture "test (first
 *   20 of 500 images: the committed fixture; apt-get install dataset-fashion-mnist for all 10000)"
 */
export function splitDescription(split: Described): string {
  const n = split.labels.length;
  if (split.origin === 'fixture') {
    const which = n < split.total ? `first ${n} of ${split.total}` : `first ${n}`;
    return `test (${which} images: the committed fixture; ${FASHION_MNIST_INSTALL} for all ${FASHION_MNIST_TEST_IMAGES})`;
  }
  return n < split.total ? `test (first ${n} of ${split.total} images)` : `test (${split.total} images)`;
}
