/**
 * Everything predict() needs per operating point, worked out once per platform object: voltages for
 * the power model, static power, and the dynamic power of one busy core per layer kind. predict() runs
 * in hot loops (the configuration space, the simulator), so per-call work is kept to arithmetic.
 */
import type { LayerKind } from '../dnn/types.js';
import { powerVoltage } from './powerVoltage.js';
import { powmonStaticW } from './powmonStaticW.js';
import type { Platform, Unit } from './types.js';

/** What loads a core: a layer kind, or a co-workload. */
export type LoadKind = LayerKind | 'coworkload';
/** Every {@link LoadKind}. */
export const LOAD_KINDS: readonly LoadKind[] = ['conv', 'fc', 'pool', 'coworkload'];

/** One unit's per-operating-point tables. */
export interface CompiledUnit {
  /** The unit. */
  unit: Unit;
  /** Its index in the platform's units. */
  index: number;
  /** Operating-point frequencies, ascending. */
  freqs: readonly number[];
  /** Index of each operating point by frequency. */
  oppIndex: ReadonlyMap<number, number>;
  /** Static power per operating point at the unit's leakage reference temperature, W. */
  staticW: Float64Array;
  /** Dynamic power of one fully busy core per operating point, per load kind, W. */
  coreDynamicW: Readonly<Record<LoadKind, Float64Array>>;
}

/** A platform's tables, compiled once per platform object. */
export interface CompiledPlatform {
  platform: Platform;
  /** Per unit, in the platform's order. */
  units: readonly CompiledUnit[];
  /** Index of each unit by id. */
  unitIndex: ReadonlyMap<string, number>;
  /** Component ids: every unit, then every other component. */
  componentIds: readonly string[];
  /** Idle power of each other component, W. */
  otherIdleW: Float64Array;
  /** Energy per byte moved through each other component, nJ. */
  otherEnergyPerByteNJ: Float64Array;
  /** Component indices per rail, in the platform's rail order. */
  railComponents: readonly (readonly number[])[];
}

const cache = new WeakMap<Platform, CompiledPlatform>();

function compileUnit(unit: Unit, index: number): CompiledUnit {
  const points = unit.opps.points;
  const freqs = points.map((p) => p.freqMHz);
  const n = freqs.length;
  const staticW = new Float64Array(n);
  const coreDynamicW = Object.fromEntries(LOAD_KINDS.map((k) => [k, new Float64Array(n)])) as Record<
    LoadKind,
    Float64Array
  >;
  const power = unit.power;
  if (power.form === 'powmon') {
    const measured = power.measuredVoltages.points;
    const dtAt = (f: number) => points.find((p) => p.freqMHz === f)?.voltageV ?? null;
    const volts = (f: number, dt: number | null) => powerVoltage(measured, f, dt, dtAt);
    const { minMHz, maxMHz } = power.fitRange;
    const coef = Object.fromEntries(
      LOAD_KINDS.map((k) => {
        const epc = power.eventsPerCycle[k].values;
        // sum_e beta_e * events-per-cycle_e: with the cycle rate it gives sum_e beta_e * r_e.
        const sum = Object.entries(power.betas.values).reduce(
          (acc, [event, beta]) => acc + beta * (epc[event] ?? 0),
          0,
        );
        return [k, sum];
      }),
    ) as Record<LoadKind, number>;
    points.forEach((p, i) => {
      // The polynomial is only trusted inside the (f, V) range it was fitted on: evaluate it there.
      const fc = Math.min(maxMHz, Math.max(minMHz, p.freqMHz));
      staticW[i] = powmonStaticW(power.static.coefficients, fc, volts(fc, dtAt(fc)));
      const v = volts(p.freqMHz, p.voltageV);
      // Per-core average rate over the cluster: one busy core adds f * 1e6 / cores cycles per second.
      for (const k of LOAD_KINDS) coreDynamicW[k][i] = ((v * v * p.freqMHz * 1e6) / unit.cores) * coef[k];
    });
  } else {
    const { coreWAtRef, refMHz, exponent } = power.dynamic;
    points.forEach((p, i) => {
      staticW[i] = power.staticW.value;
      const core = coreWAtRef * (p.freqMHz / refMHz) ** exponent;
      for (const k of LOAD_KINDS) coreDynamicW[k][i] = core * power.activity.values[k];
    });
  }
  return { unit, index, freqs, oppIndex: new Map(freqs.map((f, i) => [f, i])), staticW, coreDynamicW };
}

/** The compiled form of a (checked) platform, built once per platform object. */
export function compilePlatform(platform: Platform): CompiledPlatform {
  const hit = cache.get(platform);
  if (hit) return hit;
  const units = platform.units.map(compileUnit);
  const componentIds = [...platform.units.map((u) => u.id), ...platform.others.map((o) => o.id)];
  const compiled: CompiledPlatform = {
    platform,
    units,
    unitIndex: new Map(platform.units.map((u, i) => [u.id, i])),
    componentIds,
    otherIdleW: Float64Array.from(platform.others.map((o) => o.idleW)),
    otherEnergyPerByteNJ: Float64Array.from(platform.others.map((o) => o.energyPerByteNJ)),
    railComponents: platform.rails.map((r) => r.components.map((c) => componentIds.indexOf(c))),
  };
  cache.set(platform, compiled);
  return compiled;
}
