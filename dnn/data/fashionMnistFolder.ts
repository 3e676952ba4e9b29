/**
 * Which Fashion-MNIST folder to read when none is given: Debian's dataset-fashion-mnist where it is
 * installed (all 10,000 test images), else the first 500 test images committed under
 * dnn/data/fixtures/fashion-mnist/, so a machine with Node alone can still score the engine against
 * PyTorch's committed predictions.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../inputError.js';
import { packageRootHolding } from '../packageFile.js';

/** Where Debian's dataset-fashion-mnist installs. */
export const FASHION_MNIST_DIR = '/usr/share/datasets/fashion-mnist';
/** The command that installs the whole data set. */
export const FASHION_MNIST_INSTALL = 'apt-get install dataset-fashion-mnist';
/** Images in Fashion-MNIST's whole test split (t10k). */
export const FASHION_MNIST_TEST_IMAGES = 10_000;
/** The committed fixture's folder, relative to the project root (shipped in the package's "files"). */
export const FASHION_MNIST_FIXTURE = join('dnn', 'data', 'fixtures', 'fashion-mnist');

/**
 * Where a test split's files came from: a folder the caller gave, the data set installed on this
 * machine, or the fixture committed with the code.
 */
export type SplitOrigin = 'given' | 'installed' | 'fixture';

/** A folder to read and why it was chosen. */
export interface ChosenFolder {
  directory: string;
  origin: SplitOrigin;
}

/**
 * The committed fixture's folder, found from this module's place (dnn/data/ in the sources,
 * dist/dnn/data/ when compiled), as the committed weights are.
 *
 * @returns its absolute path, or undefined when the fixture is not beside the code
 */
export function fashionMnistFixtureDir(): string | undefined {
  const marker = join(FASHION_MNIST_FIXTURE, 't10k-labels-idx1-ubyte.gz');
  const root = packageRootHolding(import.meta.url, marker);
  return root === undefined ? undefined : join(root, FASHION_MNIST_FIXTURE);
}

/**
 * The Fashion-MNIST folder to read.
 *
 * @param given - the caller's folder (`--data`); taken as it is, checked when read
 * @param installed - where the installed data set would be; a parameter so tests can point it at a
 *   missing folder instead of relying on the machine
 * @returns the given folder, else the installed one when it exists, else the committed fixture
 * @throws InputError when nothing was given, nothing is installed and the fixture is missing
 */
export function fashionMnistFolder(given: string | undefined, installed: string = FASHION_MNIST_DIR): ChosenFolder {
  if (given !== undefined) return { directory: given, origin: 'given' };
  if (isFolder(installed)) return { directory: installed, origin: 'installed' };
  const fixture = fashionMnistFixtureDir();
  if (fixture !== undefined) return { directory: fixture, origin: 'fixture' };
  throw new InputError(
    `${installed}: no such folder, and no committed fixture (${FASHION_MNIST_FIXTURE}) beside the code; install Fashion-MNIST (${FASHION_MNIST_INSTALL}) or give its folder`,
  );
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
