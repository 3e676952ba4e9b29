/**
 * What the twin predicts for one measured row: the time of the layer or inference, the power of each
 * rail, and the measured unit's power split into its static and dynamic parts (what the power fit
 * scales). It goes through models/predict.ts, so validation checks the model users will run.
 */
import type { Dnn } from '../dnn/types.js';
import { checkConfiguration } from '../models/checkConfiguration.js';
import { compilePlatform } from '../models/compilePlatform.js';
import { evaluate } from '../models/predict.js';
import { leakageFactor } from '../models/thermalRc.js';
import type { Platform } from '../models/types.js';
import type { Measurement } from './types.js';

/** What the twin predicts for one measured row. */
export interface RowPrediction {
  /** The layer's or the inference's time, ms. */
  timeMs: number;
  /** Average power per rail over the whole inference, W. */
  railW: Record<string, number>;
  /** The measured unit's average power over the inference, and its static part, W. */
  unitW: number;
  /** The static part of unitW, W. */
  unitStaticW: number;
}

/** What the twin predicts for one measured row, through predict()'s model (so validation checks the model users run). */
export function predictRow(platform: Platform, dnn: Dnn, row: Measurement): RowPrediction {
  const config = checkConfiguration(platform, dnn, {
    groups: row.groups,
    unit: row.unit,
    cores: row.cores,
    freqMHz: { [row.unit]: row.freqMHz },
  });
  const options = {
    contention: { busyCores: { [row.unit]: row.busyCores } },
    thermalCaps: false,
    ...(row.temperatureC !== null ? { temperatureC: row.temperatureC } : {}),
  };
  const p = evaluate(platform, dnn, config, options, true);
  const layer = row.layer === null ? null : p.layers.find((l) => l.name === row.layer);
  const cu = compilePlatform(platform).units.find((u) => u.unit.id === row.unit)!;
  const leak = row.temperatureC === null ? 1 : leakageFactor(cu.unit.thermal, row.temperatureC);
  return {
    timeMs: layer ? layer.timeMs : p.timeMs,
    railW: p.powerByRailW,
    unitW: p.powerByComponentW![row.unit]!,
    unitStaticW: cu.staticW[cu.oppIndex.get(row.freqMHz)!]! * leak,
  };
}

/** The rail that carries exactly one unit (its own sensor), if the platform has one. */
export function dedicatedRail(platform: Platform, unitId: string): string | null {
  return platform.rails.find((r) => !r.total && r.components.length === 1 && r.components[0] === unitId)?.name ?? null;
}

/**
 * The measured board-level power of a row: the total rail when it was measured (it already includes
 * the others), else the sum of the measured rails; null when none was.
 */
export function measuredPowerW(platform: Platform, row: Measurement): { watts: number; rails: string[] } | null {
  const measured = Object.entries(row.powerW).filter((e): e is [string, number] => e[1] !== null);
  if (measured.length === 0) return null;
  const total = measured.find(([rail]) => platform.rails.find((r) => r.name === rail)?.total);
  if (total) return { watts: total[1], rails: [total[0]] };
  return { watts: measured.reduce((s, [, w]) => s + w, 0), rails: measured.map(([r]) => r) };
}
