/**
 * Measurements as calibration reads them: one CSV row per measured inference (or per layer of one),
 * with where in the file it came from so every problem can be reported by line and column.
 */

/** One measured row. */
export interface Measurement {
  /** 1-based line of the file the row came from. */
  line: number;
  platform: string;
  unit: string;
  dnn: string;
  groups: number;
  cores: number;
  freqMHz: number;
  /** Cores held by co-workloads on the unit while it was measured. */
  busyCores: number;
  /** Die temperature during the measurement; null when not recorded. */
  temperatureC: number | null;
  /** The layer measured; null for a whole inference. */
  layer: string | null;
  /** Time of the layer or the inference, ms. */
  timeMs: number;
  /** Average power per rail during the measurement, W; null where the rail was not measured. */
  powerW: Record<string, number | null>;
  voltageV: number | null;
}

/** A problem with one value of the file. */
export interface MeasurementProblem {
  line: number;
  /** The column's header name ('' for a problem with the whole row or the file). */
  column: string;
  problem: string;
}

/** A measurements file, read and checked: the rows, the rows dropped, the rails, the file's hash. */
export interface LoadedMeasurements {
  rows: Measurement[];
  /** Rows dropped in lenient mode, each with its first problem (empty in strict mode). */
  dropped: MeasurementProblem[];
  /** The rails the file has power columns for. */
  rails: string[];
  /** SHA-256 of the file's bytes (the provenance of a calibration). */
  sha256: string;
}

/** The fixed columns, in the order `twinrtm hil sweep` writes them; power_<rail>_W and voltageV follow. */
export const MEASUREMENT_COLUMNS = [
  'platform',
  'unit',
  'dnn',
  'groups',
  'cores',
  'freqMHz',
  'busyCores',
  'temperatureC',
  'layer',
  'timeMs',
] as const;
