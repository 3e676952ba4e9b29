/**
 * A CPU cluster's power in the Powmon form as the twin computes it (models/compilePlatform.ts), at a
 * measured operating condition: static(f, V) times leakage at the die temperature, plus
 * V^2 * sum_e beta_e * r_e over the per-core average event rates r_e (reference/power-models.md).
 */
import { leakageFactor } from '../../models/thermalRc.js';
import { powmonStaticW } from '../../models/powmonStaticW.js';
import type { ThermalParams, Unit } from '../../models/types.js';

/** A cluster's Powmon-form power model, as the twin evaluates it. */
export interface PowmonClusterModel {
  /** c0..c7 of static(f MHz, V volts). */
  static: readonly number[];
  /** Beta per event, W per (event/s x V^2). */
  betas: Readonly<Record<string, number>>;
  /** The clocks the polynomial was fitted on: outside them it is evaluated at the nearest end, as the twin does. */
  fitRange: { minMHz: number; maxMHz: number };
  /** The unit's leakage against temperature; null applies none. */
  thermal: ThermalParams | null;
}

/** Static power at a clock, a measured voltage and a die temperature, W. */
export function clusterStaticW(
  model: PowmonClusterModel,
  freqMHz: number,
  voltageV: number,
  temperatureC: number,
): number {
  const f = Math.min(model.fitRange.maxMHz, Math.max(model.fitRange.minMHz, freqMHz));
  const leak = model.thermal === null ? 1 : leakageFactor(model.thermal, temperatureC);
  return powmonStaticW(model.static, f, voltageV) * leak;
}

/**
 * Dynamic power from per-core average event rates (events/s), W.
 *
 * @throws Error when an event with a beta has no rate (a caller's bug: the rates come from a table or a fit)
 */
export function clusterDynamicW(
  model: PowmonClusterModel,
  voltageV: number,
  rates: Readonly<Record<string, number>>,
): number {
  let sum = 0;
  for (const [event, beta] of Object.entries(model.betas)) {
    const r = rates[event];
    if (r === undefined) throw new Error(`no rate for event ${event}`);
    sum += beta * r;
  }
  return voltageV * voltageV * sum;
}

/** Event rates of a workload with these events per cycle running at a cycle rate (events/s). */
export function ratesAt(eventsPerCycle: Readonly<Record<string, number>>, cyclesPerS: number): Record<string, number> {
  return Object.fromEntries(Object.entries(eventsPerCycle).map(([e, v]) => [e, v * cyclesPerS]));
}

/** The Powmon model of a platform unit, or null when its power is not in the Powmon form. */
export function unitPowmonModel(unit: Unit): PowmonClusterModel | null {
  const p = unit.power;
  if (p.form !== 'powmon') return null;
  return { static: p.static.coefficients, betas: p.betas.values, fitRange: p.fitRange, thermal: unit.thermal };
}
