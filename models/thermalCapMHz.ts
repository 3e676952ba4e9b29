/**
 * The frequency cap the kernel's thermal trips put on a unit at a die temperature: the cap of the
 * hottest trip reached (trips apply at or above their temperature), or Infinity below every trip.
 */
import type { Platform } from './types.js';

/**
 * The frequency cap the thermal trips put on a unit at a die temperature: the lowest cap of the
 * trips reached that name the unit, or Infinity below every trip.
 */
export function thermalCapMHz(platform: Platform, unitId: string, temperatureC: number): number {
  let cap = Infinity;
  for (const trip of platform.thermalTrips) {
    const c = trip.capsMHz[unitId];
    if (temperatureC >= trip.tempC && c !== undefined) cap = Math.min(cap, c);
  }
  return cap;
}

/** Below the kernel's 1 kHz resolution: float noise (1300.0000000000002) must not skip a point. */
const EPS_MHZ = 1e-6;

/**
 * The highest operating point at or below a target (the lowest point when the target is below all of
 * them): how a thermal cap resolves, and the kernel's CPUFREQ_RELATION_H.
 * @param freqs operating points, ascending, non-empty
 */
export function highestAtOrBelow(freqs: readonly number[], targetMHz: number): number {
  for (let i = freqs.length - 1; i >= 0; i--) if (freqs[i]! <= targetMHz + EPS_MHZ) return freqs[i]!;
  return freqs[0]!;
}
