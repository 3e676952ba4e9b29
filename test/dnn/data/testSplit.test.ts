/**
 * The engine's test-split readers, on small files the test writes: IDX (plain and gzipped), the
 * Fashion-MNIST padding the trainer uses, CIFAR-10 records, and one clear error per malformation.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { readIdx } from '../../../dnn/data/idxFile.js';
import { inputOf, loadTestSplit } from '../../../dnn/data/testSplit.js';
import { InputError } from '../../../dnn/inputError.js';
import { DataFileError } from '../../../dnn/schemaCheck.js';

const dir = mkdtempSync(join(tmpdir(), 'twinrtm-data-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const SHAPE: [number, number, number] = [3, 32, 32];

function idx(dims: number[], values: Uint8Array | number[], type = 0x08): Buffer {
  const header = Buffer.alloc(4 + 4 * dims.length);
  header[2] = type;
  header[3] = dims.length;
  dims.forEach((d, i) => {
    header.writeUInt32BE(d, 4 + 4 * i);
  });
  return Buffer.concat([header, Buffer.from(values)]);
}

let folders = 0;
/** A Fashion-MNIST folder holding t10k files for the given 28x28 images and labels. */
function fashionFolder(images: Uint8Array, labels: number[], gz: boolean): string {
  const folder = join(dir, `fashion-${folders++}`);
  mkdirSync(folder);
  const write = (name: string, data: Buffer) =>
    writeFileSync(join(folder, gz ? `${name}.gz` : name), gz ? gzipSync(data) : data);
  write('t10k-images-idx3-ubyte', idx([labels.length, 28, 28], images));
  write('t10k-labels-idx1-ubyte', idx([labels.length], labels));
  return folder;
}

describe('readIdx', () => {
  it('reads dimensions and values, plain or gzipped, and refuses every malformation by name', () => {
    const path = join(dir, 'a.idx');
    writeFileSync(path, idx([2, 3], [1, 2, 3, 4, 5, 6]));
    expect(readIdx(path, 2)).toEqual({ dims: [2, 3], data: new Uint8Array([1, 2, 3, 4, 5, 6]) });
    writeFileSync(`${path}.gz`, gzipSync(idx([2, 3], [1, 2, 3, 4, 5, 6])));
    expect(readIdx(`${path}.gz`, 2).data).toEqual(new Uint8Array([1, 2, 3, 4, 5, 6]));

    const cases: [Buffer, RegExp][] = [
      [Buffer.from([1, 0, 8, 1, 0, 0, 0, 1, 5]), /does not start with two zero bytes/],
      [idx([1], [5], 0x0d), /type 0xd, expected unsigned bytes/],
      [idx([6], [1, 2, 3, 4, 5, 6]).subarray(0, 9), /has 1 data bytes but its header \(6\) needs 6/],
      [idx([0], []), /holds no items/],
      [Buffer.concat([gzipSync(idx([1], [1])).subarray(0, 12)]), /damaged gzip/],
    ];
    cases.forEach(([bytes, message], i) => {
      const bad = join(dir, `bad-${i}.idx`);
      writeFileSync(bad, bytes);
      expect(() => readIdx(bad, 1)).toThrow(DataFileError);
      expect(() => readIdx(bad, 1)).toThrow(message);
    });
    expect(() => readIdx(path, 3)).toThrow(/has 2 dimensions, expected 3/);
    expect(() => readIdx(join(dir, 'missing.idx'), 1)).toThrow(/missing\.idx: no such file/);
  });
});

