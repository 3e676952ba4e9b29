import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ANYTIME_THRESHOLDS, cascadeCost, predictAnytime } from '../../models/anytime.js';
import { CandidateSpace } from '../../policies/candidates.js';
import { createEnergyAware } from '../../policies/energyAware.js';
import { createRtm } from '../../policies/rtm.js';
import { accuracyOf } from '../../dnn/accuracyOf.js';
import type { Budgets } from '../../policies/types.js';
import { alexnet, configOf, contextFor, observation, START, xu3 } from './harness.js';

const space = new CandidateSpace(xu3, alexnet, { anytime: true });
const all = space.predicted(null, {});
const anytime = all.filter((p) => p.config.confidenceThreshold !== undefined);

describe('anytime candidates', () => {
  it('weighs each of the 128 mappings at every group limit 2..4 and threshold, beside the 512 fixed configurations', () => {
    expect(all.length - anytime.length).toBe(512);
    expect(anytime).toHaveLength(128 * 3 * ANYTIME_THRESHOLDS.length);
    expect(new CandidateSpace(xu3, alexnet).predicted(null, {})).toHaveLength(512);
  });

  it('predict()s each one as predictAnytime does: mean and tail time, energy, top-1', () => {
    fc.assert(
      fc.property(fc.constantFrom(...anytime), (p) => {
        const want = predictAnytime(xu3, alexnet, p.config, p.config.confidenceThreshold!);
        expect(p.timeMs).toBeCloseTo(want.timeMs, 9);
        expect(p.energyMJ).toBeCloseTo(want.energyMJ, 9);
        expect(p.p95TimeMs).toBeCloseTo(want.p95TimeMs, 9);
        expect(p.maxTimeMs).toBeCloseTo(want.maxTimeMs, 9);
        expect(p.accuracy).toBe(want.accuracy);
        // The slowest image runs the cascade to the limit or short of it, never faster than the mean.
        expect(p.maxTimeMs!).toBeGreaterThanOrEqual(p.timeMs);
      }),
      { numRuns: 30 },
    );
  });

  it("gives a finished anytime inference the cascade's time to the g it stopped at", () => {
    const config = { ...configOf(4, 'a15', 4, 1400), confidenceThreshold: 0.9 };
    for (const g of [1, 2, 3, 4]) {
      const run = space.predictedRun(all, {
        groups: g,
        unit: 'a15',
        cores: 4,
        freqMHz: 1400,
        confidenceThreshold: 0.9,
      })!;
      const want = cascadeCost(xu3, alexnet, config, g);
      expect(run.timeMs).toBeCloseTo(want.timeMs, 9);
      expect(run.avgPowerW).toBeCloseTo(want.energyMJ / want.timeMs, 9);
    }
  });
});

function choice(policy: ReturnType<typeof createRtm>, budgets: Budgets) {
  policy.reset!(contextFor());
  return policy.decide(observation({ config: START, budgets })) ?? START;
}

const find = (c: ReturnType<typeof choice>) =>
  all.find(
    (p) =>
      p.config.confidenceThreshold === c.confidenceThreshold &&
      p.config.groups === c.groups &&
      p.config.unit === c.unit &&
      p.config.cores === c.cores &&
      p.config.freqMHz[c.unit] === c.freqMHz[c.unit],
  )!;

describe('rtm with anytime inference (anytime=1)', () => {
  it('runs anytime where an energy budget rules out all four fixed groups, answering better than the fixed groups that fit', () => {
    // Precondition from the model: under 15 mJ no 4-group fixed configuration fits.
    expect(
      all
        .filter((p) => p.config.confidenceThreshold === undefined && p.config.groups === 4)
        .every((p) => p.energyMJ > 15),
    ).toBe(true);
    const fixed = choice(createRtm(), { energyPerInferenceMJ: 15, latencyMs: 100 });
    const cascade = choice(createRtm({ anytime: 1 }), { energyPerInferenceMJ: 15, latencyMs: 100 });
    expect(cascade.confidenceThreshold).toBeDefined();
    expect(find(cascade).energyMJ).toBeLessThanOrEqual(15);
    expect(find(cascade).accuracy!).toBeGreaterThan(accuracyOf(alexnet, fixed.groups)!);
  });

  it('holds every deadline with the slowest image, not the mean: the chosen cascade to its last stop fits the budget less 10 %', () => {
    fc.assert(
      fc.property(fc.integer({ min: 4, max: 60 }), (latencyMs) => {
        const c = choice(createRtm({ anytime: 1 }), { latencyMs });
        const p = find(c);
        const feasible = all.some((q) => (q.maxTimeMs ?? q.timeMs) <= latencyMs * 0.9);
        if (feasible) expect(p.maxTimeMs ?? p.timeMs).toBeLessThanOrEqual(latencyMs * 0.9 + 1e-9);
      }),
      { numRuns: 25 },
    );
  });

  it('chooses no anytime configuration with anytime=0 (the default)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 4, max: 60 }), fc.double({ min: 5, max: 80, noNaN: true }), (latencyMs, energy) => {
        expect(choice(createRtm(), { latencyMs, energyPerInferenceMJ: energy }).confidenceThreshold).toBeUndefined();
      }),
      { numRuns: 25 },
    );
  });

  it('refuses anytime=0.5: a switch is 0 or 1', () => {
    expect(() => createRtm({ anytime: 0.5 })).toThrow(/anytime 0.5 is not a whole number in 0..1/);
  });
});

describe('energy-aware with anytime inference (anytime=1)', () => {
  it('keeps the group limit and answers at least as well as the fixed groups, for less energy', () => {
    const fixed = choice(createEnergyAware(), { latencyMs: 30 });
    const cascade = choice(createEnergyAware({ anytime: 1 }), { latencyMs: 30 });
    expect(cascade.groups).toBe(START.groups);
    expect(cascade.confidenceThreshold).toBeDefined();
    expect(find(cascade).accuracy!).toBeGreaterThanOrEqual(accuracyOf(alexnet, START.groups)!);
    expect(find(cascade).energyMJ).toBeLessThan(find(fixed).energyMJ);
    expect(find(cascade).maxTimeMs!).toBeLessThanOrEqual(27);
  });
});
