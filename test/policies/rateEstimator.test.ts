import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RateEstimator } from '../../policies/rateEstimator.js';

describe('RateEstimator', () => {
  it('gives Infinity before any period is added', () => {
    expect(new RateEstimator(10).intervalMs()).toBe(Infinity);
  });

  it('gives Infinity while no request has arrived in the window', () => {
    const r = new RateEstimator(10);
    for (let i = 0; i < 50; i++) r.add(0);
    expect(r.intervalMs()).toBe(Infinity);
  });

  it('gives the period length for one arrival in one period', () => {
    const r = new RateEstimator(10);
    r.add(1);
    expect(r.intervalMs()).toBe(10);
  });

  it('gives 30 ms for one arrival every third 10 ms period over a 990 ms window (33 arrivals in 99 periods)', () => {
    const r = new RateEstimator(10, 990);
    for (let i = 0; i < 300; i++) r.add(i % 3 === 0 ? 1 : 0);
    expect(r.intervalMs()).toBeCloseTo(30, 9);
  });

  it('counts the periods before the first arrival: 0, 0, 0, 1 gives 40 ms', () => {
    const r = new RateEstimator(10);
    [0, 0, 0, 1].forEach((n) => {
      r.add(n);
    });
    expect(r.intervalMs()).toBe(40);
  });

  it('forgets arrivals older than the window: 100 ms over 10 ms periods keeps 10 periods', () => {
    const r = new RateEstimator(10, 100);
    r.add(5);
    for (let i = 0; i < 9; i++) r.add(0);
    expect(r.intervalMs()).toBe(20);
    r.add(0);
    expect(r.intervalMs()).toBe(Infinity);
  });

  it('keeps at least one period when the window is shorter than a period', () => {
    const r = new RateEstimator(10, 1);
    r.add(4);
    expect(r.intervalMs()).toBe(2.5);
    r.add(1);
    expect(r.intervalMs()).toBe(10);
  });

  it('ignores NaN, infinite and negative counts', () => {
    const r = new RateEstimator(10);
    r.add(2);
    for (const bad of [NaN, Infinity, -1, -Infinity]) r.add(bad);
    expect(r.intervalMs()).toBe(5);
  });

  it('equals window length over arrivals in the window, for any sequence of counts', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 50 }),
        fc.integer({ min: 1, max: 500 }),
        fc.array(fc.oneof(fc.nat(5), fc.constantFrom(NaN, -1)), { maxLength: 200 }),
        (periodMs, windowMs, counts) => {
          const r = new RateEstimator(periodMs, windowMs);
          counts.forEach((n) => {
            r.add(n);
          });
          const keep = Math.max(1, Math.round(windowMs / periodMs));
          const window = counts.filter((n) => Number.isFinite(n) && n >= 0).slice(-keep);
          const sum = window.reduce((a, b) => a + b, 0);
          if (sum === 0) expect(r.intervalMs()).toBe(Infinity);
          else expect(r.intervalMs()).toBeCloseTo((window.length * periodMs) / sum, 9);
        },
      ),
    );
  });
});
