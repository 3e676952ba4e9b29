/** Calibration: measurement CSVs, fitting, cross-validation, calibrated platform files. */
export type * from './types.js';
export { MEASUREMENT_COLUMNS } from './types.js';
export { parseMeasurements, loadMeasurementsFile } from './loadMeasurements.js';
export { MeasurementError } from './measurementError.js';
export { calibrate, type CalibrationResult, type CalibrateOptions, type Validation, type QuantityMetrics, type Outlier } from './calibrate.js';
export { fitPlatform, type UnitFit, type FittedPower } from './fitPlatform.js';
export { accuracyMetrics, spearman, ranks, type AccuracyMetrics } from './accuracyMetrics.js';
export { predictRow } from './predictRow.js';
