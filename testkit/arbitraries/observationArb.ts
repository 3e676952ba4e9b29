/**
 * Arbitrary observations of a platform, for unit tests of decide() without the simulator: a
 * configuration in force, budgets, telemetry in range, a few finished inferences, arrivals, a
 * queue, free cores and the power mode. The values are plausible, not consistent with one another
 * (the simulator gives consistent ones; this gives the corners).
 */
import fc from 'fast-check';
import type { Platform } from '../../models/types.js';
import type { InferenceRecord, Observation, Telemetry } from '../../policies/types.js';
import { spaceOf } from '../spaceOf.js';
import { budgetsArb, dnnOf, type BudgetsConstraints } from './budgetsArb.js';

/** What observationArb draws for: the network, the power mode and the budgets' spans. */
export interface ObservationConstraints {
  /** @defaultValue 'alexnet-cifar10-g4' */
  dnn?: string;
  /** The power mode; undefined: any mode of the platform (null on a platform without modes). */
  powerMode?: string | null;
  /** How the budgets are drawn (their network and mode are the observation's). */
  budgets?: Omit<BudgetsConstraints, 'dnn' | 'powerMode'>;
}

const fraction = fc.integer({ min: 0, max: 1000 }).map((k) => k / 1000);

/**
 * Arbitrary observations of a platform, for unit tests of decide() without the simulator: a
 * configuration in force, budgets, telemetry in range, a few finished inferences, arrivals, a
 * queue, free cores and the power mode. Plausible values, not consistent with one another: the
 * simulator gives consistent ones, this gives the corners.
 */
export function observationArb(
  platform: Platform,
  constraints: ObservationConstraints = {},
): fc.Arbitrary<Observation> {
  const dnn = dnnOf(constraints.dnn);
  const modes: (string | null)[] =
    constraints.powerMode !== undefined
      ? [constraints.powerMode]
      : platform.powerModes.length === 0
        ? [null]
        : platform.powerModes.map((m) => m.id);
  const unitReading = fc.record({ utilisation: fraction, temperatureC: fc.integer({ min: 20, max: 95 }) });
  const inference = fc.record({
    serviceMs: fc.integer({ min: 1, max: 500 }),
    waitMs: fc.integer({ min: 0, max: 100 }),
    powerW: fc.integer({ min: 1, max: 150 }).map((d) => d / 10),
  });
  return fc
    .record({
      modeIndex: fc.integer({ min: 0, max: modes.length - 1 }),
      configIndex: fc.nat(),
      timeMs: fc.integer({ min: 0, max: 600_000 }),
      budgets: budgetsArb(platform, { ...constraints.budgets, dnn }),
      units: fc.tuple(...platform.units.map(() => unitReading)),
      rails: fc.tuple(...platform.rails.map(() => fc.integer({ min: 0, max: 100 }).map((d) => d / 10))),
      inferences: fc.array(inference, { maxLength: 3 }),
      arrivals: fc.nat({ max: 5 }),
      queueLength: fc.nat({ max: 4 }),
      free: fc.tuple(...platform.units.map((u) => fc.integer({ min: 0, max: u.kind === 'gpu' ? 1 : u.cores }))),
    })
    .map((v) => {
      const powerMode = modes[v.modeIndex]!;
      const space = spaceOf(platform, dnn, powerMode);
      const config = structuredClone(space[v.configIndex % space.length]!);
      const telemetry: Telemetry = { units: {}, powerByRailW: {}, powerW: 0 };
      platform.units.forEach((u, i) => {
        telemetry.units[u.id] = { freqMHz: config.freqMHz[u.id]!, ...v.units[i]! };
      });
      platform.rails.forEach((r, i) => {
        telemetry.powerByRailW[r.name] = v.rails[i]!;
        if (r.total) telemetry.powerW = Math.max(telemetry.powerW, v.rails[i]!);
      });
      if (!platform.rails.some((r) => r.total)) telemetry.powerW = v.rails.reduce((a, b) => a + b, 0);
      let endMs = v.timeMs;
      const inferences: InferenceRecord[] = v.inferences.map((r) => {
        const record = {
          arrivalMs: endMs - r.serviceMs - r.waitMs,
          startMs: endMs - r.serviceMs,
          endMs,
          latencyMs: r.serviceMs + r.waitMs,
          serviceMs: r.serviceMs,
          energyMJ: r.powerW * r.serviceMs,
          groups: config.groups,
          unit: config.unit,
          cores: config.cores,
          freqMHz: config.freqMHz[config.unit]!,
          deadlineMet: v.budgets.latencyMs === undefined || r.serviceMs + r.waitMs <= v.budgets.latencyMs,
        };
        endMs -= r.serviceMs + r.waitMs;
        return record;
      });
      return {
        timeMs: v.timeMs,
        budgets: v.budgets,
        config,
        telemetry,
        inferences: inferences.reverse(),
        arrivals: v.arrivals,
        queueLength: v.queueLength,
        freeCores: Object.fromEntries(platform.units.map((u, i) => [u.id, v.free[i]!])),
        powerMode,
      };
    });
}
