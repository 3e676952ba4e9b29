/**
 * calibrate(): fit a platform to measurements and say how good the fit is.
 *
 * 1. Fit every measured unit (fitPlatform), predict every row, and drop the outliers: rows whose
 *    relative residual (predicted - measured) / measured lies more than five robust standard
 *    deviations (1.4826 x the median absolute deviation) from the median residual and is beyond
 *    20 %, in time or in power. They are reported, and the fit is redone without them.
 * 2. Cross-validate: k folds (rows assigned by a hash of their configuration, so a fold's configurations
 *    are unseen by its fit),
 *    each predicted by a fit on the others. Time, power and energy get MAPE, RMSE, the share within
 *    +-10 % and +-5 %, and Spearman's rank correlation, overall and per unit; a held-out file, if
 *    given, is predicted by the final fit, and by the fitted file's own configuration medians (how
 *    far the machine is from itself: the floor under the model's error).
 * 3. The final platform carries, in each fitted block, the data's hash, the date and the
 *    cross-validated error.
 */
import { median } from 'simple-statistics';
import { InputError } from '../dnn/inputError.js';
import type { Dnn } from '../dnn/types.js';
import type { Platform } from '../models/types.js';
import { accuracyMetrics, type AccuracyMetrics } from './accuracyMetrics.js';
import { fitPlatform, type UnitFit } from './fitPlatform.js';
import { measuredPowerW, predictRow } from './predictRow.js';
import { TERMS } from './timeFeatures.js';
import type { Measurement } from './types.js';

/** Accuracy of each predicted quantity against the measurements. */
export interface QuantityMetrics {
  /** Every row: whole inferences and single layers. */
  time: AccuracyMetrics | null;
  /** Whole inferences only, each inference on its own. */
  inferenceTime: AccuracyMetrics | null;
  /**
   * Whole inferences, one point per configuration: the median of its repeated measurements against
   * the prediction (repeats do not outvote each other, and a one-off pause of the OS does not count
   * as model error).
   */
  configurationTime: AccuracyMetrics | null;
  /** Rail power of whole inferences. */
  power: AccuracyMetrics | null;
  /** Energy of whole inferences. */
  energy: AccuracyMetrics | null;
}

/**
 * One measured configuration's whole inferences: the prediction for it against the median of its
 * measurements (cross-validated: by a fit that did not see it), so the agreement can be drawn.
 */
export interface ValidationPoint {
  unit: string;
  groups: number;
  cores: number;
  freqMHz: number;
  /** Cores co-workloads held on the unit. */
  busyCores: number;
  /** Whole inferences measured in this configuration. */
  repeats: number;
  timeMs: { predicted: number; measured: number };
  /** Null when the rows have no power of whole inferences. */
  powerW: { predicted: number; measured: number } | null;
}

/** Cross-validated accuracy of the fit, overall and per unit, and on the held-out file. */
export interface Validation extends QuantityMetrics {
  /** Folds used. */
  folds: number;
  /** The same metrics per unit id. */
  perUnit: Record<string, QuantityMetrics>;
  /** The final fit on the held-out file; null without one. */
  holdout: HoldoutMetrics | null;
  /** Every measured configuration, predicted by the fold that held it out. */
  points: ValidationPoint[];
}

/** The final fit's accuracy on a file it did not see, and the machine's own repeatability on it. */
export interface HoldoutMetrics extends QuantityMetrics {
  /** The same metrics per unit id. */
  perUnit: Record<string, QuantityMetrics>;
  /** Every configuration of the held-out file, predicted by the final fit. */
  points: ValidationPoint[];
  /**
   * The fitted file's own configuration medians as predictions of the held-out file's, over the
   * configurations both measured: how far two measurements of the same machine are apart, the floor
   * under any model's held-out error (null: no configuration in common).
   */
  repeatability: AccuracyMetrics | null;
}

