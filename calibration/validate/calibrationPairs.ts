/**
 * The twin against a measurements file in the calibration format (calibration/loadMeasurements.ts):
 * every row's time (a layer or a whole inference), and for a whole inference with measured power,
 * the power of the rails measured, as calibrate compares them (calibration/predictRow.ts).
 */
import type { Dnn } from '../../dnn/types.js';
import { ownRuntimeOf } from '../../models/runtimes.js';
import type { Platform } from '../../models/types.js';
import { measuredPowerW, predictRow } from '../predictRow.js';
import type { Measurement } from '../types.js';
import type { ValidationPair } from './types.js';

/**
 * @param platform the platform as the rows were measured: for a runtime, already withRuntime'd
 *   (models/runtimes.ts), so each unit's time profile is that runtime's and the pairs name it. One
 *   runtime per file: when the CSV gains a runtime column, call this once per runtime's rows with
 *   withRuntime(platform, runtime), and summariseValidation groups them per (unit, runtime).
 */
export function calibrationPairs(platform: Platform, dnn: Dnn, rows: readonly Measurement[]): ValidationPair[] {
  const runtimeOf = new Map(platform.units.map((u) => [u.id, ownRuntimeOf(platform, u)]));
  return rows.flatMap((row) => {
    const p = predictRow(platform, dnn, row);
    const at = `g${row.groups} ${row.cores}c ${row.freqMHz} MHz${row.busyCores ? ` +${row.busyCores} busy` : ''}`;
    const base = { line: row.line, unit: row.unit, runtime: runtimeOf.get(row.unit) ?? null };
    const time: ValidationPair = {
      ...base,
      quantity: 'time',
      label: `${row.layer ?? 'inference'} ${at}`,
      predicted: p.timeMs,
      measured: row.timeMs,
    };
    const measured = row.layer === null ? measuredPowerW(platform, row) : null;
    if (measured === null || measured.watts <= 0) return [time];
    const predicted = measured.rails.reduce((s, rail) => s + (p.railW[rail] ?? 0), 0);
    return [
      time,
      { ...base, quantity: 'power', label: `${measured.rails.join('+')} ${at}`, predicted, measured: measured.watts },
    ];
  });
}
