/** Calibration: measurement CSVs, fitting, cross-validation, calibrated platform files. */
export type * from './types.js';
export { MEASUREMENT_COLUMNS } from './types.js';
export {
  parseMeasurements,
  loadMeasurementsFile,
  type LoadMeasurementsFileOptions,
  type ParseMeasurementsOptions,
} from './loadMeasurements.js';
export { MeasurementError } from './measurementError.js';
export {
  calibrate,
  type CalibrationResult,
  type CalibrateOptions,
  type Validation,
  type ValidationPoint,
  type QuantityMetrics,
  type HoldoutMetrics,
  type Outlier,
} from './calibrate.js';
export { fitPlatform, type UnitFit, type FittedPower, type FitProvenance } from './fitPlatform.js';
export type { FittedKind, FittedTime } from './fitTime.js';
export { accuracyMetrics, spearman, ranks, type AccuracyMetrics } from './accuracyMetrics.js';
export { predictRow, type RowPrediction } from './predictRow.js';
