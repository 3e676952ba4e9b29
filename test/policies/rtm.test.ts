import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Configuration } from '../../models/types.js';
import { createRtm, RTM_DEFAULTS } from '../../policies/rtm.js';
import type { Budgets, InferenceRecord, Observation } from '../../policies/types.js';
import {
  ALL_FREE,
  contextFor,
  drive,
  inferenceOn,
  label,
  observation,
  predictionOf,
  predictions,
  START,
  type Period,
} from './harness.js';

/** rtm's first decision on one observation (every core free unless given), or the start if it keeps it. */
function firstChoice(
  budgets: Budgets,
  extra: Partial<Observation> = {},
  tunables: Record<string, number> = {},
): Configuration {
  const rtm = createRtm(tunables);
  rtm.reset!(contextFor());
  return rtm.decide(observation({ config: START, budgets, ...extra })) ?? START;
}

const repeat = (n: number, period: Period): Period[] => Array.from({ length: n }, () => period);
const last = <T>(xs: readonly T[]): T => xs[xs.length - 1]!;

describe('rtm: choosing from the model', () => {
  it('runs all 4 groups under a loose latency budget', () => {
    expect(firstChoice({ latencyMs: 1000 }).groups).toBe(4);
  });

  it('picks the least-energy 4-group configuration of the model under a loose latency budget', () => {
    const cheapest = predictions()
      .filter((p) => p.config.groups === 4)
      .reduce((a, b) => (b.energyMJ < a.energyMJ ? b : a));
    expect(label(firstChoice({ latencyMs: 1000 }))).toBe(label(cheapest.config));
  });

  it('maps 4 groups to the A15 under a 15 ms budget, which no A7 configuration meets at 4 groups', () => {
    // Precondition from the model: the fastest 4-group A7 configuration takes over 13.5 ms (15 ms less 10 %).
    expect(
      Math.min(
        ...predictions()
          .filter((p) => p.config.groups === 4 && p.config.unit === 'a7')
          .map((p) => p.timeMs),
      ),
    ).toBeGreaterThan(13.5);
    const c = firstChoice({ latencyMs: 15 });
    expect(c.unit).toBe('a15');
    expect(c.groups).toBe(4);
    expect(predictionOf(c).timeMs).toBeLessThanOrEqual(13.5);
  });

  it('maps 4 groups to the A7 under a 60 ms budget and a 0.6 W cap, which only the A7 meets at 4 groups', () => {
    const meeting = predictions().filter((p) => p.config.groups === 4 && p.timeMs <= 54 && p.avgPowerW <= 0.57);
    expect(new Set(meeting.map((p) => p.config.unit))).toEqual(new Set(['a7']));
    const c = firstChoice({ latencyMs: 60, powerW: 0.6 });
    expect(c.unit).toBe('a7');
    expect(c.groups).toBe(4);
  });

  it('prunes to the most groups that meet a 6 ms budget, which no 3- or 4-group configuration meets', () => {
    const c = firstChoice({ latencyMs: 6 });
    expect(c.groups).toBe(2);
    expect(predictionOf(c).timeMs).toBeLessThanOrEqual(5.4);
  });

  it('falls back to the fastest configuration of the model under a 1 ms budget nothing meets', () => {
    const fastest = predictions().reduce((a, b) => (b.timeMs < a.timeMs ? b : a));
    expect(label(firstChoice({ latencyMs: 1 }))).toBe(label(fastest.config));
  });

  it('falls back to the least-power configuration under a 0.1 W cap nothing meets', () => {
    const frugal = predictions().reduce((a, b) => (b.avgPowerW < a.avgPowerW ? b : a));
    expect(predictionOf(firstChoice({ powerW: 0.1 })).avgPowerW).toBe(frugal.avgPowerW);
  });

  it('with no latency budget, keeps the inference within the request period it estimates from the arrivals', () => {
    // One request every other 10 ms period: 50 fps, a 20 ms period, 18 ms after the 10 % margin.
    const { configs } = drive(
      createRtm(),
      Array.from({ length: 100 }, (_, i) => ({ arrivals: i % 2 })),
    );
    const c = last(configs);
    expect(c.groups).toBe(4);
    expect(predictionOf(c).timeMs).toBeLessThanOrEqual(18);
  });

  it('returns null when the configuration in force is already its choice', () => {
    const rtm = createRtm();
    rtm.reset!(contextFor());
    const chosen = rtm.decide(observation({ config: START, budgets: { latencyMs: 20 } }));
    expect(chosen).not.toBeNull();
    expect(rtm.decide(observation({ timeMs: 10, config: chosen!, budgets: { latencyMs: 20 } }))).toBeNull();
  });

  it('revisits its choice when the latency budget tightens', () => {
    const { configs } = drive(createRtm(), [
      ...repeat(5, { budgets: { latencyMs: 1000 } }),
      ...repeat(5, { budgets: { latencyMs: 6 } }),
    ]);
    expect(configs[4]!.groups).toBe(4);
    expect(last(configs).groups).toBe(2);
  });
});

