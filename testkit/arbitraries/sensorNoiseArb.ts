/**
 * Arbitrary sensor noise (standard deviations, as a scenario gives them): relative on power,
 * absolute on utilisation and temperature. Shrinks towards exact readings.
 */
import fc from 'fast-check';
import type { SensorSpec } from '../../scenarios/types.js';

/** The largest standard deviations sensorNoiseArb draws. */
export interface SensorNoiseConstraints {
  /** @defaultValue 0.1 (10 %) */
  maxPowerRelative?: number;
  /** @defaultValue 0.1 */
  maxUtilisation?: number;
  /** @defaultValue 2 */
  maxTemperatureC?: number;
}

/**
 * Arbitrary sensor noise (standard deviations, as a scenario gives them), shrinking towards exact
 * readings; in thousandths of each maximum, so values print short.
 */
export function sensorNoiseArb(constraints: SensorNoiseConstraints = {}): fc.Arbitrary<SensorSpec['noise']> {
  const level = (max: number) => {
    if (!(max >= 0)) throw new RangeError(`sensorNoiseArb maxima should be >= 0 (got ${max})`);
    return fc.integer({ min: 0, max: 1000 }).map((k) => Number(((k / 1000) * max).toPrecision(3)));
  };
  return fc.record({
    powerRelative: level(constraints.maxPowerRelative ?? 0.1),
    utilisation: level(constraints.maxUtilisation ?? 0.1),
    temperatureC: level(constraints.maxTemperatureC ?? 2),
  });
}
