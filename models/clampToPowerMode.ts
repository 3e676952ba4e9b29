/**
 * A configuration clamped into a power mode's limits, as nvpmodel applies a mode: every unit's clock
 * to the highest operating point the mode allows at or below it, and the DNN's cores to the mode's
 * core limit on its unit.
 */
import { compilePlatform } from './compilePlatform.js';
import { allowedFreqs, powerModeOf } from './checkConfiguration.js';
import { highestAtOrBelow } from './thermalCapMHz.js';
import type { Configuration, Platform } from './types.js';

/** The configuration inside the power mode's limits (unchanged with no mode): see the module's comment. */
export function clampToPowerMode(platform: Platform, mode: string | null, config: Configuration): Configuration {
  const limits = powerModeOf(platform, mode ?? undefined);
  if (!limits) return config;
  const freqMHz: Record<string, number> = {};
  for (const cu of compilePlatform(platform).units) {
    const allowed = allowedFreqs(cu.freqs, limits.limits[cu.unit.id]);
    freqMHz[cu.unit.id] = highestAtOrBelow(allowed, config.freqMHz[cu.unit.id]!);
  }
  const maxCores = limits.limits[config.unit]?.maxCores ?? Infinity;
  return { ...config, cores: Math.min(config.cores, maxCores), freqMHz };
}
