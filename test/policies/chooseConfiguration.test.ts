import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Prediction } from '../../models/types.js';
import { chooseConfiguration, type ChoiceRules } from '../../policies/chooseConfiguration.js';

interface CandidateInput {
  groups?: number;
  unit?: string;
  cores?: number;
  freqMHz?: number;
  timeMs: number;
  powerW: number;
  /** Default timeMs x powerW. */
  energyMJ?: number;
  accuracy?: number | null;
}

/** A hand-made prediction: only what chooseConfiguration reads is meaningful. */
function candidate(c: CandidateInput): Prediction {
  const unit = c.unit ?? 'a15';
  return {
    config: {
      groups: c.groups ?? 4,
      unit,
      cores: c.cores ?? 4,
      freqMHz: { a7: 200, a15: 200, [unit]: c.freqMHz ?? 1000 },
    },
    timeMs: c.timeMs,
    energyMJ: c.energyMJ ?? c.timeMs * c.powerW,
    avgPowerW: c.powerW,
    powerByRailW: {},
    accuracy: c.accuracy ?? null,
    confidence: null,
    memoryBytes: 0,
    effectiveFreqMHz: {},
    throttled: false,
    layers: [],
  };
}

function rules(overrides: Partial<ChoiceRules> = {}): ChoiceRules {
  return {
    budgets: {},
    periodMs: Infinity,
    latencyMargin: 0,
    powerMargin: 0,
    freeCores: { a7: 4, a15: 4 },
    correct: (p) => ({ timeMs: p.timeMs, powerW: p.avgPowerW, energyMJ: p.energyMJ }),
    merit: (p) => p.config.groups,
    ...overrides,
  };
}

describe('chooseConfiguration: feasible choices', () => {
  it('returns null for no candidates', () => {
    expect(chooseConfiguration([], rules())).toBeNull();
  });

  it('picks the highest merit among the candidates that meet every budget', () => {
    const g2 = candidate({ groups: 2, timeMs: 5, powerW: 1 });
    const g3 = candidate({ groups: 3, timeMs: 9, powerW: 1 });
    const g4TooSlow = candidate({ groups: 4, timeMs: 12, powerW: 1 });
    const choice = chooseConfiguration([g2, g3, g4TooSlow], rules({ budgets: { latencyMs: 10 } }));
    expect(choice?.prediction).toBe(g3);
  });

  it('marks a choice that meets every budget as feasible', () => {
    const choice = chooseConfiguration(
      [candidate({ timeMs: 5, powerW: 1 })],
      rules({ budgets: { latencyMs: 10, powerW: 2 } }),
    );
    expect(choice?.feasible).toBe(true);
  });

  it('breaks a tie in merit by the least energy', () => {
    const costly = candidate({ groups: 4, freqMHz: 2000, timeMs: 4, powerW: 5 });
    const cheap = candidate({ groups: 4, freqMHz: 800, timeMs: 8, powerW: 1 });
    const middling = candidate({ groups: 4, freqMHz: 1200, timeMs: 6, powerW: 2 });
    expect(chooseConfiguration([costly, cheap, middling], rules())?.prediction).toBe(cheap);
  });

  it('prefers merit to energy: more groups at more energy beat fewer groups at less', () => {
    const g4 = candidate({ groups: 4, timeMs: 8, powerW: 3 });
    const g1 = candidate({ groups: 1, timeMs: 2, powerW: 1 });
    expect(chooseConfiguration([g1, g4], rules())?.prediction).toBe(g4);
  });

  it('ranks by the merit function it is given (accuracy), not by groups', () => {
    const g4 = candidate({ groups: 4, timeMs: 5, powerW: 1, accuracy: 0.7 });
    const g3 = candidate({ groups: 3, timeMs: 5, powerW: 1, accuracy: 0.8 });
    expect(chooseConfiguration([g4, g3], rules({ merit: (p) => p.accuracy! }))?.prediction).toBe(g3);
  });

  it('judges the corrected figures, not the raw predictions', () => {
    const fast = candidate({ groups: 4, freqMHz: 2000, timeMs: 7, powerW: 3 });
    const slow = candidate({ groups: 4, freqMHz: 1000, timeMs: 9, powerW: 1 });
    // The model is 30 % optimistic: 9 ms becomes 11.7 ms, over the 10 ms budget; 7 ms becomes 9.1 ms.
    const correct = (p: Prediction) => ({ timeMs: p.timeMs * 1.3, powerW: p.avgPowerW, energyMJ: p.energyMJ * 1.3 });
    const choice = chooseConfiguration([fast, slow], rules({ budgets: { latencyMs: 10 }, correct }));
    expect(choice?.prediction).toBe(fast);
    expect(choice?.corrected.timeMs).toBeCloseTo(9.1, 9);
  });

  it('refuses a candidate over the energy budget', () => {
    const g4 = candidate({ groups: 4, timeMs: 5, powerW: 1, energyMJ: 30 });
    const g3 = candidate({ groups: 3, timeMs: 5, powerW: 1, energyMJ: 20 });
    expect(chooseConfiguration([g4, g3], rules({ budgets: { energyPerInferenceMJ: 25 } }))?.prediction).toBe(g3);
  });
});