/** A row dropped from the fit: where, which quantity, and how far off the model was. */
export interface Outlier {
  /** Line of the file. */
  line: number;
  unit: string;
  /** What was off: the row's time, or the power of its measured rails. */
  quantity: 'time' | 'power';
  measured: number;
  predicted: number;
  /** (predicted - measured) / measured. */
  relativeError: number;
}

/** What {@link calibrate} gives: the fitted platform, each unit's fit, the validation and the outliers dropped. */
export interface CalibrationResult {
  /** The fitted platform, each fitted block marked with its calibration provenance. */
  platform: Platform;
  /** One per measured unit. */
  fits: UnitFit[];
  validation: Validation;
  /** Rows dropped before the final fit. */
  outliers: Outlier[];
  /** Rows the final fit used. */
  rows: number;
}

/** The data's provenance and the validation's settings. */
export interface CalibrateOptions {
  /** SHA-256 of the measurements file (LoadedMeasurements.sha256). */
  dataSha256: string;
  /** ISO date of the calibration (default today). */
  date?: string;
  /** Cross-validation folds (default 5; at least 2, at most the rows kept). */
  folds?: number;
  /** Measurements of another run the final fit is checked against, unseen by it. */
  holdout?: readonly Measurement[];
  /** The measurements' file, named in refusals (default "the measurements"). */
  file?: string;
}

/** Outlier rule: beyond 5 robust standard deviations of the residuals and beyond 20 %. */
const OUTLIER_SIGMAS = 5;
const OUTLIER_MIN_RELATIVE = 0.2;

interface Pair {
  row: Measurement;
  unit: string;
  whole: boolean;
  /** The measured configuration, for grouping repeats. */
  config: string;
  time: [number, number];
  power: [number, number] | null;
  energy: [number, number] | null;
}

function pairFor(platform: Platform, dnn: Dnn, row: Measurement): Pair {
  const p = predictRow(platform, dnn, row);
  const measured = row.layer === null ? measuredPowerW(platform, row) : null;
  const whole = row.layer === null;
  const config = configurationKey(row);
  if (!measured) return { row, unit: row.unit, whole, config, time: [p.timeMs, row.timeMs], power: null, energy: null };
  const predictedW = measured.rails.reduce((s, rail) => s + (p.railW[rail] ?? 0), 0);
  return {
    row,
    unit: row.unit,
    whole,
    config,
    time: [p.timeMs, row.timeMs],
    power: [predictedW, measured.watts],
    energy: [predictedW * p.timeMs, measured.watts * row.timeMs],
  };
}

function metricsOf(pairs: readonly Pair[]): QuantityMetrics {
  const of = (pick: (p: Pair) => [number, number] | null) => {
    const xs = pairs.map(pick).filter((x): x is [number, number] => x !== null && x[1] > 0);
    return accuracyMetrics(
      xs.map((x) => x[0]),
      xs.map((x) => x[1]),
    );
  };
  // One point per configuration: the median measurement (its repeats share one prediction).
  const byConfig = new Map<string, [number, number[]]>();
  for (const p of pairs) {
    if (!p.whole) continue;
    const entry = byConfig.get(p.config) ?? [p.time[0], []];
    entry[1].push(p.time[1]);
    byConfig.set(p.config, entry);
  }
  const configs = [...byConfig.values()].map(
    ([predicted, measured]) => [predicted, median(measured)] as [number, number],
  );
  return {
    time: of((p) => p.time),
    inferenceTime: of((p) => (p.whole ? p.time : null)),
    configurationTime: accuracyMetrics(
      configs.map((c) => c[0]),
      configs.map((c) => c[1]),
    ),
    power: of((p) => p.power),
    energy: of((p) => p.energy),
  };
}

function withPerUnit(pairs: readonly Pair[]): QuantityMetrics & { perUnit: Record<string, QuantityMetrics> } {
  const units = [...new Set(pairs.map((p) => p.unit))];
  return {
    ...metricsOf(pairs),
    perUnit: Object.fromEntries(units.map((u) => [u, metricsOf(pairs.filter((p) => p.unit === u))])),
  };
}

