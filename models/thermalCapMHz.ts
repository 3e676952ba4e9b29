/**
 * The frequency cap the kernel's thermal trips put on a unit at a die temperature: the cap of the
 * hottest trip reached (trips apply at or above their temperature), or Infinity below every trip.
 */
import type { Platform } from './types.js';

export function thermalCapMHz(platform: Platform, unitId: string, temperatureC: number): number {
  let cap = Infinity;
  for (const trip of platform.thermalTrips) {
    const c = trip.capsMHz[unitId];
    if (temperatureC >= trip.tempC && c !== undefined) cap = Math.min(cap, c);
  }
  return cap;
}

/** Highest operating point at or below capMHz (the lowest point when the cap is below all of them). */
export function highestAtOrBelow(freqs: readonly number[], capMHz: number): number {
  let chosen = freqs[0]!;
  for (const f of freqs) if (f <= capMHz) chosen = f;
  return chosen;
}
