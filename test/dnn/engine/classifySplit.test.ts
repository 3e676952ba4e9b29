/**
 * Scoring a split and comparing with a predictions file: argmax as torch takes it, counts that add up,
 * and every way a predictions file can disagree with the engine or the data named.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import type { TestSplit } from '../../../dnn/data/testSplit.js';
import { argmax, classifySplit } from '../../../dnn/engine/classifySplit.js';
import { comparePredictions, loadPredictions, type PredictionsFile } from '../../../dnn/engine/predictionsFile.js';
import { DataFileError } from '../../../dnn/schemaCheck.js';

const dir = mkdtempSync(join(tmpdir(), 'twinrtm-predictions-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A split of 1x1x1 images whose single pixel is the image's index. */
function split(labels: number[]): TestSplit {
  return {
    name: 'toy',
    directory: '.',
    origin: 'given',
    shape: [1, 1, 1],
    pixels: Uint8Array.from(labels.map((_, i) => i)),
    labels: Uint8Array.from(labels),
    total: labels.length,
  };
}

/** A fake engine: with g groups, image i (pixel i/255) is classified (i + g) mod 10. */
function fakeRun(input: Float32Array, g: number) {
  const i = Math.round(input[0]! * 255);
  const logits = new Float32Array(10);
  logits[(i + g) % 10] = 1;
  return { logits };
}

describe('argmax', () => {
  it('is the index of the largest value, the first on a tie', () => {
    expect(argmax([0, 3, 3, 1])).toBe(1);
    fc.assert(
      fc.property(fc.array(fc.float({ noNaN: true }), { minLength: 1, maxLength: 20 }), (values) => {
        const best = argmax(values);
        // Nothing is larger, and nothing equal comes before it.
        return values.every((v, i) => v < values[best]! || (v === values[best] && i >= best));
      }),
    );
  });
});

describe('classifySplit', () => {
  it('classifies every image for every g and counts the correct ones', async () => {
    const labels = [1, 2, 3, 0, 5, 6];
    const done: number[] = [];
    const result = await classifySplit(fakeRun, split(labels), [1, 2], (n) => done.push(n));
    expect(result.map((r) => [r.groups, [...r.predictions]])).toEqual([
      [1, [1, 2, 3, 4, 5, 6]],
      [2, [2, 3, 4, 5, 6, 7]],
    ]);
    expect(result.map((r) => [r.correct, r.top1])).toEqual([
      [5, 5 / 6],
      [0, 0],
    ]);
    expect(done).toEqual([1, 2, 3, 4, 5, 6]);
  });
});

describe('predictions files', () => {
  const labels = [1, 2, 3, 0];
  const file: PredictionsFile = {
    network: 'toy',
    dataset: 'toy',
    split: 'test (4 images)',
    images: 4,
    labels: '1230',
    weightsSha256: 'a'.repeat(64),
    entries: [
      { groups: 1, top1: 0.75, correct: 3, predictions: '1234' },
      { groups: 2, top1: 0, correct: 0, predictions: '2345' },
    ],
  };
  const write = (name: string, value: unknown) => {
    const path = join(dir, name);
    writeFileSync(path, JSON.stringify(value));
    return path;
  };

  it('agree with an engine that answers the same, image by image', async () => {
    const engine = await classifySplit(fakeRun, split(labels), [1, 2]);
    const agreement = comparePredictions(
      engine,
      split(labels).labels,
      loadPredictions(write('ok.json', file)),
      'ok.json',
    );
    expect(agreement.map((a) => [a.groups, a.engineTop1, a.referenceTop1, a.differing])).toEqual([
      [1, 0.75, 0.75, 0],
      [2, 0, 0, 0],
    ]);
  });

  it('name the images where the engine answers differently, even with equal top-1', async () => {
    // Same number right, different wrong answers: a top-1 comparison would pass, this does not.
    const other = { ...file, entries: [{ groups: 1, top1: 0.75, correct: 3, predictions: '1239' }] };
    const engine = await classifySplit(fakeRun, split(labels), [1]);
    const [a] = comparePredictions(
      engine,
      split(labels).labels,
      loadPredictions(write('other.json', other)),
      'other.json',
    );
    expect([a!.engineTop1, a!.referenceTop1, a!.differing, a!.firstDiffering]).toEqual([0.75, 0.75, 1, [3]]);
  });

  it('refuse other data, a missing g, too few images and inconsistent counts', async () => {
    const engine = await classifySplit(fakeRun, split(labels), [1, 3]);
    const ok = loadPredictions(write('ok2.json', file));
    expect(() => comparePredictions(engine, Uint8Array.from([1, 2, 3, 1]), ok, 'f')).toThrow(
      /f: labels: image 3 is labelled 0 there but 1 in the data read/,
    );
    expect(() => comparePredictions(engine, split(labels).labels, ok, 'f')).toThrow(
      /f: entries: has no entry for g = 3/,
    );
    expect(() => comparePredictions(engine, Uint8Array.from([1, 2, 3, 0, 0]), ok, 'f')).toThrow(
      /images: is 4, fewer than the 5 images to score/,
    );
    const bad: [string, unknown, RegExp][] = [
      ['short.json', { ...file, labels: '123' }, /labels: has 3 digits for 4 images/],
      [
        'count.json',
        { ...file, entries: [{ ...file.entries[0], correct: 2 }] },
        /entries\[0\]\.correct: is 2 but the predictions match 3 labels/,
      ],
      [
        'digits.json',
        { ...file, entries: [{ ...file.entries[0], predictions: '12' }] },
        /entries\[0\]\.predictions: has 2 digits for 4 images/,
      ],
      ['sha.json', { ...file, weightsSha256: 'xyz' }, /weightsSha256/],
      [
        'top1.json',
        { ...file, entries: [{ ...file.entries[0], top1: 0.5 }] },
        /entries\[0\]\.top1: is 0\.5 but 3 of 4 is 0\.75/,
      ],
      [
        'twice.json',
        { ...file, entries: [file.entries[0], file.entries[0]] },
        /entries\[1\]\.groups: duplicates entries\[0\] \(g = 1\)/,
      ],
    ];
    for (const [name, value, message] of bad) {
      expect(() => loadPredictions(write(name, value))).toThrow(DataFileError);
      expect(() => loadPredictions(write(name, value))).toThrow(message);
    }
    expect(() => loadPredictions(join(dir, 'none.json'))).toThrow(/none\.json: no such file/);
  });
});
