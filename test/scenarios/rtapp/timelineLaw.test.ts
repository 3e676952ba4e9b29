/**
 * The law of the rt-app timeline (scenarios/rtapp/utilisationTimeline.ts): the time integral of the
 * co-workloads' utilisation, summed over units,
 *   sum of cores x utilisation x (endS - startS)
 * equals the work the threads run:
 *   sum over threads and run events of d x (capacity_ref x f_ref) / (capacity_u x f_u) + sum of runtime d,
 * so at the reference frequency on the reference unit it is the run time the file states, and at a
 * lower frequency f_u it grows by f_ref / f_u. When the co-workload ends first it is never more.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { builtinPlatforms } from '../../../models/builtinPlatforms.js';
import type { Platform } from '../../../models/types.js';
import capacities from '../../../scenarios/rtapp/cpuCapacity.json' with { type: 'json' };
import { rtappCoworkloads } from '../../../scenarios/rtapp/rtappCoworkloads.js';
import type { Coworkload } from '../../../scenarios/types.js';
import { rtappSpec, rtappWorkloadArb, type GeneratedWorkload } from './rtappArbitraries.js';

const RUNS = 150;
const platform = (id: string): Platform => builtinPlatforms().find((p) => p.id === id)!;

function capacity(platformId: string, unit: string): number {
  const table = capacities.platforms as Record<string, Record<string, { capacityDmipsPerMHz: number }> | undefined>;
  return table[platformId]?.[unit]?.capacityDmipsPerMHz ?? capacities.default.capacityDmipsPerMHz;
}

/** Cpu time the co-workloads hold, ms: the integral of busyCores x busyUtilisation. */
function integralMs(coworkloads: readonly Coworkload[]): number {
  return coworkloads.reduce((sum, c) => sum + c.cores * c.utilisation * (c.endS! - c.startS) * 1000, 0);
}

/** The law's right-hand side, ms, from the file alone. */
function workMs(w: GeneratedWorkload, p: Platform, freqMHz: Record<string, number>): number {
  // CPU0 is the reference; it calibrates at its unit's highest clock.
  const refUnit = p.units.find((u) => u.cpus.includes(0))!;
  const refSpeed = capacity(p.id, refUnit.id) * Math.max(...refUnit.opps.points.map((o) => o.freqMHz));
  let us = 0;
  for (const t of w.tasks) {
    for (const ph of t.phases) {
      const scale = refSpeed / (capacity(p.id, ph.unit) * freqMHz[ph.unit]!);
      const once = ph.runUs.reduce((a, d) => a + d * scale, 0) + ph.runtimeUs.reduce((a, d) => a + d, 0);
      us += t.instance * t.loop * ph.loop * once;
    }
  }
  return us / 1000;
}

/** A platform, a clock for each CPU unit (any operating point) and a window length. */
const setupArb = fc.constantFrom('odroid-xu3', 'jetson-nano', 'host').chain((id) => {
  const p = platform(id);
  const cpuUnits = p.units.filter((u) => u.kind === 'cpu-cluster');
  return fc.record({
    // The platform by id in a counterexample; the object itself is looked up once.
    platformId: fc.constant(id),
    freqMHz: fc
      .tuple(...cpuUnits.map((u) => fc.constantFrom(...u.opps.points.map((o) => o.freqMHz))))
      .map((fs) => Object.fromEntries(cpuUnits.map((u, i) => [u.id, fs[i]!]))),
    resolutionMs: fc.constantFrom(1, 7.5, 10, 100, 1000),
    workload: rtappWorkloadArb(p),
  });
});

