/**
 * Which operating points a unit can hold at an ambient temperature while it runs a DNN
 * configuration back to back: the steady temperature of the unit's first-order RC model, found by
 * fixed-point iteration because leakage (and so power) rises with temperature, and whether the
 * thermal trips would cap the frequency there.
 */
import type { Dnn } from '../dnn/types.js';
import { allowedFreqs, checkConfiguration, powerModeOf } from './checkConfiguration.js';
import { compilePlatform } from './compilePlatform.js';
import { evaluate } from './predict.js';
import { thermalCapMHz } from './thermalCapMHz.js';
import { steadyStateC } from './thermalRc.js';
import type { Configuration, Contention, Platform } from './types.js';

/** One operating point: whether the unit can hold it, and at what temperature and power. */
export interface HoldableFrequency {
  /** MHz. */
  freqMHz: number;
  /** Steady temperature of the unit, C; null when the leakage feedback never settles (thermal runaway). */
  steadyC: number | null;
  /** Unit power at that temperature, W. */
  powerW: number | null;
  /** Held: at the steady temperature no trip caps the unit below this frequency. */
  holdable: boolean;
}

/** The conditions: ambient temperature, the DNN configuration running back to back, contention, power mode. */
export interface HoldableQuery {
  /** °C. */
  ambientC: number;
  /** The load: the DNN configuration running back to back (its freqMHz for the unit is ignored). */
  config: Omit<Configuration, 'freqMHz'> & { freqMHz?: Record<string, number> };
  /** What else runs on the board (default: nothing). */
  contention?: Contention;
  /** The power mode whose limits apply (default: the platform's default mode). */
  powerMode?: string;
}

const MAX_ITERATIONS = 100;
const TOLERANCE_C = 1e-6;

/**
 * Which operating points a unit can hold at an ambient temperature while it runs a configuration
 * back to back: the steady temperature of its RC model (leakage included, by fixed-point iteration)
 * against the thermal trips and the critical temperature.
 *
 * @throws InputError for a configuration the platform or the power mode does not allow
 */
export function holdableFrequencies(platform: Platform, dnn: Dnn, query: HoldableQuery): HoldableFrequency[] {
  const cp = compilePlatform(platform);
  const mode = powerModeOf(platform, query.powerMode);
  const cu = cp.units[cp.unitIndex.get(query.config.unit) ?? -1];
  const freqs = cu ? allowedFreqs(cu.freqs, mode?.limits[cu.unit.id]) : [];
  const critical = platform.criticalTempC?.value ?? Infinity;
  return freqs.map((freqMHz) => {
    const config = checkConfiguration(
      platform,
      dnn,
      { ...query.config, freqMHz: { ...(query.config.freqMHz ?? {}), [query.config.unit]: freqMHz } },
      query.powerMode,
    );
    let t = query.ambientC;
    let powerW = 0;
    let settled = false;
    for (let i = 0; i < MAX_ITERATIONS && t < critical + 100; i++) {
      // Power at the uncapped frequency: we ask whether this frequency is sustainable, not what the kernel would do.
      const p = evaluate(
        platform,
        dnn,
        config,
        { contention: query.contention, powerMode: query.powerMode, temperatureC: t, thermalCaps: false },
        true,
      );
      powerW = p.powerByComponentW![query.config.unit]!;
      const next = steadyStateC(cu!.unit.thermal, query.ambientC, powerW);
      settled = Math.abs(next - t) < TOLERANCE_C;
      t = next;
      if (settled) break;
    }
    if (!settled) return { freqMHz, steadyC: null, powerW: null, holdable: false };
    return {
      freqMHz,
      steadyC: t,
      powerW,
      holdable: thermalCapMHz(platform, query.config.unit, t) >= freqMHz && t < critical,
    };
  });
}
