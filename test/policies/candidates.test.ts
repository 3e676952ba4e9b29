import { describe, expect, it } from 'vitest';
import { CandidateSpace, contentionFromFreeCores } from '../../policies/candidates.js';
import { alexnet, xu3 } from './harness.js';

describe('contentionFromFreeCores', () => {
  it('holds the cores that are not free: 2 of 4 A15 cores free is 2 busy', () => {
    expect(contentionFromFreeCores(xu3, { a7: 4, a15: 2 })).toEqual({ busyCores: { a7: 0, a15: 2 } });
  });

  it('counts a unit missing from the free cores, or free NaN, as not held', () => {
    expect(contentionFromFreeCores(xu3, { a15: NaN })).toEqual({ busyCores: { a7: 0, a15: 0 } });
  });

  it('clamps to the unit: negative free cores hold all of them, more than it has hold none', () => {
    expect(contentionFromFreeCores(xu3, { a7: -3, a15: 9 })).toEqual({ busyCores: { a7: 4, a15: 0 } });
  });

  it('rounds fractional free cores down: 2.5 free is 2 busy', () => {
    expect(contentionFromFreeCores(xu3, { a7: 2.5, a15: 4 })).toEqual({ busyCores: { a7: 2, a15: 0 } });
  });
});

describe('CandidateSpace', () => {
  const space = new CandidateSpace(xu3, alexnet);

  it('predicts the 512 configurations of the XU3 for the 4-group AlexNet', () => {
    expect(space.predicted(null, {})).toHaveLength(512);
  });

  it('returns the same array for the same contention (cached)', () => {
    expect(space.predicted(null, { busyCores: { a15: 2 } })).toBe(space.predicted(null, { busyCores: { a15: 2 } }));
  });

  it('finds a configuration by groups, unit, cores and frequency', () => {
    const all = space.predicted(null, {});
    expect(space.find(all, 3, 'a7', 2, 1000)?.config).toEqual({
      groups: 3,
      unit: 'a7',
      cores: 2,
      freqMHz: { a7: 1000, a15: 200 },
    });
  });

  it('finds nothing for a frequency the unit does not have', () => {
    expect(space.find(space.predicted(null, {}), 3, 'a7', 2, 1050)).toBeUndefined();
  });

  it('ranks by groups while the accuracy is unmeasured', () => {
    const unmeasured = new CandidateSpace(xu3, { ...alexnet, accuracy: { source: null, entries: [] } });
    const all = unmeasured.predicted(null, {});
    expect(unmeasured.accuracyMeasured).toBe(false);
    expect(unmeasured.merit(unmeasured.find(all, 3, 'a7', 2, 1000)!)).toBe(3);
  });
});