describe('chooseConfiguration: margins and the request period', () => {
  it('keeps the latency margin: 19 ms misses a 20 ms budget with 10 % headroom, 18 ms meets it', () => {
    const g4 = candidate({ groups: 4, timeMs: 19, powerW: 1 });
    const g3 = candidate({ groups: 3, timeMs: 18, powerW: 1 });
    expect(chooseConfiguration([g4, g3], rules({ budgets: { latencyMs: 20 }, latencyMargin: 0.1 }))?.prediction).toBe(
      g3,
    );
  });

  it('keeps the power margin: 1.95 W misses a 2 W cap with 5 % headroom, 1.9 W meets it', () => {
    const g4 = candidate({ groups: 4, timeMs: 5, powerW: 1.95 });
    const g3 = candidate({ groups: 3, timeMs: 5, powerW: 1.9 });
    expect(chooseConfiguration([g4, g3], rules({ budgets: { powerW: 2 }, powerMargin: 0.05 }))?.prediction).toBe(g3);
  });

  it('holds the inference time within the request period when it is tighter than the latency budget', () => {
    const g4 = candidate({ groups: 4, timeMs: 15, powerW: 1 });
    const g3 = candidate({ groups: 3, timeMs: 9, powerW: 1 });
    expect(chooseConfiguration([g4, g3], rules({ budgets: { latencyMs: 20 }, periodMs: 10 }))?.prediction).toBe(g3);
  });

  it('holds the inference time within the request period when there is no latency budget', () => {
    const g4 = candidate({ groups: 4, timeMs: 40, powerW: 1 });
    const g2 = candidate({ groups: 2, timeMs: 30, powerW: 1 });
    expect(chooseConfiguration([g4, g2], rules({ periodMs: 33 }))?.prediction).toBe(g2);
  });
});

describe('chooseConfiguration: nothing meets every budget', () => {
  it('falls back to the fastest candidate under the power cap, however slow', () => {
    const overCapFast = candidate({ freqMHz: 2000, timeMs: 20, powerW: 5 });
    const underCapSlow = candidate({ freqMHz: 400, timeMs: 60, powerW: 0.8 });
    const underCapFaster = candidate({ freqMHz: 600, timeMs: 40, powerW: 0.9 });
    const choice = chooseConfiguration(
      [overCapFast, underCapSlow, underCapFaster],
      rules({ budgets: { latencyMs: 10, powerW: 1 } }),
    );
    expect(choice?.prediction).toBe(underCapFaster);
    expect(choice?.feasible).toBe(false);
  });

  it('takes an under-cap candidate that comes after an over-cap one', () => {
    const overCap = candidate({ freqMHz: 2000, timeMs: 20, powerW: 5 });
    const underCap = candidate({ freqMHz: 400, timeMs: 60, powerW: 0.8 });
    expect(chooseConfiguration([overCap, underCap], rules({ budgets: { latencyMs: 10, powerW: 1 } }))?.prediction).toBe(
      underCap,
    );
  });

  it('falls back to the least power when every candidate is over the cap', () => {
    const a = candidate({ freqMHz: 2000, timeMs: 5, powerW: 5 });
    const b = candidate({ freqMHz: 800, timeMs: 9, powerW: 1.5 });
    const c = candidate({ freqMHz: 1200, timeMs: 7, powerW: 2.5 });
    expect(chooseConfiguration([a, b, c], rules({ budgets: { powerW: 1 } }))?.prediction).toBe(b);
  });

  it('falls back to the fastest candidate when only the latency budget cannot be met', () => {
    const a = candidate({ freqMHz: 800, timeMs: 9, powerW: 1 });
    const b = candidate({ freqMHz: 2000, timeMs: 4, powerW: 5 });
    const c = candidate({ freqMHz: 1200, timeMs: 6, powerW: 2 });
    expect(chooseConfiguration([a, b, c], rules({ budgets: { latencyMs: 1 } }))?.prediction).toBe(b);
  });

  it('always prefers a feasible candidate to the fallback, whatever the order', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5 }), (at) => {
        const infeasible = Array.from({ length: 5 }, (_, i) =>
          candidate({ groups: 4, freqMHz: 2000 - 100 * i, timeMs: 50 + i, powerW: 0.5 }),
        );
        const feasible = candidate({ groups: 1, timeMs: 5, powerW: 0.5 });
        const list = [...infeasible.slice(0, at), feasible, ...infeasible.slice(at)];
        expect(chooseConfiguration(list, rules({ budgets: { latencyMs: 10 } }))?.prediction).toBe(feasible);
      }),
    );
  });
});