describe('rtm: online correction of the model', () => {
  const budgets = { latencyMs: 20 };

  it('moves to a faster configuration when inferences run 30 % slower than predicted', () => {
    const { configs } = drive(createRtm(), [{ budgets }, ...repeat(40, { budgets, slowdown: 1.3 })]);
    const first = predictionOf(configs[0]!);
    const final = predictionOf(last(configs));
    // The first choice, from the model alone, misses the 20 ms budget once 30 % slower; the final one meets it.
    expect(first.timeMs * 1.3).toBeGreaterThan(20);
    expect(final.timeMs * 1.3).toBeLessThanOrEqual(20);
    expect(final.config.groups).toBe(4);
  });

  it('keeps its first choice when inferences run as the model predicts', () => {
    const { configs } = drive(createRtm(), repeat(40, { budgets, slowdown: 1 }));
    expect(new Set(configs.map(label))).toEqual(new Set([label(configs[0]!)]));
  });

  it('returns to its first choice once the slowdown goes away', () => {
    const { configs } = drive(createRtm(), [
      { budgets },
      ...repeat(40, { budgets, slowdown: 1.3 }),
      ...repeat(80, { budgets, slowdown: 1 }),
    ]);
    expect(label(configs[40]!)).not.toBe(label(configs[0]!));
    expect(label(last(configs))).toBe(label(configs[0]!));
  });

  it('moves to a lower-power configuration when the board draws 30 % more power than predicted under a cap', () => {
    const capped = { latencyMs: 20, powerW: 2 };
    const { configs } = drive(createRtm(), [
      { budgets: capped },
      ...repeat(40, { budgets: capped, slowdown: 1, powerFactor: 1.3 }),
    ]);
    const first = predictionOf(configs[0]!);
    const final = predictionOf(last(configs));
    // The first choice, from the model alone, draws over 2 W once 30 % higher; the final one stays under the cap.
    expect(first.avgPowerW * 1.3).toBeGreaterThan(2);
    expect(final.avgPowerW * 1.3).toBeLessThanOrEqual(2);
  });

  it('does not learn from an inference that ran while a co-workload held cores it has left since', () => {
    const rtm = createRtm();
    rtm.reset!(contextFor());
    const held = { a7: 4, a15: 2 };
    const chosen = rtm.decide(observation({ config: START, budgets, freeCores: held }))!;
    for (let t = 10; t < 60; t += 10)
      expect(rtm.decide(observation({ timeMs: t, config: chosen, budgets, freeCores: held }))).toBeNull();
    // It started after rtm's reconfiguration, ran three times slower than the all-free model says, and
    // is reported in the period the co-workload has gone.
    const p = predictionOf(chosen);
    const slowed = inferenceOn(chosen, 3 * p.timeMs, 3 * p.timeMs * p.avgPowerW, 60);
    expect(slowed.startMs).toBeGreaterThan(0);
    const inForce = rtm.decide(observation({ timeMs: 60, config: chosen, budgets, inferences: [slowed] })) ?? chosen;
    expect(label(inForce)).toBe(label(firstChoice(budgets)));
  });

  it('ignores inferences whose configuration is not in its space', () => {
    const rtm = createRtm();
    rtm.reset!(contextFor());
    const chosen = rtm.decide(observation({ config: START, budgets }))!;
    const alien = inferenceOn({ ...chosen, groups: 9 }, 1000, 1000, 10);
    expect(rtm.decide(observation({ timeMs: 10, config: chosen, budgets, inferences: [alien] }))).toBeNull();
  });
});

