import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { anytimeProfileOf, stopDistribution, stopOf } from '../../dnn/anytimeProfile.js';
import { networkById } from '../../dnn/builtinNetworks.js';
import { InputError } from '../../dnn/inputError.js';
import { cascadeCost, predictAnytime } from '../../models/anytime.js';
import { platformById } from '../../models/builtinPlatforms.js';
import { predict } from '../../models/predict.js';
import type { Configuration } from '../../models/types.js';

const xu3 = platformById('odroid-xu3');
const dnn = networkById('alexnet-cifar10-g4');
const config: Configuration = { groups: 4, unit: 'a15', cores: 4, freqMHz: { a7: 200, a15: 1400 } };
const profile = anytimeProfileOf(dnn)!;

describe('the anytime profile of the committed weights', () => {
  it("covers the whole test split for every g, from PyTorch's stored probabilities", () => {
    expect(profile).toMatchObject({
      network: dnn.id,
      images: 10000,
      groups: 4,
      source: 'Fashion-MNIST test (10000 images)',
    });
  });

  it("answers as fixed g = 1 with threshold 0 and as g = 4 above 1: the table's top-1s", () => {
    expect(stopDistribution(profile, 0, 4)).toMatchObject({ share: [1, 0, 0, 0], top1: 0.9213 });
    expect(stopDistribution(profile, 1.01, 4)).toMatchObject({ share: [0, 0, 0, 1], top1: 0.9269 });
    expect(stopDistribution(profile, 1.01, 2).top1).toBe(0.9262);
  });

  it('stops each image no later as the threshold falls', () => {
    fc.assert(
      fc.property(
        fc.nat({ max: 9999 }),
        fc.double({ min: 0, max: 1.2, noNaN: true }),
        fc.double({ min: 0, max: 1.2, noNaN: true }),
        (i, a, b) => {
          const [lo, hi] = a < b ? [a, b] : [b, a];
          expect(stopOf(profile, i, lo, 4)).toBeLessThanOrEqual(stopOf(profile, i, hi, 4));
        },
      ),
    );
  });

  it('has none for a network without committed weights', () => {
    expect(anytimeProfileOf(networkById('alexnet-cifar10-g4-cumulative'))).toBeNull();
  });
});

describe('cascadeCost', () => {
  it('is the fixed run for g = 1', () => {
    const p = predict(xu3, dnn, { ...config, groups: 1 });
    expect(cascadeCost(xu3, dnn, config, 1)).toEqual({ groups: 1, timeMs: p.timeMs, energyMJ: p.energyMJ });
  });

  it("adds, per earlier step, the classifier on that step's groups and one launch overhead per grouped layer", () => {
    const fixed = (g: number) => predict(xu3, dnn, { ...config, groups: g });
    const overheads = dnn.layers
      .slice(0, -1)
      .reduce((s, l) => s + xu3.units.find((u) => u.id === 'a15')!.perf[l.kind].overheadMs, 0);
    const classifier = (g: number) => fixed(g).layers.at(-1)!.timeMs;
    const got = cascadeCost(xu3, dnn, config, 3);
    expect(got.timeMs).toBeCloseTo(fixed(3).timeMs + classifier(1) + classifier(2) + 2 * overheads, 9);
    expect(got.energyMJ).toBeGreaterThan(fixed(3).energyMJ);
  });
});

describe('predictAnytime', () => {
  it('with threshold 0 is the g = 1 run; above 1 the full cascade, all of it', () => {
    const zero = predictAnytime(xu3, dnn, config, 0);
    expect(zero).toMatchObject({
      meanGroups: 1,
      accuracy: 0.9213,
      timeMs: predict(xu3, dnn, { ...config, groups: 1 }).timeMs,
    });
    const all = predictAnytime(xu3, dnn, config, 2);
    expect(all).toMatchObject({ meanGroups: 4, accuracy: 0.9269, timeMs: cascadeCost(xu3, dnn, config, 4).timeMs });
    expect(all.p95TimeMs).toBe(all.timeMs);
  });

  it('gives a mean between the cheapest and dearest stop, a p95 at a stop, and shares summing to 1', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 1, max: 4 }), (t, groups) => {
        const p = predictAnytime(xu3, dnn, { ...config, groups }, t);
        expect(p.stops.map((s) => s.groups)).toEqual(Array.from({ length: groups }, (_, i) => i + 1));
        expect(p.stops.reduce((s, x) => s + x.share, 0)).toBeCloseTo(1, 12);
        const times = p.stops.map((s) => s.timeMs);
        expect(p.timeMs).toBeGreaterThanOrEqual(Math.min(...times) - 1e-9);
        expect(p.timeMs).toBeLessThanOrEqual(Math.max(...times) + 1e-9);
        expect(times).toContain(p.p95TimeMs);
      }),
      { numRuns: 30 },
    );
  });

  it('takes no less time on average as the threshold rises', () => {
    const times = [0, 0.5, 0.9, 0.99, 0.999, 2].map((t) => predictAnytime(xu3, dnn, config, t).timeMs);
    for (let i = 1; i < times.length; i++) expect(times[i]).toBeGreaterThanOrEqual(times[i - 1]!);
  });

  it('refuses a network without measured images, and a bad threshold', () => {
    const cumulative = networkById('alexnet-cifar10-g4-cumulative');
    expect(() => predictAnytime(xu3, cumulative, config, 0.9)).toThrow(InputError);
    expect(() => predictAnytime(xu3, dnn, config, -0.5)).toThrow(/confidence threshold -0.5 must be a number >= 0/);
  });
});
