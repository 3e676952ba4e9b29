/**
 * The test split of the data sets the trainer uses (dnn/train/data.py), read the same way, so the
 * engine can be scored on exactly the images PyTorch was: Fashion-MNIST's t10k IDX files (Debian's
 * dataset-fashion-mnist, or the first 500 committed with the code where it is not installed) padded
 * to 32x32 and repeated over three channels, or CIFAR-10's binary test_batch.bin. The network sees
 * pixel / 255, channel-major.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { InputError, unknownName } from '../inputError.js';
import { DataFileError } from '../schemaCheck.js';
import {
  FASHION_MNIST_DIR,
  FASHION_MNIST_INSTALL,
  FASHION_MNIST_TEST_IMAGES,
  fashionMnistFolder,
  type SplitOrigin,
} from './fashionMnistFolder.js';
import { readIdx } from './idxFile.js';

export { FASHION_MNIST_DIR, type SplitOrigin } from './fashionMnistFolder.js';

/** Data sets with a test split reader. */
export const DATASETS = ['fashion-mnist', 'cifar10'] as const;
/** One of {@link DATASETS}. */
export type DatasetId = (typeof DATASETS)[number];
const NAMES: Record<DatasetId, string> = { 'fashion-mnist': 'Fashion-MNIST', cifar10: 'CIFAR-10' };
const CLASSES = 10;
const CIFAR_SIDE = 32;
const CIFAR_RECORD = 1 + 3 * CIFAR_SIDE * CIFAR_SIDE;

/** Test images as the network's input shape [C, H, W], uint8, one after another, and their labels. */
export interface TestSplit {
  /** Display name: Fashion-MNIST or CIFAR-10. */
  name: string;
  /** The folder the files came from. */
  directory: string;
  /** Why that folder: given by the caller, the data set installed here, or the committed fixture. */
  origin: SplitOrigin;
  shape: [number, number, number];
  /** count x C x H x W bytes. */
  pixels: Uint8Array;
  labels: Uint8Array;
  /** Images in the whole split (labels.length may be fewer with a limit). */
  total: number;
}

/** Where to look for data when no folder is given. */
export interface TestSplitOptions {
  /** Where the installed Fashion-MNIST would be; default Debian's /usr/share/datasets/fashion-mnist. */
  installedFashionMnist?: string;
}

/**
 * Reads a test split for a network whose input is `shape`.
 *
 * A limit beyond a whole split keeps the whole split (`total` says how many there were); a limit
 * beyond the committed fixture is refused, since the missing images exist but are not installed.
 *
 * @param dataset - fashion-mnist or cifar10
 * @param directory - the data folder. For fashion-mnist, when not given: the installed data set
 *   (/usr/share/datasets/fashion-mnist) if there, else the committed fixture (the first 500 test
 *   images); for cifar10 required (the folder holding test_batch.bin, or its parent holding
 *   cifar-10-batches-bin)
 * @param shape - the network input [C, H, W]
 * @param limit - keep only the first `limit` images
 * @param options - where the installed data set would be (tests point it elsewhere)
 * @throws InputError for an unknown data set, a missing folder or a limit beyond the fixture;
 *   DataFileError naming a malformed file
 */
export function loadTestSplit(
  dataset: string,
  directory: string | undefined,
  shape: readonly [number, number, number],
  limit?: number,
  options: TestSplitOptions = {},
): TestSplit {
  if (!(DATASETS as readonly string[]).includes(dataset)) throw unknownName('dataset', dataset, DATASETS);
  const id = dataset as DatasetId;
  const chosen = id === 'fashion-mnist' ? fashionMnistFolder(directory, options.installedFashionMnist) : undefined;
  const read = chosen !== undefined ? fashionMnist(chosen.directory, shape) : cifar10(directory, shape);
  if (chosen?.origin === 'fixture' && limit !== undefined && limit > read.labels.length) {
    throw new InputError(
      `--limit ${limit} is more than the ${read.labels.length} test images of the committed Fashion-MNIST fixture (Fashion-MNIST is not installed: ${FASHION_MNIST_INSTALL} for all ${FASHION_MNIST_TEST_IMAGES}, or give its folder with --data)`,
    );
  }
  const count = limit === undefined ? read.labels.length : Math.min(limit, read.labels.length);
  const size = shape[0] * shape[1] * shape[2];
  return {
    name: NAMES[id],
    directory: read.directory,
    origin: chosen?.origin ?? 'given',
    shape: [shape[0], shape[1], shape[2]],
    pixels: read.pixels.subarray(0, count * size),
    labels: read.labels.subarray(0, count),
    total: read.labels.length,
  };
}

