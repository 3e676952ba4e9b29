/**
 * Sensor noise: the board's readings as a policy sees them, with seeded Gaussian noise (relative on
 * power, absolute on utilisation and temperature), utilisation kept in [0, 1] and power >= 0.
 */
import type { Telemetry } from '../policies/types.js';
import type { SensorSpec } from '../scenarios/types.js';
import type { SensorReading } from './board.js';
import type { Random } from './random.js';

export function noisyTelemetry(reading: SensorReading, noise: SensorSpec['noise'], random: Random): Telemetry {
  const units: Telemetry['units'] = {};
  for (const id in reading.freqMHz) {
    const u = reading.utilisation[id]! + (noise.utilisation > 0 ? noise.utilisation * random.normal() : 0);
    units[id] = {
      freqMHz: reading.freqMHz[id]!,
      utilisation: Math.min(1, Math.max(0, u)),
      temperatureC: reading.temperatureC[id]! + (noise.temperatureC > 0 ? noise.temperatureC * random.normal() : 0),
    };
  }
  const scale = (w: number) => Math.max(0, noise.powerRelative > 0 ? w * (1 + noise.powerRelative * random.normal()) : w);
  const powerByRailW: Record<string, number> = {};
  for (const rail in reading.powerByRailW) powerByRailW[rail] = scale(reading.powerByRailW[rail]!);
  return { units, powerByRailW, powerW: scale(reading.powerW) };
}

/**
 * freezeTelemetry(noisyTelemetry(...)) in one pass, for the loop's every sensor period: the same draws
 * in the same order, the same values, each object frozen as it is made.
 */
export function frozenNoisyTelemetry(reading: SensorReading, noise: SensorSpec['noise'], random: Random): Telemetry {
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
