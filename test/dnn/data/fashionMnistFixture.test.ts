/**
 * The committed Fashion-MNIST fixture (dnn/data/fixtures/fashion-mnist/): its files are the ones its
 * README vouches for, hold 500 well-formed items, are the start of the test split PyTorch's committed
 * predictions were made on, ship with the package and carry their licence. Only the comparison with
 * the installed data set needs Debian's dataset-fashion-mnist, and runs only where it is.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import pkg from '../../../package.json' with { type: 'json' };
import {
  FASHION_MNIST_DIR,
  FASHION_MNIST_FIXTURE,
  fashionMnistFixtureDir,
} from '../../../dnn/data/fashionMnistFolder.js';
import { readIdx } from '../../../dnn/data/idxFile.js';
import { defaultWeightsPath } from '../../../dnn/engine/defaultWeights.js';
import { loadPredictions } from '../../../dnn/engine/predictionsFile.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const folder = join(ROOT, FASHION_MNIST_FIXTURE);
const IMAGES = join(folder, 't10k-images-idx3-ubyte.gz');
const LABELS = join(folder, 't10k-labels-idx1-ubyte.gz');
const readme = readFileSync(join(folder, 'README.md'), 'utf8');

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The SHA-256 the README's checksum table gives for `file` in `role` ('fixture', 'fixture, inflated'). */
function readmeSha256(file: string, role: string): string | undefined {
  const row = readme.split('\n').find((line) => line.startsWith(`| \`${file}\` | ${role} |`));
  return row?.match(/`([0-9a-f]{64})`/)?.[1];
}

describe('the committed Fashion-MNIST fixture', () => {
  it('is found from the module that reads it', () => {
    expect(fashionMnistFixtureDir()).toBe(join(ROOT, FASHION_MNIST_FIXTURE));
  });

  it('has the SHA-256 its README gives, gzipped and inflated', () => {
    for (const path of [IMAGES, LABELS]) {
      const name = path.slice(folder.length + 1);
      const gz = readFileSync(path);
      expect(readmeSha256(name, 'fixture'), name).toBe(sha256(gz));
      expect(readmeSha256(name, 'fixture, inflated'), name).toBe(sha256(gunzipSync(gz)));
    }
  });

  it('holds 500 images of 28x28 and 500 labels, each a class 0..9, with headers saying so', () => {
    const images = readIdx(IMAGES, 3);
    const labels = readIdx(LABELS, 1);
    expect(images.dims).toEqual([500, 28, 28]);
    expect(labels.dims).toEqual([500]);
    expect(labels.data.every((label) => label <= 9)).toBe(true);
    expect(new Set(labels.data).size).toBe(10);
  });

  it("is the start of the test split PyTorch's committed predictions were made on", () => {
    const predictions = loadPredictions(join(dirname(defaultWeightsPath('alexnet-cifar10-g4')!), 'predictions.json'));
    expect(predictions.images).toBe(10000);
    expect(Array.from(readIdx(LABELS, 1).data).join('')).toBe(predictions.labels.slice(0, 500));
  });

  it('ships in the package with its licence, source and how it was made', () => {
    expect(pkg.files).toContain(`${FASHION_MNIST_FIXTURE}/*`);
    const licence = readFileSync(join(folder, 'LICENSE'), 'utf8');
    expect(licence).toContain('The MIT License');
    expect(licence).toContain('Copyright (c) 2017 Zalando SE');
    for (const fact of [
      'zalandoresearch/fashion-mnist',
      'dataset-fashion-mnist',
      '0.0~git20200523.55506a9-1',
      'makeFashionMnistFixture.ts',
      'MIT',
    ]) {
      expect(readme).toContain(fact);
    }
    expect(existsSync(join(ROOT, 'dnn/data/fixtures/makeFashionMnistFixture.ts'))).toBe(true);
  });

  it.runIf(existsSync(FASHION_MNIST_DIR))('equals the first 500 images and labels of the installed data set', () => {
    for (const [path, ndim, itemBytes] of [
      [IMAGES, 3, 784],
      [LABELS, 1, 1],
    ] as const) {
      const installed = readIdx(join(FASHION_MNIST_DIR, path.slice(folder.length + 1)), ndim);
      expect(installed.dims[0]).toBe(10000);
      expect(
        Buffer.from(readIdx(path, ndim).data).equals(Buffer.from(installed.data.subarray(0, 500 * itemBytes))),
      ).toBe(true);
    }
  });
});
