import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Configuration } from '../../models/types.js';
import { createEnergyAware, ENERGY_AWARE_DEFAULTS } from '../../policies/energyAware.js';
import type { Budgets, Observation } from '../../policies/types.js';
import { configOf, contextFor, drive, label, observation, predictionOf, predictions } from './harness.js';

/** energy-aware's decision on one observation starting from `from` (default: groups 4 on one A15 core at 200 MHz). */
function choose(
  budgets: Budgets,
  extra: Partial<Observation> = {},
  from: Configuration = configOf(4, 'a15', 1, 200),
): Configuration | null {
  const ea = createEnergyAware();
  ea.reset!(contextFor(from));
  return ea.decide(observation({ config: from, budgets, ...extra }));
}

describe('energy-aware', () => {
  it('keeps the number of groups in force, whatever the budget', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }),
        fc.option(fc.double({ min: 1, max: 300, noNaN: true }), { nil: undefined }),
        (groups, latencyMs) => {
          const c = choose(latencyMs === undefined ? {} : { latencyMs }, {}, configOf(groups, 'a7', 1, 200));
          expect(c?.groups).toBe(groups);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('picks the least-energy placement, using every free core, whose model time covers the demand (90 % of the budget)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }), fc.double({ min: 1, max: 300, noNaN: true }), (groups, latencyMs) => {
        const c = choose({ latencyMs }, {}, configOf(groups, 'a7', 1, 200))!;
        const placements = predictions().filter((p) => p.config.groups === groups && p.config.cores === 4);
        const covering = placements.filter((p) => p.timeMs <= latencyMs * 0.9);
        const expected = covering.length
          ? covering.reduce((a, b) => (b.energyMJ < a.energyMJ ? b : a))
          : placements.reduce((a, b) => (b.timeMs < a.timeMs ? b : a));
        expect(label(c)).toBe(label(expected.config));
      }),
      { numRuns: 40 },
    );
  });

  it('maps 4 groups to 4 A15 cores at 900 MHz under a 20 ms budget (17.6 ms by the model)', () => {
    expect(label(choose({ latencyMs: 20 })!)).toBe('a15x4@900 g4');
  });

  it('uses only the free cores of a unit a co-workload shares', () => {
    const c = choose({ latencyMs: 20 }, { freeCores: { a7: 4, a15: 2 } })!;
    expect(c.cores).toBe(c.unit === 'a15' ? 2 : 4);
  });

  it('takes the fastest placement with its groups when nothing covers the demand, never pruning', () => {
    expect(label(choose({ latencyMs: 1 })!)).toBe('a15x4@2000 g4');
  });

  it('covers the request period it estimates from arrivals when there is no latency budget', () => {
    // One request every other 10 ms period: a 20 ms period, 18 ms demanded.
    const { configs } = drive(
      createEnergyAware(),
      Array.from({ length: 100 }, (_, i) => ({ arrivals: i % 2 })),
    );
    const final = predictionOf(configs[configs.length - 1]!);
    expect(final.timeMs).toBeLessThanOrEqual(18);
    expect(final.config.groups).toBe(4);
  });

  it('returns null when the placement in force is already its choice', () => {
    expect(choose({ latencyMs: 20 }, {}, configOf(4, 'a15', 4, 900))).toBeNull();
  });

  it('uses the model as it is: a 30 % slowdown does not move it', () => {
    const budgets = { latencyMs: 20 };
    const { configs } = drive(createEnergyAware(), [
      { budgets },
      ...Array.from({ length: 40 }, () => ({ budgets, slowdown: 1.3 })),
    ]);
    expect(new Set(configs.map(label))).toEqual(new Set(['a15x4@900 g4']));
  });

  it('follows free cores changed in place on the object an earlier observation carried', () => {
    const ea = createEnergyAware();
    const from = configOf(4, 'a15', 1, 200);
    ea.reset!(contextFor(from));
    const freeCores = { a7: 4, a15: 4 };
    const budgets = { latencyMs: 20 };
    const chosen = ea.decide(observation({ config: from, budgets, freeCores }))!;
    ea.decide(observation({ timeMs: 10, config: chosen, budgets, freeCores }));
    freeCores.a15 = 1;
    const inForce = ea.decide(observation({ timeMs: 20, config: chosen, budgets, freeCores })) ?? chosen;
    expect(inForce.cores, label(inForce)).toBe(inForce.unit === 'a15' ? 1 : 4);
  });

  it('declares a 10 % margin by default', () => {
    expect(ENERGY_AWARE_DEFAULTS.marginPct).toBe(10);
  });

  it('refuses a margin above 90 %', () => {
    expect(() => createEnergyAware({ marginPct: 95 })).toThrow(/energy-aware: marginPct 95 is outside 0\.\.90/);
  });

  it('refuses an unknown tunable', () => {
    expect(() => createEnergyAware({ latencyMarginPct: 5 })).toThrow(
      /unknown tunable 'latencyMarginPct' \(valid: marginPct, anytime\)/,
    );
  });
});
