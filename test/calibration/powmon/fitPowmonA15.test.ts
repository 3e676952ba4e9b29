import { describe, expect, it } from 'vitest';
import { fitPowmonA15 } from '../../../calibration/powmon/fitPowmonA15.js';
import { POWMON_A15_EVENTS } from '../../../calibration/powmon/powmonEvents.js';
import { WORKLOAD_CLASSES } from '../../../calibration/powmon/workloadClasses.js';
import { MODEL, powmonTable } from './syntheticPowmon.js';

/** Known events per cycle per class, different enough that a mix-up shows. */
const TRUTH: Record<string, Record<string, number>> = {
  integer: {
    cycles: 1,
    instSpecMinusIntOps: 0.5,
    l2dCacheRead: 0.008,
    unalignedLdstSpec: 0.003,
    intOps: 0.6,
    l1iAccess: 0.25,
    busAccess: 0.002,
  },
  float: {
    cycles: 1,
    instSpecMinusIntOps: 0.7,
    l2dCacheRead: 0.005,
    unalignedLdstSpec: 0.01,
    intOps: 0.4,
    l1iAccess: 0.23,
    busAccess: 0.006,
  },
  media: {
    cycles: 1,
    instSpecMinusIntOps: 0.4,
    l2dCacheRead: 0.011,
    unalignedLdstSpec: 0.001,
    intOps: 0.38,
    l1iAccess: 0.18,
    busAccess: 0.006,
  },
  memory: {
    cycles: 1,
    instSpecMinusIntOps: 0.3,
    l2dCacheRead: 0.013,
    unalignedLdstSpec: 0.0004,
    intOps: 0.23,
    l1iAccess: 0.07,
    busAccess: 0.015,
  },
  os: {
    cycles: 1,
    instSpecMinusIntOps: 0.25,
    l2dCacheRead: 0.007,
    unalignedLdstSpec: 0.002,
    intOps: 0.16,
    l1iAccess: 0.1,
    busAccess: 0.003,
  },
};
/** Idle draws static power only: no events, no cycles counted in its power. */
const IDLE = Object.fromEntries(POWMON_A15_EVENTS.map((e) => [e, 0]));

function workloads(perWorkload?: (name: string, i: number) => number): Record<string, Record<string, number>> {
  return Object.fromEntries(
    Object.entries(WORKLOAD_CLASSES).flatMap(([c, names]) =>
      names.map((n, i) => {
        if (c === 'idle') return [n, IDLE];
        const scale = perWorkload?.(n, i) ?? 1;
        return [n, Object.fromEntries(Object.entries(TRUTH[c]!).map(([e, v]) => [e, e === 'cycles' ? 1 : v * scale]))];
      }),
    ),
  );
}

const fitOf = (rows: ReturnType<typeof powmonTable>) =>
  fitPowmonA15({ rows, models: { m: MODEL }, prior: { model: MODEL, eventsPerCycle: TRUTH.integer! }, folds: 5 });

describe('fitPowmonA15 on generated Powmon-like tables', () => {
  it("recovers each class's events per cycle within 1 % from runs with 1 % noise", () => {
    const fit = fitOf(powmonTable({ workloads: workloads(), noise: 0.01, seed: 3 }));
    for (const [c, truth] of Object.entries(TRUTH)) {
      for (const [e, v] of Object.entries(truth)) {
        const fitted = fit.fits[c as keyof typeof fit.fits].eventsPerCycle[e]!;
        expect(Math.abs(fitted - v) / v).toBeLessThan(0.01);
      }
    }
    // Held-out workloads share their class's truth: predicted within the noise.
    expect(fit.crossValidation.m!.byClass.mapePct).toBeLessThan(2);
    expect(fit.crossValidation.m!.byClass.within10).toBe(1);
  });

  it('predicts noise-free runs exactly from their own events, and idle runs exactly from the static part', () => {
    const fit = fitOf(powmonTable({ workloads: workloads(), noise: 0, seed: 1 }));
    expect(fit.ownEvents.m!.mapePct).toBeLessThan(1e-9);
    expect(fit.crossValidation.m!.byClass.mapePct).toBeLessThan(1e-9);
    // The prior and m are one polynomial: the idle check shows it once, under the first name.
    for (const idle of fit.idle) {
      expect(Object.keys(idle.errorPct)).toEqual(['prior']);
      expect(Math.abs(idle.errorPct.prior!)).toBeLessThan(1e-9);
    }
    expect(fit.idle.map((i) => i.freqMHz)).toEqual([200, 600, 1000, 1400, 1800]);
  });

  it('predicts a held-out workload from the other workloads of its class, never from itself', () => {
    // Each float workload runs at its own scale of the class's events: exact with its own events,
    // but a fit without it predicts the others' mean, so its held-out error is what the scales imply.
    const scales = [0.6, 0.8, 1, 1.2, 1.4, 0.7, 0.9, 1.1, 1.3, 1.5];
    const fit = fitOf(
      powmonTable({
        workloads: workloads((n, i) => ((WORKLOAD_CLASSES.float as readonly string[]).includes(n) ? scales[i]! : 1)),
        noise: 0,
        seed: 1,
      }),
    );
    expect(fit.ownEvents.m!.mapePct).toBeLessThan(1e-9);
    expect(fit.crossValidation.m!.perClass.float!.mapePct).toBeGreaterThan(2);
    expect(fit.crossValidation.m!.perClass.integer!.mapePct).toBeLessThan(1e-9);
    // The same workloads fitted with everything seen: the class fit is their cycle-weighted mean.
    expect(fit.fits.float.rows).toBe(10 * 5 * 4);
  });

  it('uses every non-idle workload once across the folds', () => {
    const fit = fitOf(powmonTable({ workloads: workloads(), noise: 0, seed: 1 }));
    const tested = fit.folds.flat();
    expect(tested).toHaveLength(59);
    expect(new Set(tested).size).toBe(59);
    expect(tested).not.toContain('idle');
  });
});