describe('loadTestSplit (Fashion-MNIST)', () => {
  it('pads every 28x28 image by 2 zero pixels and repeats it over 3 channels, for any image', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 2 * 784, maxLength: 2 * 784 }), fc.boolean(), (pixels, gz) => {
        const split = loadTestSplit('fashion-mnist', fashionFolder(pixels, [3, 9], gz), SHAPE);
        expect([split.name, split.total, [...split.labels]]).toEqual(['Fashion-MNIST', 2, [3, 9]]);
        for (let i = 0; i < 2; i++) {
          const input = inputOf(split, i);
          for (let c = 0; c < 3; c++) {
            for (let y = 0; y < 32; y++) {
              for (let x = 0; x < 32; x++) {
                const inside = y >= 2 && y < 30 && x >= 2 && x < 30;
                const want = inside ? pixels[i * 784 + (y - 2) * 28 + (x - 2)]! / 255 : 0;
                if (input[(c * 32 + y) * 32 + x] !== Math.fround(want)) return false;
              }
            }
          }
        }
        return true;
      }),
      { numRuns: 20 },
    );
  });

  it('keeps the first N images with a limit and says how many there were', () => {
    const split = loadTestSplit(
      'fashion-mnist',
      fashionFolder(new Uint8Array(3 * 784).fill(7), [1, 2, 3], false),
      SHAPE,
      2,
    );
    expect([...split.labels]).toEqual([1, 2]);
    expect(split.pixels.length).toBe(2 * 3 * 32 * 32);
    expect(split.total).toBe(3);
  });

  it('refuses a missing folder or file, a label outside 0..9 and a count mismatch, naming the file', () => {
    expect(() => loadTestSplit('fashion-mnist', join(dir, 'nowhere'), SHAPE)).toThrow(InputError);
    expect(() => loadTestSplit('fashion-mnist', join(dir, 'nowhere'), SHAPE)).toThrow(/nowhere: no such folder/);
    const empty = join(dir, 'empty');
    mkdirSync(empty);
    expect(() => loadTestSplit('fashion-mnist', empty, SHAPE)).toThrow(/t10k-images-idx3-ubyte\[\.gz\]: no such file/);
    expect(() => loadTestSplit('fashion-mnist', fashionFolder(new Uint8Array(784), [10], true), SHAPE)).toThrow(
      /label 10 at item 0 is not a class 0\.\.9/,
    );
    const folder = fashionFolder(new Uint8Array(784), [1], false);
    writeFileSync(join(folder, 't10k-labels-idx1-ubyte'), idx([2], [1, 2]));
    expect(() => loadTestSplit('fashion-mnist', folder, SHAPE)).toThrow(/has 2 labels but .* has 1 images/);
    const fine = fashionFolder(new Uint8Array(784), [1], false);
    expect(() => loadTestSplit('fashion-mnist', fine, [3, 16, 16])).toThrow(
      /images are 28x28, larger than the network input 16x16/,
    );
    expect(() => loadTestSplit('mnist', folder, SHAPE)).toThrow(
      /unknown dataset 'mnist' \(valid: fashion-mnist, cifar10\)/,
    );
  });
});

describe('loadTestSplit (CIFAR-10)', () => {
  const record = (label: number, fill: number) => Buffer.concat([Buffer.from([label]), Buffer.alloc(3072, fill)]);

  it('reads test_batch.bin from the folder or from cifar-10-batches-bin below it', () => {
    const parent = join(dir, 'cifar');
    mkdirSync(join(parent, 'cifar-10-batches-bin'), { recursive: true });
    const pixels = Buffer.from(Array.from({ length: 3072 }, (_, i) => i % 251));
    writeFileSync(
      join(parent, 'cifar-10-batches-bin', 'test_batch.bin'),
      Buffer.concat([record(4, 0), Buffer.from([7]), pixels]),
    );
    for (const folder of [parent, join(parent, 'cifar-10-batches-bin')]) {
      const split = loadTestSplit('cifar10', folder, SHAPE);
      expect([split.name, [...split.labels]]).toEqual(['CIFAR-10', [4, 7]]);
      expect(inputOf(split, 1)[3071]).toBe(Math.fround((3071 % 251) / 255));
      expect(inputOf(split, 0).every((v) => v === 0)).toBe(true);
    }
  });

  it('refuses no --data, a partial record and a bad label', () => {
    expect(() => loadTestSplit('cifar10', undefined, SHAPE)).toThrow(/cifar10 needs --data DIR/);
    const folder = join(dir, 'cifar-bad');
    mkdirSync(folder);
    expect(() => loadTestSplit('cifar10', folder, SHAPE)).toThrow(/test_batch\.bin: no such file/);
    writeFileSync(join(folder, 'test_batch.bin'), Buffer.concat([record(1, 0), Buffer.alloc(10)]));
    expect(() => loadTestSplit('cifar10', folder, SHAPE)).toThrow(
      /has 3083 bytes, not a whole number of 3073-byte CIFAR-10 records/,
    );
    writeFileSync(join(folder, 'test_batch.bin'), record(12, 0));
    expect(() => loadTestSplit('cifar10', folder, SHAPE)).toThrow(/label 12 at item 0/);
  });
});