describe('rtm: free cores', () => {
  it('uses at most the 2 free A15 cores when a co-workload holds the other 2', () => {
    const c = firstChoice({ latencyMs: 20 }, { freeCores: { a7: 4, a15: 2 } });
    expect(c.unit).toBe('a15');
    expect(c.cores).toBeLessThanOrEqual(2);
  });

  it('never puts in force a configuration with more cores than its unit has free, unless none is free', () => {
    const arbFree = fc.record({ a7: fc.integer({ min: 0, max: 4 }), a15: fc.integer({ min: 0, max: 4 }) });
    const arbBudgets = fc.record(
      { latencyMs: fc.double({ min: 1, max: 300, noNaN: true }), powerW: fc.double({ min: 0.2, max: 8, noNaN: true }) },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(arbFree, arbBudgets, fc.nat(3), (freeCores, budgets, arrivals) => {
        const rtm = createRtm();
        rtm.reset!(contextFor());
        const inForce = rtm.decide(observation({ config: START, budgets, freeCores, arrivals })) ?? START;
        const free = freeCores[inForce.unit as 'a7' | 'a15'];
        if (free >= 1) expect(inForce.cores, label(inForce)).toBeLessThanOrEqual(free);
      }),
      { numRuns: 60 },
    );
  });
});

describe('rtm: robustness', () => {
  const arbPeriod: fc.Arbitrary<Period> = fc.record(
    {
      budgets: fc.record(
        {
          latencyMs: fc.double({ min: 2, max: 100, noNaN: true }),
          powerW: fc.double({ min: 0.3, max: 8, noNaN: true }),
        },
        { requiredKeys: [] },
      ),
      arrivals: fc.nat(3),
      freeCores: fc.constantFrom<Record<string, number>>(ALL_FREE, { a7: 4, a15: 2 }, { a7: 1, a15: 0 }),
      slowdown: fc.double({ min: 0.5, max: 2, noNaN: true }),
      powerFactor: fc.double({ min: 0.5, max: 2, noNaN: true }),
    },
    { requiredKeys: [] },
  );

  it('makes the same decisions for the same observation sequence', () => {
    fc.assert(
      fc.property(fc.array(arbPeriod, { minLength: 1, maxLength: 12 }), (periods) => {
        expect(drive(createRtm(), periods).decisions).toEqual(drive(createRtm(), periods).decisions);
      }),
      { numRuns: 30 },
    );
  });

  it('makes the same decisions after reset as a fresh instance', () => {
    fc.assert(
      fc.property(
        fc.array(arbPeriod, { minLength: 1, maxLength: 8 }),
        fc.array(arbPeriod, { minLength: 1, maxLength: 8 }),
        (before, periods) => {
          const reused = createRtm();
          drive(reused, before);
          expect(drive(reused, periods).decisions).toEqual(drive(createRtm(), periods).decisions);
        },
      ),
      { numRuns: 25 },
    );
  });

  // A runner may reuse one record for every period and change it in place: decide() must read the
  // values of the observation it is given, whatever object holds them.
  it('follows free cores changed in place on the object an earlier observation carried', () => {
    const rtm = createRtm();
    rtm.reset!(contextFor());
    const freeCores = { a7: 4, a15: 4 };
    const budgets = { latencyMs: 20 };
    const chosen = rtm.decide(observation({ config: START, budgets, freeCores }))!;
    expect(chosen.cores).toBe(4);
    rtm.decide(observation({ timeMs: 10, config: chosen, budgets, freeCores }));
    freeCores.a15 = 1;
    const inForce = rtm.decide(observation({ timeMs: 20, config: chosen, budgets, freeCores })) ?? chosen;
    expect(inForce.unit === 'a15' && inForce.cores > 1, label(inForce)).toBe(false);
  });

  it('follows budgets changed in place on the object an earlier observation carried', () => {
    const rtm = createRtm();
    rtm.reset!(contextFor());
    const budgets = { latencyMs: 1000 };
    const chosen = rtm.decide(observation({ config: START, budgets }))!;
    rtm.decide(observation({ timeMs: 10, config: chosen, budgets }));
    budgets.latencyMs = 6;
    const inForce = rtm.decide(observation({ timeMs: 20, config: chosen, budgets })) ?? chosen;
    expect(inForce.groups).toBe(2);
  });

  const odd = fc.oneof(fc.double(), fc.constantFrom(NaN, Infinity, -Infinity, -1, 0));
  const arbInference: fc.Arbitrary<InferenceRecord> = fc.record({
    arrivalMs: odd,
    startMs: odd,
    endMs: odd,
    latencyMs: odd,
    serviceMs: odd,
    energyMJ: odd,
    groups: fc.oneof(fc.integer({ min: 0, max: 5 }), odd),
    unit: fc.constantFrom('a7', 'a15', 'gpu'),
    cores: fc.oneof(fc.integer({ min: 0, max: 5 }), odd),
    freqMHz: fc.oneof(fc.constantFrom(200, 900, 2000), odd),
    deadlineMet: fc.boolean(),
  });
  const arbOddObservation = fc.record({
    timeMs: odd,
    budgets: fc.record(
      { latencyMs: odd, powerW: odd, energyPerInferenceMJ: odd, minAccuracy: odd },
      { requiredKeys: [] },
    ),
    utilisation: odd,
    temperatureC: odd,
    powerW: odd,
    dropUnitTelemetry: fc.boolean(),
    inferences: fc.array(arbInference, { maxLength: 3 }),
    arrivals: odd,
    queueLength: odd,
    freeCores: fc.dictionary(fc.constantFrom('a7', 'a15'), odd),
  });

  it('never throws on NaN, infinite, negative or missing telemetry, arrivals, budgets and inference fields', () => {
    fc.assert(
      fc.property(fc.array(arbOddObservation, { minLength: 1, maxLength: 5 }), (steps) => {
        const rtm = createRtm();
        rtm.reset!(contextFor());
        let config = START;
        for (const s of steps) {
          const base = observation({ config });
          const unitTelemetry = { freqMHz: s.utilisation, utilisation: s.utilisation, temperatureC: s.temperatureC };
          const decision = rtm.decide({
            ...base,
            timeMs: s.timeMs,
            budgets: s.budgets,
            telemetry: {
              units: s.dropUnitTelemetry ? {} : { a7: unitTelemetry, a15: unitTelemetry },
              powerByRailW: { VDD_ARM: s.powerW },
              powerW: s.powerW,
            },
            inferences: s.inferences,
            arrivals: s.arrivals,
            queueLength: s.queueLength,
            freeCores: s.freeCores,
          });
          if (decision) {
            expect(decision.groups).toBeGreaterThanOrEqual(1);
            expect(['a7', 'a15']).toContain(decision.unit);
            config = decision;
          }
        }
      }),
      { numRuns: 60 },
    );
  });
});