/** Whole inferences grouped by configuration: one point each, the median of the repeats measured. */
function pointsOf(pairs: readonly Pair[]): ValidationPoint[] {
  const byConfig = new Map<string, Pair[]>();
  for (const p of pairs) if (p.whole) byConfig.set(p.config, [...(byConfig.get(p.config) ?? []), p]);
  return [...byConfig.values()].map((group) => {
    const first = group[0]!;
    const powers = group.filter((p) => p.power !== null);
    return {
      unit: first.unit,
      groups: first.row.groups,
      cores: first.row.cores,
      freqMHz: first.row.freqMHz,
      busyCores: first.row.busyCores,
      repeats: group.length,
      // Repeats share one configuration, so one prediction (the fold is chosen by configuration).
      timeMs: { predicted: first.time[0], measured: median(group.map((p) => p.time[1])) },
      powerW:
        powers.length === 0
          ? null
          : { predicted: powers[0]!.power![0], measured: median(powers.map((p) => p.power![1])) },
    };
  });
}

function isOutlier(errors: readonly number[]): (e: number) => boolean {
  if (errors.length < 4) return () => false;
  const m = median([...errors]);
  const sigma = 1.4826 * median(errors.map((e) => Math.abs(e - m)));
  return (e) => Math.abs(e) > OUTLIER_MIN_RELATIVE && Math.abs(e - m) > OUTLIER_SIGMAS * sigma;
}

/**
 * Fold of a row: an FNV-1a hash of its configuration, so repeated measurements of one configuration
 * stay in one fold and every fold predicts configurations its fit never saw.
 */
function configurationKey(row: Measurement): string {
  return `${row.unit}|${row.groups}|${row.cores}|${row.freqMHz}|${row.busyCores}`;
}

function foldOf(row: Measurement, folds: number): number {
  const key = `${configurationKey(row)}|${row.layer ?? ''}`;
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return (h >>> 0) % folds;
}

/** Whole-inference medians per configuration. */
function configurationMedians(rows: readonly Measurement[]): Map<string, number> {
  const times = new Map<string, number[]>();
  for (const r of rows)
    if (r.layer === null) times.set(configurationKey(r), [...(times.get(configurationKey(r)) ?? []), r.timeMs]);
  return new Map([...times].map(([key, t]) => [key, median(t)]));
}

function repeatability(fitted: readonly Measurement[], heldOut: readonly Measurement[]): AccuracyMetrics | null {
  const a = configurationMedians(fitted);
  const shared = [...configurationMedians(heldOut)].filter(([key]) => a.has(key));
  return accuracyMetrics(
    shared.map(([key]) => a.get(key)!),
    shared.map(([, t]) => t),
  );
}

/**
 * The fewest distinct measurements of a unit (configuration: groups, cores, clock, busy cores; and
 * layer, or the whole inference) that calibrate fits from: one more than the time model's terms
 * (TERMS), so the fit can be determined and a fold held out; fewer gave a least-squares system with
 * more unknowns than equations.
 */
export const MIN_CONFIGURATIONS = TERMS + 1;

/** Refuses data too thin to fit, naming the unit and what it needs. */
export function checkEnoughConfigurations(rows: readonly Measurement[], file: string): void {
  const byUnit = new Map<string, Set<string>>();
  for (const r of rows) {
    const set = byUnit.get(r.unit) ?? new Set<string>();
    set.add(`${r.groups}|${r.cores}|${r.freqMHz}|${r.busyCores}|${r.layer ?? ''}`);
    byUnit.set(r.unit, set);
  }
  if (byUnit.size === 0) throw new InputError(`${file}: no measurements to calibrate from`);
  for (const [unit, configurations] of byUnit) {
    if (configurations.size < MIN_CONFIGURATIONS) {
      throw new InputError(
        `${file}: unit ${unit} has ${configurations.size} distinct measurement(s) (groups, cores, freqMHz, busyCores, layer); calibrate needs at least ${MIN_CONFIGURATIONS} to fit its ${TERMS} time terms and cross-validate them (hil sweep over more groups, cores or clocks)`,
      );
    }
  }
}

