/**
 * The trained weights committed under dnn/weights/ID/ and what rests on them: the network file's
 * accuracy table is the training run's, PyTorch's predictions are for exactly these weights, and the
 * TypeScript engine answers as PyTorch does (logits within 1e-4, the same class for every image
 * scored here; `twinrtm accuracy` checks the whole test split). The images are loadTestSplit's default:
 * Debian's dataset-fashion-mnist where installed, else the committed fixture of its first 500.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinNetworks, networkById } from '../../../dnn/builtinNetworks.js';
import { loadTestSplit } from '../../../dnn/data/testSplit.js';
import { classifySplit } from '../../../dnn/engine/classifySplit.js';
import { chooseWeights, defaultWeightsPath } from '../../../dnn/engine/defaultWeights.js';
import { createEngine } from '../../../dnn/engine/engine.js';
import { comparePredictions, loadPredictions, sha256File } from '../../../dnn/engine/predictionsFile.js';
import { loadWeights } from '../../../dnn/engine/weightsFile.js';
import type { AccuracyTable } from '../../../dnn/types.js';

/** Images scored here; the whole split (10000) is `twinrtm accuracy`'s job (minutes, not seconds). */
const IMAGES = 100;
const trained = builtinNetworks().filter((dnn) => defaultWeightsPath(dnn.id) !== undefined);

function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

describe('committed trained weights', () => {
  it('exist for the default network, and a network has measured accuracy exactly when it has them', () => {
    expect(trained.map((dnn) => dnn.id)).toContain('alexnet-cifar10-g4');
    for (const dnn of builtinNetworks()) {
      expect(dnn.accuracy.source !== null, dnn.id).toBe(defaultWeightsPath(dnn.id) !== undefined);
    }
  });

  describe.each(trained.map((dnn) => [dnn.id]))('%s', (id) => {
    const dnn = networkById(id);
    const manifestPath = defaultWeightsPath(id)!;
    const folder = dirname(manifestPath);
    const weights = loadWeights(manifestPath, dnn);
    const predictions = loadPredictions(join(folder, 'predictions.json'));

    it('were trained, and the network file carries the run accuracy table verbatim', () => {
      expect(weights.source.kind).toBe('trained');
      const table = readJson<AccuracyTable>(join(folder, 'accuracy.json'));
      expect(dnn.accuracy).toEqual(table);
      expect(table.entries.map((e) => e.groups)).toEqual(Array.from({ length: dnn.groups }, (_, i) => i + 1));
      expect(table.source?.command).toMatch(new RegExp(`^twinrtm train .*--dnn ${id} --out dnn/weights/${id}$`));
      // The table's top-1s are PyTorch's predictions' (both exact counts over the same split).
      expect(predictions.entries.map((e) => [e.groups, e.top1])).toEqual(table.entries.map((e) => [e.groups, e.top1]));
      // Byte for byte (a deep equality over two million floats takes tens of seconds on a loaded machine).
      const chosen = chooseWeights(dnn).weights.data;
      expect(
        Buffer.compare(
          Buffer.from(chosen.buffer, chosen.byteOffset, chosen.byteLength),
          Buffer.from(weights.data.buffer, weights.data.byteOffset, weights.data.byteLength),
        ),
      ).toBe(0);
    });

    it("are the weights PyTorch's predictions were made with", () => {
      const manifest = readJson<{ bin: string }>(manifestPath);
      expect(sha256File(join(folder, manifest.bin))).toBe(predictions.weightsSha256);
      expect(predictions.network).toBe(id);
    });

    it('give logits within 1e-4 of PyTorch for every g on the check images', () => {
      const check = readJson<{ images: { input: number[]; logits: number[][] }[] }>(join(folder, 'check.json'));
      expect(check.images.length).toBeGreaterThan(0);
      const engine = createEngine(weights);
      let worst = 0;
      for (const image of check.images) {
        for (let g = 1; g <= dnn.groups; g++) {
          const { logits } = engine.run(Float32Array.from(image.input), g);
          expect(logits.length).toBe(image.logits[g - 1]!.length);
          logits.forEach((v, i) => {
            worst = Math.max(worst, Math.abs(v - image.logits[g - 1]![i]!));
          });
        }
      }
      expect(worst).toBeLessThan(1e-4);
    });

    it(`answer every one of the first ${IMAGES} test images as PyTorch does, for every g`, async () => {
      const split = loadTestSplit('fashion-mnist', undefined, dnn.input, IMAGES);
      expect(split.origin === 'installed' || split.origin === 'fixture', split.origin).toBe(true);
      expect(split.labels.length).toBe(IMAGES);
      const engine = createEngine(weights);
      const groups = Array.from({ length: dnn.groups }, (_, i) => i + 1);
      const scored = await classifySplit((input, g) => engine.run(input, g), split, groups);
      const agreement = comparePredictions(scored, split.labels, predictions, 'predictions.json');
      expect(agreement.map((a) => [a.groups, a.differing])).toEqual(groups.map((g) => [g, 0]));
      expect(agreement.map((a) => a.engineTop1)).toEqual(agreement.map((a) => a.referenceTop1));
    }, 600_000);
  });
});