describe('the rt-app timeline law', () => {
  it('should hold, for any valid generated file whose threads all finish, at any clocks', () => {
    fc.assert(
      fc.property(setupArb, ({ platformId, freqMHz, resolutionMs, workload }) => {
        const p = platform(platformId);
        // Act: a run long enough for every thread to finish (the simulation stops when they have).
        const out = rtappCoworkloads(workload.text, 'generated.json', rtappSpec(freqMHz, resolutionMs), {
          platform: p,
          durationS: 100_000,
          powerMode: p.defaultPowerMode,
        });
        // Assert
        expect(out.timeline.unfinished).toBe(0);
        const expected = workMs(workload, p, freqMHz);
        expect(Math.abs(integralMs(out.coworkloads) - expected)).toBeLessThanOrEqual(1e-6 + 1e-9 * expected);
      }),
      { numRuns: RUNS },
    );
  });

  it('should never give more than that work, nor more than the cpus can do, when the co-workload ends first', () => {
    fc.assert(
      fc.property(
        setupArb,
        fc.double({ min: 0.001, max: 0.5, noNaN: true }),
        ({ platformId, freqMHz, resolutionMs, workload }, lengthS) => {
          const p = platform(platformId);
          const out = rtappCoworkloads(workload.text, 'generated.json', rtappSpec(freqMHz, resolutionMs, 2 + lengthS), {
            platform: p,
            durationS: 100_000,
            powerMode: p.defaultPowerMode,
          });
          const integral = integralMs(out.coworkloads);
          const cpus = p.units.filter((u) => u.kind === 'cpu-cluster').reduce((n, u) => n + u.cpus.length, 0);
          expect(integral).toBeLessThanOrEqual(workMs(workload, p, freqMHz) * (1 + 1e-9) + 1e-6);
          expect(integral).toBeLessThanOrEqual(cpus * lengthS * 1000 * (1 + 1e-9));
          for (const c of out.coworkloads) {
            expect(c.startS).toBeGreaterThanOrEqual(2);
            expect(c.endS!).toBeLessThanOrEqual(2 + lengthS + 1e-9);
          }
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('should give every stretch whole cores of one unit at a utilisation in (0, 1], without overlaps on a unit', () => {
    fc.assert(
      fc.property(setupArb, ({ platformId, freqMHz, resolutionMs, workload }) => {
        const p = platform(platformId);
        const out = rtappCoworkloads(workload.text, 'generated.json', rtappSpec(freqMHz, resolutionMs), {
          platform: p,
          durationS: 100_000,
          powerMode: p.defaultPowerMode,
        });
        const lastEnd = new Map<string, number>();
        for (const c of out.coworkloads) {
          const unit = p.units.find((u) => u.id === c.unit)!;
          expect(Number.isInteger(c.cores) && c.cores >= 1 && c.cores <= unit.cpus.length).toBe(true);
          // The fewest cores that carry the load: one fewer could not (cores - 1 < cores x utilisation).
          expect(c.cores - 1).toBeLessThan(c.cores * c.utilisation + 1e-9);
          expect(c.utilisation).toBeGreaterThan(0);
          expect(c.utilisation).toBeLessThanOrEqual(1);
          expect(c.endS!).toBeGreaterThan(c.startS);
          expect(c.startS).toBeGreaterThanOrEqual(lastEnd.get(c.unit) ?? 0);
          lastEnd.set(c.unit, c.endS!);
        }
      }),
      { numRuns: RUNS },
    );
  });
});

describe('the cores a stretch holds', () => {
  const xu3 = platform('odroid-xu3');
  const stretches = (text: string) =>
    rtappCoworkloads(text, 'w.json', rtappSpec({}, 100), { platform: xu3, durationS: 10, powerMode: null }).coworkloads;

  it('should be the fewest that carry the busy time, not every cpu busy at all', () => {
    // Three threads on three A15 cpus, each 1 ms of work at the reference (an A7 at 1400 MHz) every
    // 100 ms: 1 x 539 x 1400 / (1024 x 2000) = 0.368 ms each on an A15 at 2000 MHz, 1.1 % of one core.
    const light =
      '{ "tasks": { "a": { "loop": 1, "cpus": [4], "run": 1000 }, "b": { "loop": 1, "cpus": [5], "run": 1000 }, "c": { "loop": 1, "cpus": [6], "run": 1000 } } }';
    const [s] = stretches(light);
    expect(s).toMatchObject({ unit: 'a15', cores: 1 });
    expect(s!.utilisation).toBeCloseTo((3 * (539 * 1400)) / (1024 * 2000) / 100, 9);
    // Two cpus busy 60 % each: 1.2 cores' worth needs 2.
    const heavy =
      '{ "tasks": { "a": { "loop": 1, "cpus": [0], "runtime": 60000 }, "b": { "loop": 1, "cpus": [1], "runtime": 60000 } } }';
    expect(stretches(heavy)[0]).toMatchObject({ unit: 'a7', cores: 2, utilisation: 0.6 });
  });
});

describe('the law at a lower frequency', () => {
  const xu3 = platform('odroid-xu3');
  const text = '{ "tasks": { "t": { "loop": 10, "cpus": [0], "run": 10000, "sleep": 90000 } } }';
  const cpuMs = (a7: number) =>
    integralMs(
      rtappCoworkloads(text, 'w.json', rtappSpec({ a7 }, 100), { platform: xu3, durationS: 1000, powerMode: null })
        .coworkloads,
    );

  it('should be the stated run time on the reference cpu at its highest clock', () => {
    expect(cpuMs(1400)).toBeCloseTo(100, 9);
  });

  it('should take f_ref / f_u times longer at a lower clock (700 MHz: twice)', () => {
    expect(cpuMs(700)).toBeCloseTo(200, 9);
  });

  it('should take capacity_ref / capacity_a15 x f_ref / f_a15 of the time on an A15', () => {
    const a15 = rtappCoworkloads(text.replace('[0]', '[4]'), 'w.json', rtappSpec({ a15: 2000 }, 100), {
      platform: xu3,
      durationS: 1000,
      powerMode: null,
    });
    expect(integralMs(a15.coworkloads)).toBeCloseTo((100 * 539 * 1400) / (1024 * 2000), 9);
  });
});