describe('chooseConfiguration: free cores and minimum accuracy', () => {
  it('skips candidates asking for more cores than are free on their unit', () => {
    const four = candidate({ groups: 4, cores: 4, timeMs: 5, powerW: 1 });
    const two = candidate({ groups: 3, cores: 2, timeMs: 5, powerW: 1 });
    expect(chooseConfiguration([four, two], rules({ freeCores: { a7: 4, a15: 2 } }))?.prediction).toBe(two);
  });

  it('returns null when no candidate fits the free cores', () => {
    const four = candidate({ cores: 4, timeMs: 5, powerW: 1 });
    expect(chooseConfiguration([four], rules({ freeCores: { a7: 4, a15: 3 } }))).toBeNull();
  });

  it('allows any core count on a unit with no core free (time-sharing)', () => {
    const four = candidate({ cores: 4, timeMs: 5, powerW: 1 });
    expect(chooseConfiguration([four], rules({ freeCores: { a7: 4, a15: 0 } }))?.prediction).toBe(four);
  });

  it('allows any core count on a unit missing from freeCores', () => {
    const four = candidate({ unit: 'a15', cores: 4, timeMs: 5, powerW: 1 });
    expect(chooseConfiguration([four], rules({ freeCores: { a7: 4 } }))?.prediction).toBe(four);
  });

  it('skips candidates below the minimum accuracy, even in the fallback', () => {
    const accurateSlow = candidate({ groups: 4, timeMs: 50, powerW: 1, accuracy: 0.8 });
    const inaccurateFast = candidate({ groups: 1, timeMs: 2, powerW: 1, accuracy: 0.5 });
    const choice = chooseConfiguration(
      [inaccurateFast, accurateSlow],
      rules({ budgets: { latencyMs: 10, minAccuracy: 0.7 } }),
    );
    expect(choice?.prediction).toBe(accurateSlow);
  });

  it('does not filter candidates whose accuracy is unmeasured by a minimum accuracy', () => {
    const unmeasured = candidate({ groups: 2, timeMs: 5, powerW: 1, accuracy: null });
    expect(chooseConfiguration([unmeasured], rules({ budgets: { minAccuracy: 0.9 } }))?.prediction).toBe(unmeasured);
  });

  it('never returns a candidate with more cores than its unit has free (unless none is free)', () => {
    const list = [1, 2, 3, 4].flatMap((cores) =>
      ['a7', 'a15'].map((unit) => candidate({ unit, cores, groups: cores, timeMs: 10 / cores, powerW: cores })),
    );
    fc.assert(
      fc.property(
        fc.record({ a7: fc.integer({ min: 0, max: 4 }), a15: fc.integer({ min: 0, max: 4 }) }),
        fc.option(fc.double({ min: 0.5, max: 20, noNaN: true })),
        (free, latencyMs) => {
          const choice = chooseConfiguration(
            list,
            rules({ freeCores: free, budgets: latencyMs === null ? {} : { latencyMs } }),
          );
          expect(choice).not.toBeNull();
          const available = free[choice!.prediction.config.unit as 'a7' | 'a15'];
          if (available >= 1) expect(choice!.prediction.config.cores).toBeLessThanOrEqual(available);
        },
      ),
    );
  });
});

describe('chooseConfiguration: laws', () => {
  const arbCandidate = fc
    .record({
      groups: fc.integer({ min: 1, max: 4 }),
      unit: fc.constantFrom('a7', 'a15'),
      cores: fc.integer({ min: 1, max: 4 }),
      timeMs: fc.double({ min: 1, max: 100, noNaN: true }),
      powerW: fc.double({ min: 0.1, max: 7, noNaN: true }),
    })
    .map(candidate);
  const arbBudgets = fc.record(
    { latencyMs: fc.double({ min: 1, max: 100, noNaN: true }), powerW: fc.double({ min: 0.1, max: 7, noNaN: true }) },
    { requiredKeys: [] },
  );

  it('a feasible choice meets every budget and no feasible candidate has more merit, or as much for less energy', () => {
    fc.assert(
      fc.property(fc.array(arbCandidate, { maxLength: 30 }), arbBudgets, (list, budgets) => {
        const choice = chooseConfiguration(list, rules({ budgets }));
        if (!choice?.feasible) return;
        const c = choice.prediction;
        expect(c.timeMs).toBeLessThanOrEqual(budgets.latencyMs ?? Infinity);
        expect(c.avgPowerW).toBeLessThanOrEqual(budgets.powerW ?? Infinity);
        for (const p of list) {
          if (p.timeMs > (budgets.latencyMs ?? Infinity) || p.avgPowerW > (budgets.powerW ?? Infinity)) continue;
          expect(p.config.groups).toBeLessThanOrEqual(c.config.groups);
          if (p.config.groups === c.config.groups) expect(p.energyMJ).toBeGreaterThanOrEqual(c.energyMJ);
        }
      }),
    );
  });

  it('returns an infeasible choice only when no candidate meets every budget', () => {
    fc.assert(
      fc.property(fc.array(arbCandidate, { maxLength: 30 }), arbBudgets, (list, budgets) => {
        const choice = chooseConfiguration(list, rules({ budgets }));
        const anyFeasible = list.some(
          (p) => p.timeMs <= (budgets.latencyMs ?? Infinity) && p.avgPowerW <= (budgets.powerW ?? Infinity),
        );
        if (list.length === 0) expect(choice).toBeNull();
        else expect(choice?.feasible).toBe(anyFeasible);
      }),
    );
  });
});