describe('rtm: tunables', () => {
  it('declares its defaults: 10 % latency margin, 5 % power margin, 30 % correction weight', () => {
    expect(RTM_DEFAULTS).toMatchObject({ latencyMarginPct: 10, powerMarginPct: 5, correctionWeightPct: 30 });
  });

  it('refuses a latency margin above 90 %', () => {
    expect(() => createRtm({ latencyMarginPct: 95 })).toThrow(RangeError);
  });

  it('refuses a correction weight of 0 (the model would never be corrected)', () => {
    expect(() => createRtm({ correctionWeightPct: 0 })).toThrow(/correctionWeightPct 0 is outside 1\.\.100/);
  });

  it('refuses a negative power margin', () => {
    expect(() => createRtm({ powerMarginPct: -5 })).toThrow(RangeError);
  });

  it('refuses an unknown tunable, listing the valid names', () => {
    expect(() => createRtm({ marginPct: 10 })).toThrow(
      /unknown tunable 'marginPct' \(valid: latencyMarginPct, powerMarginPct, correctionWeightPct, rateWindowMs, hysteresisPct, anytime\)/,
    );
  });

  it('keeps more headroom with a larger latency margin: 40 % of 20 ms leaves 12 ms', () => {
    const c = firstChoice({ latencyMs: 20 }, {}, { latencyMarginPct: 40 });
    expect(predictionOf(c).timeMs).toBeLessThanOrEqual(12);
    expect(predictionOf(firstChoice({ latencyMs: 20 })).timeMs).toBeGreaterThan(12);
  });
});
