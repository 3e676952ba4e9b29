/**
 * Sensor noise: the board's readings as a policy sees them, with seeded Gaussian noise (relative on
 * power, absolute on utilisation and temperature), utilisation kept in [0, 1] and power >= 0.
 */
import type { Telemetry } from '../policies/types.js';
import type { SensorSpec } from '../scenarios/types.js';
import type { SensorReading } from './board.js';
import type { Random } from './random.js';

/**
 * The telemetry a policy is handed, made every sensor period: each object frozen as it is made (a
 * policy reads it, never changes it; sim/policyView.ts), the draws in a fixed order (each unit's
 * utilisation then temperature, each rail, the board).
 */
export function noisyTelemetry(reading: SensorReading, noise: SensorSpec['noise'], random: Random): Telemetry {
  const nu = noise.utilisation;
  const nt = noise.temperatureC;
  const np = noise.powerRelative;
  const units: Telemetry['units'] = {};
  for (const id in reading.freqMHz) {
    const u = reading.utilisation[id]! + (nu > 0 ? nu * random.normal() : 0);
    units[id] = Object.freeze({
      freqMHz: reading.freqMHz[id]!,
      utilisation: Math.min(1, Math.max(0, u)),
      temperatureC: reading.temperatureC[id]! + (nt > 0 ? nt * random.normal() : 0),
    });
  }
  const powerByRailW: Record<string, number> = {};
  const rails = reading.powerByRailW;
  for (const rail in rails) {
    const w = rails[rail]!;
    powerByRailW[rail] = Math.max(0, np > 0 ? w * (1 + np * random.normal()) : w);
  }
  const w = reading.powerW;
  return Object.freeze({ units: Object.freeze(units), powerByRailW: Object.freeze(powerByRailW), powerW: Math.max(0, np > 0 ? w * (1 + np * random.normal()) : w) });
}
