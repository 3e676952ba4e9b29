/**
 * First-order RC thermal model of one unit: C dT/dt = P - (T - T_ambient) / R, so the unit settles
 * at T_ambient + R P with time constant tau = R C.
 */
import type { ThermalParams } from './types.js';

/** Temperature the unit settles at when it draws powerW forever. */
export function steadyStateC(thermal: ThermalParams, ambientC: number, powerW: number): number {
  return ambientC + thermal.resistanceCPerW * powerW;
}

/**
 * Temperature after dtS seconds at constant power, solved exactly (no step-size error), so the
 * simulator may take any step.
 */
export function stepTemperatureC(
  thermal: ThermalParams,
  temperatureC: number,
  ambientC: number,
  powerW: number,
  dtS: number,
): number {
  const target = steadyStateC(thermal, ambientC, powerW);
  return target + (temperatureC - target) * Math.exp(-dtS / thermal.timeConstantS);
}

/** Factor on static power at a temperature: leakage grows exponentially with temperature. */
export function leakageFactor(thermal: ThermalParams, temperatureC: number): number {
  return Math.exp(thermal.leakagePerC * (temperatureC - thermal.leakageRefC));
}
