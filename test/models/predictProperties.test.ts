import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compilePlatform } from '../../models/compilePlatform.js';
import { predict } from '../../models/predict.js';
import type { PredictOptions } from '../../models/types.js';
import { caseArb, loadedCaseArb } from './arbitraries.js';

const RUNS = 300;

function options(c: {
  powerMode: string | undefined;
  contention?: PredictOptions['contention'];
  temperatureC?: number | undefined;
}): PredictOptions {
  return {
    ...(c.powerMode !== undefined ? { powerMode: c.powerMode } : {}),
    ...(c.contention !== undefined ? { contention: c.contention } : {}),
    ...(c.temperatureC !== undefined ? { temperatureC: c.temperatureC } : {}),
  };
}

function relativeError(a: number, b: number): number {
  return Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b));
}

describe('predict properties over every platform and configuration', () => {
  it("time falls as the running unit's frequency rises", () => {
    fc.assert(
      fc.property(caseArb, fc.boolean(), (c, hot) => {
        const freqs = compilePlatform(c.platform).units.find((u) => u.unit.id === c.config.unit)!.freqs;
        const f = c.config.freqMHz[c.config.unit]!;
        const next = freqs[freqs.indexOf(f) + 1];
        const limit = c.powerMode
          ? c.platform.powerModes.find((m) => m.id === c.powerMode)!.limits[c.config.unit]?.maxFreqMHz
          : undefined;
        fc.pre(next !== undefined && (limit === undefined || next <= limit));
        // Above a thermal trip the kernel caps the clock, so a faster setting may only be as fast.
        const opts = { ...options(c), ...(hot ? { temperatureC: 90 } : {}) };
        const slow = predict(c.platform, c.dnn, c.config, opts).timeMs;
        const fast = predict(
          c.platform,
          c.dnn,
          { ...c.config, freqMHz: { ...c.config.freqMHz, [c.config.unit]: next! } },
          opts,
        ).timeMs;
        if (hot) expect(fast).toBeLessThanOrEqual(slow);
        else expect(fast).toBeLessThan(slow);
      }),
      { numRuns: RUNS },
    );
  });

  it('time falls as groups fall, under any contention and temperature', () => {
    fc.assert(
      fc.property(loadedCaseArb, (c) => {
        fc.pre(c.config.groups > 1);
        const more = predict(c.platform, c.dnn, c.config, options(c)).timeMs;
        const fewer = predict(c.platform, c.dnn, { ...c.config, groups: c.config.groups - 1 }, options(c)).timeMs;
        expect(fewer).toBeLessThan(more);
      }),
      { numRuns: RUNS },
    );
  });

  it('time, power and energy are positive and finite, in total, per layer and per rail', () => {
    fc.assert(
      fc.property(loadedCaseArb, (c) => {
        const p = predict(c.platform, c.dnn, c.config, options(c));
        const values = [
          p.timeMs,
          p.energyMJ,
          p.avgPowerW,
          ...Object.values(p.powerByRailW),
          ...p.layers.flatMap((l) => [l.timeMs, l.energyMJ, l.avgPowerW]),
        ];
        for (const v of values) {
          expect(Number.isFinite(v)).toBe(true);
          expect(v).toBeGreaterThan(0);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('energy equals power integrated over time (relative 1e-9)', () => {
    fc.assert(
      fc.property(loadedCaseArb, (c) => {
        const p = predict(c.platform, c.dnn, c.config, options(c));
        expect(relativeError(p.energyMJ, p.avgPowerW * p.timeMs)).toBeLessThan(1e-9);
        expect(
          relativeError(
            p.energyMJ,
            p.layers.reduce((s, l) => s + l.avgPowerW * l.timeMs, 0),
          ),
        ).toBeLessThan(1e-9);
        expect(
          relativeError(
            p.timeMs,
            p.layers.reduce((s, l) => s + l.timeMs, 0),
          ),
        ).toBeLessThan(1e-9);
        const components = Object.values(p.powerByComponentW!).reduce((s, w) => s + w, 0);
        expect(relativeError(p.avgPowerW, components)).toBeLessThan(1e-9);
      }),
      { numRuns: RUNS },
    );
  });

  it('a rail that measures the whole board reads no less than any other rail', () => {
    fc.assert(
      fc.property(loadedCaseArb, (c) => {
        const p = predict(c.platform, c.dnn, c.config, options(c));
        for (const total of c.platform.rails.filter((r) => r.total)) {
          for (const r of c.platform.rails)
            expect(p.powerByRailW[total.name]!).toBeGreaterThanOrEqual(p.powerByRailW[r.name]!);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('more free cores never slow a run', () => {
    fc.assert(
      fc.property(loadedCaseArb, (c) => {
        const busy = c.contention.busyCores![c.config.unit]!;
        fc.pre(busy > 0);
        const freer = { ...c.contention, busyCores: { ...c.contention.busyCores, [c.config.unit]: busy - 1 } };
        const before = predict(c.platform, c.dnn, c.config, options(c)).timeMs;
        const after = predict(c.platform, c.dnn, c.config, options({ ...c, contention: freer })).timeMs;
        expect(after).toBeLessThanOrEqual(before);
      }),
      { numRuns: RUNS },
    );
  });

  it('contention never speeds a run up', () => {
    fc.assert(
      fc.property(loadedCaseArb, (c) => {
        const alone = predict(c.platform, c.dnn, c.config, options({ ...c, contention: {} })).timeMs;
        const loaded = predict(c.platform, c.dnn, c.config, options(c)).timeMs;
        expect(loaded).toBeGreaterThanOrEqual(alone);
      }),
      { numRuns: RUNS },
    );
  });
});