/** Image i of a split as the network's float32 input, pixel / 255. */
export function inputOf(split: TestSplit, i: number): Float32Array {
  const size = split.shape[0] * split.shape[1] * split.shape[2];
  const input = new Float32Array(size);
  for (let k = 0; k < size; k++) input[k] = split.pixels[i * size + k]! / 255;
  return input;
}

interface Read {
  directory: string;
  pixels: Uint8Array;
  labels: Uint8Array;
}

function fashionMnist(directory: string, shape: readonly [number, number, number]): Read {
  if (!isFolder(directory)) {
    const hint = directory === FASHION_MNIST_DIR ? ` (install it: ${FASHION_MNIST_INSTALL})` : '';
    throw new InputError(`${directory}: no such folder; Fashion-MNIST is read from its IDX files there${hint}`);
  }
  const imagesPath = findIdx(directory, 't10k-images-idx3-ubyte');
  const labelsPath = findIdx(directory, 't10k-labels-idx1-ubyte');
  const images = readIdx(imagesPath, 3);
  const labels = readIdx(labelsPath, 1).data;
  const [n, rows, cols] = images.dims as [number, number, number];
  if (labels.length !== n)
    throw new DataFileError(labelsPath, '', `has ${labels.length} labels but ${imagesPath} has ${n} images`);
  checkLabels(labels, labelsPath);
  const [c, h, w] = shape;
  if (rows > h || cols > w)
    throw new DataFileError(imagesPath, '', `images are ${rows}x${cols}, larger than the network input ${h}x${w}`);
  // Centred on a zero (background) canvas, the same grey plane in every channel: as data.py pads.
  const top = Math.floor((h - rows) / 2);
  const left = Math.floor((w - cols) / 2);
  const pixels = new Uint8Array(n * c * h * w);
  for (let i = 0; i < n; i++) {
    for (let ch = 0; ch < c; ch++) {
      for (let y = 0; y < rows; y++) {
        const from = (i * rows + y) * cols;
        pixels.set(images.data.subarray(from, from + cols), ((i * c + ch) * h + top + y) * w + left);
      }
    }
  }
  return { directory, pixels, labels };
}

function cifar10(directory: string | undefined, shape: readonly [number, number, number]): Read {
  if (directory === undefined) {
    throw new InputError('cifar10 needs --data DIR: the folder holding cifar-10-batches-bin (test_batch.bin)');
  }
  if (shape.join('x') !== '3x32x32')
    throw new InputError(`cifar10 images are 3x32x32 but the network input is ${shape.join('x')}`);
  if (!isFolder(directory))
    throw new InputError(`${directory}: no such folder (give the folder holding cifar-10-batches-bin)`);
  const nested = join(directory, 'cifar-10-batches-bin');
  const folder = !existsSync(join(directory, 'test_batch.bin')) && isFolder(nested) ? nested : directory;
  const path = join(folder, 'test_batch.bin');
  if (!existsSync(path))
    throw new DataFileError(
      path,
      '',
      `no such file (the CIFAR-10 binary version's test split, ${CIFAR_RECORD} bytes per image)`,
    );
  const data = readFileSync(path);
  if (data.length === 0 || data.length % CIFAR_RECORD !== 0) {
    throw new DataFileError(
      path,
      '',
      `has ${data.length} bytes, not a whole number of ${CIFAR_RECORD}-byte CIFAR-10 records (a label byte and 3x32x32 pixels)`,
    );
  }
  const n = data.length / CIFAR_RECORD;
  const size = CIFAR_RECORD - 1;
  const labels = new Uint8Array(n);
  const pixels = new Uint8Array(n * size);
  for (let i = 0; i < n; i++) {
    labels[i] = data[i * CIFAR_RECORD]!;
    pixels.set(data.subarray(i * CIFAR_RECORD + 1, (i + 1) * CIFAR_RECORD), i * size);
  }
  checkLabels(labels, path);
  return { directory: folder, pixels, labels };
}

function findIdx(directory: string, base: string): string {
  for (const name of [base, `${base}.gz`]) {
    const path = join(directory, name);
    if (existsSync(path)) return path;
  }
  throw new DataFileError(
    join(directory, `${base}[.gz]`),
    '',
    'no such file (a Fashion-MNIST folder holds the t10k IDX files, optionally gzipped)',
  );
}

function checkLabels(labels: Uint8Array, path: string): void {
  const bad = labels.findIndex((label) => label >= CLASSES);
  if (bad >= 0)
    throw new DataFileError(path, '', `label ${labels[bad]} at item ${bad} is not a class 0..${CLASSES - 1}`);
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