/**
 * Fits a platform to measurements and says how good the fit is (`twinrtm calibrate`): fits every
 * measured unit, drops outliers (beyond five robust standard deviations and 20 %) and fits again,
 * cross-validates over k folds of configurations, predicts a held-out file if given, and marks every
 * fitted block of the returned platform with the data's hash, the date and the cross-validated error.
 *
 * @param rows - the measurements ({@link loadMeasurementsFile})
 * @throws InputError when there are no rows, or a unit's rows measure too few configurations to fit
 */
export function calibrate(
  platform: Platform,
  dnn: Dnn,
  rows: readonly Measurement[],
  options: CalibrateOptions,
): CalibrationResult {
  checkEnoughConfigurations(rows, options.file ?? 'the measurements');
  const date = options.date ?? new Date().toISOString().slice(0, 10);
  const base = { dataSha256: options.dataSha256, date };

  // 1. Outliers.
  const first = fitPlatform(platform, dnn, rows, base).platform;
  const pairs = rows.map((r) => pairFor(first, dnn, r));
  const relTime = pairs.map((p) => (p.time[0] - p.time[1]) / p.time[1]);
  const relPower = pairs.map((p) => (p.power ? (p.power[0] - p.power[1]) / p.power[1] : 0));
  const timeOut = isOutlier(relTime);
  const powerOut = isOutlier(pairs.filter((p) => p.power).map((p) => (p.power![0] - p.power![1]) / p.power![1]));
  const outliers: Outlier[] = [];
  const kept: Measurement[] = [];
  rows.forEach((r, i) => {
    const p = pairs[i]!;
    const flags: Outlier[] = [];
    if (timeOut(relTime[i]!))
      flags.push({
        line: r.line,
        unit: r.unit,
        quantity: 'time',
        measured: p.time[1],
        predicted: p.time[0],
        relativeError: relTime[i]!,
      });
    if (p.power && powerOut(relPower[i]!))
      flags.push({
        line: r.line,
        unit: r.unit,
        quantity: 'power',
        measured: p.power[1],
        predicted: p.power[0],
        relativeError: relPower[i]!,
      });
    if (flags.length > 0) outliers.push(...flags);
    else kept.push(r);
  });

  // 2. Cross-validation.
  const folds = Math.min(Math.max(2, options.folds ?? 5), kept.length);
  const cvPairs: Pair[] = [];
  if (kept.length >= 2) {
    for (let k = 0; k < folds; k++) {
      const test = kept.filter((r) => foldOf(r, folds) === k);
      const train = kept.filter((r) => foldOf(r, folds) !== k);
      if (test.length === 0 || train.length === 0) continue;
      const fold = fitPlatform(platform, dnn, train, base).platform;
      for (const r of test) cvPairs.push(pairFor(fold, dnn, r));
    }
  }
  const cv = withPerUnit(cvPairs);

  // 3. The final fit, carrying its cross-validated error.
  const mape = (q: 'time' | 'power') =>
    Object.fromEntries(Object.entries(cv.perUnit).map(([u, m]) => [u, m[q]?.mape ?? null]));
  const final = fitPlatform(platform, dnn, kept, { ...base, timeMapePct: mape('time'), powerMapePct: mape('power') });
  const heldOutPairs =
    options.holdout && options.holdout.length > 0 ? options.holdout.map((r) => pairFor(final.platform, dnn, r)) : null;
  const holdout =
    heldOutPairs && options.holdout
      ? {
          ...withPerUnit(heldOutPairs),
          repeatability: repeatability(kept, options.holdout),
          points: pointsOf(heldOutPairs),
        }
      : null;
  return {
    platform: final.platform,
    fits: final.fits,
    validation: { ...cv, folds, holdout, points: pointsOf(cvPairs) },
    outliers,
    rows: kept.length,
  };
}
