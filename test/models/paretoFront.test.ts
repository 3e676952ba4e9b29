import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { builtinPlatforms } from '../../models/builtinPlatforms.js';
import { predictSpace } from '../../models/configurationSpace.js';
import { dominates, paretoFront, type Objective } from '../../models/paretoFront.js';
import { confidenceMeasured } from '../../dnn/accuracyOf.js';
import { OBJECTIVE_NAMES, predictionObjectives } from '../../models/predictionObjectives.js';
import type { Prediction } from '../../models/types.js';
import { DNNS } from './arbitraries.js';

function vector(p: Prediction, objectives: readonly Objective<Prediction>[]): number[] {
  return objectives.map((o) => (o.direction === 'min' ? o.value(p) : -o.value(p)));
}

const spaces = builtinPlatforms().flatMap((platform) =>
  DNNS.map((dnn) => ({ platform, dnn, space: predictSpace(platform, dnn) })),
);

describe('paretoFront', () => {
  it('should keep exactly the non-dominated points of a small hand-made set', () => {
    const points = [
      [1, 5],
      [2, 2],
      [3, 3],
      [5, 1],
      [2, 2],
    ];
    const objectives: Objective<number[]>[] = [
      { name: 'x', direction: 'min', value: (p) => p[0]! },
      { name: 'y', direction: 'min', value: (p) => p[1]! },
    ];
    expect(paretoFront(points, objectives)).toEqual([
      [1, 5],
      [2, 2],
      [2, 2],
      [5, 1],
    ]);
  });

  it('the front is non-dominated and every configuration is dominated by or on it', () => {
    const subsets = fc.subarray([...OBJECTIVE_NAMES], { minLength: 1 });
    fc.assert(
      fc.property(fc.constantFrom(...spaces), subsets, ({ dnn, space }, drawn) => {
        // Confidence has no stand-in: it is an objective only where it is measured.
        const names = confidenceMeasured(dnn) ? drawn : drawn.filter((n) => n !== 'confidence');
        fc.pre(names.length > 0);
        const { objectives } = predictionObjectives(names, dnn);
        const front = paretoFront(space, objectives);
        const frontVectors = front.map((p) => vector(p, objectives));
        for (const a of frontVectors) for (const b of frontVectors) expect(dominates(a, b)).toBe(false);
        const onFront = new Set(front);
        for (const p of space) {
          if (onFront.has(p)) continue;
          const v = vector(p, objectives);
          expect(frontVectors.some((f) => dominates(f, v))).toBe(true);
        }
      }),
      { numRuns: 40 },
    );
  });

  it('should stand in the number of groups for unmeasured accuracy, and say so', () => {
    const { objectives, accuracyProxy } = predictionObjectives(['accuracy'], {
      ...DNNS[0]!,
      accuracy: { source: null, entries: [] },
    });
    expect(accuracyProxy).toBe('groups');
    const front = paretoFront(spaces[0]!.space, objectives);
    expect(new Set(front.map((p) => p.config.groups))).toEqual(new Set([4]));
  });

  it('should refuse an unknown or repeated objective', () => {
    expect(() => predictionObjectives(['time', 'speed'], DNNS[0]!)).toThrow(
      "unknown objective 'speed' (valid: time, energy, power, accuracy, confidence)",
    );
    expect(() =>
      predictionObjectives(['confidence'], { ...DNNS[0]!, accuracy: { source: null, entries: [] } }),
    ).toThrow("objective 'confidence': alexnet-cifar10-g4 has no measured confidence for every g");
    expect(() => predictionObjectives(['time', 'time'], DNNS[0]!)).toThrow("objective 'time' given twice");
  });
});
