/**
 * What `twinrtm validate` computes: the twin's prediction against each measured value, summed up
 * per unit, runtime and quantity. Three tables give the values: the calibration CSV
 * (calibrationPairs.ts), Powmon's A15 table (powmonPairs.ts) and ncnn's benchmark table
 * (ncnnTable.ts, ncnnRows.ts for which rows and how, ncnnPairs.ts).
 */

export type ValidatedQuantity = 'time' | 'power';

/** One measured value and the twin's prediction of it. */
export interface ValidationPair {
  /** The line of the measurements file. */
  line: number;
  unit: string;
  /** The inference runtime the unit's time profile describes; null when none is named. */
  runtime: string | null;
  quantity: ValidatedQuantity;
  /** What was measured, in a few words (a layer, an inference, a workload at a clock). */
  label: string;
  predicted: number;
  measured: number;
}

/** The errors of one group of pairs. */
export interface GroupMetrics {
  /** 'all' for the whole file. */
  unit: string;
  runtime: string | null;
  quantity: ValidatedQuantity;
  n: number;
  /** Mean |predicted - measured| / measured, %. */
  mapePct: number;
  /** Mean (predicted - measured) / measured, %: above zero, the twin predicts too much. */
  biasPct: number;
  /** Share within +-10 %, 0..1. */
  within10: number;
  /** Spearman's rank correlation; null for fewer than 3 pairs or a constant series. */
  spearman: number | null;
}

/** A pair among the worst, with its relative error. */
export interface WorstPair extends ValidationPair {
  /** (predicted - measured) / measured, %. */
  errorPct: number;
}

/** What `twinrtm validate` reports: the file's format, the metrics per quantity, unit and runtime, and the worst pairs. */
export interface ValidationReport {
  /** The file's format: the calibration CSV, Powmon's measurement table, or ncnn's benchmark table. */
  format: 'calibration' | 'powmon' | 'ncnn';
  /** Rows of the file, and values compared (a row may give a time and a power). */
  rows: number;
  /** Predicted-measured pairs compared. */
  pairs: number;
  /** Per quantity over the whole file, then per unit and runtime. */
  groups: GroupMetrics[];
  /** The largest relative errors, worst first. */
  worst: WorstPair[];
  /**
   * Every pair compared, in the file's order (a row's time before its power): what `twinrtm report`
   * draws, predicted against measured.
   */
  compared: ValidationPair[];
}
