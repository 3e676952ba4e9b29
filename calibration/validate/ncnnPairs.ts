/**
 * The twin against the rows of ncnn's benchmark table it can run (ncnnRows.ts): one time pair per
 * row, the whole inference predicted through predict()'s model (calibration/predictRow.ts) against
 * the row's avg_ms. avg_ms, not min_ms: the twin predicts the time of an inference in a steady run
 * (what a deadline meets, and what the ncnn profiles were fitted to); min_ms is the luckiest of the
 * loops, below that by whatever the others lost to caches, interrupts and clock changes.
 */
import { ownRuntimeOf } from '../../models/runtimes.js';
import type { Platform } from '../../models/types.js';
import { predictRow } from '../predictRow.js';
import type { Measurement } from '../types.js';
import type { NcnnTakenRow } from './ncnnRows.js';
import type { ValidationPair } from './types.js';

/** The measurement a taken row stands for: a whole inference of its network, G = 1, nothing else running. */
export function ncnnMeasurement(platform: Platform, taken: NcnnTakenRow): Measurement {
  return {
    line: taken.row.line,
    platform: platform.id,
    unit: taken.unit,
    dnn: taken.dnn.id,
    groups: 1,
    cores: taken.cores,
    freqMHz: taken.freqMHz,
    busyCores: 0,
    temperatureC: null,
    layer: null,
    timeMs: taken.row.avgMs,
    powerW: {},
    voltageV: null,
  };
}

/**
 * @param platform the platform as the rows are run: for a runtime, already withRuntime'd
 *   (models/runtimes.ts), so each unit's time profile is that runtime's and the pairs name it
 */
export function ncnnPairs(platform: Platform, taken: readonly NcnnTakenRow[]): ValidationPair[] {
  const runtimeOf = new Map(platform.units.map((u) => [u.id, ownRuntimeOf(platform, u)]));
  return taken.map((t) => ({
    line: t.row.line,
    unit: t.unit,
    runtime: runtimeOf.get(t.unit) ?? null,
    quantity: 'time',
    label: `${t.row.model}, ${t.row.threads} thread${t.row.threads === 1 ? '' : 's'}${t.row.device === 'gpu' ? ', Vulkan' : ''}`,
    predicted: predictRow(platform, t.dnn, ncnnMeasurement(platform, t)).timeMs,
    measured: t.row.avgMs,
  }));
}
