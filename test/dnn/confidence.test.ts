import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { networkById } from '../../dnn/builtinNetworks.js';
import {
  anytimeSummary,
  confidenceMetrics,
  expectedCalibrationError,
  stoppingGroups,
  type GroupScores,
} from '../../dnn/confidence.js';
import { labelsOf, loadPredictions, scoresOf } from '../../dnn/engine/predictionsFile.js';
import { softmax } from '../../dnn/engine/softmax.js';

const committed = loadPredictions(
  new URL('../../dnn/weights/alexnet-cifar10-g4/predictions.json', import.meta.url).pathname,
);

describe('confidence of the committed weights', () => {
  const metrics = confidenceMetrics(labelsOf(committed), scoresOf(committed));

  it('the network file carries the metrics recomputed from the stored per-image probabilities (to its 6 decimals)', () => {
    const entries = networkById('alexnet-cifar10-g4').accuracy.entries;
    expect(metrics.map((m) => m.groups)).toEqual(entries.map((e) => e.groups));
    metrics.forEach((m, i) => {
      const e = entries[i]!;
      expect(m.top1).toBe(e.top1);
      for (const field of ['confidence', 'correctConfidence', 'normalisedCorrectConfidence', 'ece'] as const) {
        expect(Math.abs(m[field] - e[field]!), field).toBeLessThanOrEqual(5e-7);
      }
    });
  });

  it('normalises the total confidence of the correct output to exactly 1 at g = G', () => {
    expect(metrics.at(-1)!.normalisedCorrectConfidence).toBe(1);
  });

  it("stores one probability per image and g, each in [0, 1], the answer's at least the true class's", () => {
    for (const s of scoresOf(committed)) {
      expect(s.topProbability.length).toBe(committed.images);
      const bad = Array.from({ length: committed.images }, (_, i) => i).filter(
        (i) => !(s.correctProbability[i]! <= s.topProbability[i]! && s.topProbability[i]! <= 1),
      );
      expect(bad).toEqual([]);
    }
  });
});

describe('expectedCalibrationError', () => {
  it('is |accuracy - confidence| per bin, weighted: 0.9, 0.9 (one right) and 0.3 (wrong) -> (2/3) x 0.4 + (1/3) x 0.3', () => {
    expect(expectedCalibrationError([0.9, 0.9, 0.3], [true, false, false])).toBeCloseTo(
      (2 / 3) * 0.4 + (1 / 3) * 0.3,
      12,
    );
  });

  it('puts a probability of exactly k/15 in bin k - 1 (the upper bound is in the bin)', () => {
    // 1/15 and 1/15 + 1e-9 fall in different bins: each bin then has accuracy 1 against its own mean.
    const together = expectedCalibrationError([1 / 15, 0.05], [true, false]);
    const apart = expectedCalibrationError([1 / 15 + 1e-9, 0.05], [true, false]);
    expect(together).toBeCloseTo(Math.abs(0.5 - (1 / 15 + 0.05) / 2), 12);
    expect(apart).toBeCloseTo(0.5 * (1 - (1 / 15 + 1e-9)) + 0.5 * 0.05, 9);
  });

  it('is 0 for no images, and always within [0, 1]', () => {
    expect(expectedCalibrationError([], [])).toBe(0);
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.boolean()), { maxLength: 60 }),
        (xs) => {
          const e = expectedCalibrationError(
            xs.map((x) => x[0]),
            xs.map((x) => x[1]),
          );
          expect(e).toBeGreaterThanOrEqual(0);
          expect(e).toBeLessThanOrEqual(1);
        },
      ),
    );
  });
});

/** Random answers of n images for g = 1..G from random logits. */
const answersArb = fc.integer({ min: 1, max: 4 }).chain((G) =>
  fc
    .array(
      fc.tuple(
        fc.integer({ min: 0, max: 4 }),
        fc.array(fc.array(fc.double({ min: -8, max: 8, noNaN: true }), { minLength: 5, maxLength: 5 }), {
          minLength: G,
          maxLength: G,
        }),
      ),
      {
        minLength: 1,
        maxLength: 30,
      },
    )
    .map((images) => {
      const labels = images.map(([label]) => label);
      const scores: GroupScores[] = Array.from({ length: G }, (_, k) => {
        const ps = images.map(([, logits]) => softmax(logits[k]!));
        const predicted = ps.map((p) => p.indexOf(Math.max(...p)));
        return {
          groups: k + 1,
          predicted,
          topProbability: ps.map((p, i) => p[predicted[i]!]!),
          correctProbability: ps.map((p, i) => p[labels[i]!]!),
        };
      });
      return { G, labels, scores };
    }),
);

describe('anytimeSummary', () => {
  it('with threshold 0 answers as g = 1; above 1 as g = G; the histogram counts every image once', () => {
    fc.assert(
      fc.property(answersArb, ({ G, labels, scores }) => {
        const fixed = confidenceMetrics(labels, scores);
        const zero = anytimeSummary(labels, scores, 0, G);
        expect(zero).toMatchObject({ top1: fixed[0]!.top1, meanGroups: 1 });
        const all = anytimeSummary(labels, scores, 1.5, G);
        expect(all).toMatchObject({ top1: fixed[G - 1]!.top1, meanGroups: G });
        const mid = anytimeSummary(labels, scores, 0.6, G);
        expect(mid.groupsHistogram.reduce((a, b) => a + b, 0)).toBe(labels.length);
        expect(mid.meanGroups).toBeCloseTo(
          mid.groupsHistogram.reduce((s, c, i) => s + c * (i + 1), 0) / labels.length,
          12,
        );
      }),
    );
  });

  it('runs no more groups on average as the threshold falls', () => {
    fc.assert(
      fc.property(
        answersArb,
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        ({ G, labels, scores }, a, b) => {
          const [lo, hi] = a < b ? [a, b] : [b, a];
          expect(anytimeSummary(labels, scores, lo, G).meanGroups).toBeLessThanOrEqual(
            anytimeSummary(labels, scores, hi, G).meanGroups,
          );
        },
      ),
    );
  });

  it('stops at the first g at or above the threshold, else at the limit', () => {
    const tops = [0.4, 0.7, 0.9];
    expect(stoppingGroups((g) => tops[g - 1]!, 0.7, 3)).toBe(2);
    expect(stoppingGroups((g) => tops[g - 1]!, 0.95, 3)).toBe(3);
    expect(stoppingGroups((g) => tops[g - 1]!, 0.95, 2)).toBe(2);
  });

  it('refuses a group limit with missing answers', () => {
    expect(() =>
      anytimeSummary([1], [{ groups: 1, predicted: [1], topProbability: [1], correctProbability: [1] }], 0.5, 2),
    ).toThrow(/needs the answers of g = 2/);
  });
});

describe('softmax', () => {
  it("sums to 1 and keeps the order of the logits, even for logits far beyond exp's range", () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e4, max: 1e4, noNaN: true }), { minLength: 1, maxLength: 12 }),
        (logits) => {
          const p = softmax(logits);
          expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
          for (let i = 0; i < logits.length; i++)
            for (let j = 0; j < logits.length; j++)
              if (logits[i]! > logits[j]!) expect(p[i]).toBeGreaterThanOrEqual(p[j]!);
        },
      ),
    );
  });
});
