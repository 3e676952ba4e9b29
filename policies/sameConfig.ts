/** Two configurations are the same: groups, confidence threshold, unit, cores and every unit's frequency. */
import type { Configuration } from '../models/types.js';

/** Whether two configurations are the same: groups, confidence threshold, unit, cores and every unit's frequency. */
export function sameConfig(a: Configuration, b: Configuration): boolean {
  if (
    a.groups !== b.groups ||
    a.confidenceThreshold !== b.confidenceThreshold ||
    a.unit !== b.unit ||
    a.cores !== b.cores
  )
    return false;
  const fa = a.freqMHz;
  const fb = b.freqMHz;
  // A plain loop: the simulator compares configurations every control period, and a callback per key
  // cost more than the comparison. The clocks first: two configurations that differ mostly differ
  // there, and b's keys need not be listed then.
  const keys = Object.keys(fa);
  for (let i = 0; i < keys.length; i++) if (fa[keys[i]!] !== fb[keys[i]!]) return false;
  return keys.length === Object.keys(fb).length;
}

/**
 * A configuration's contents, copied once, that others are compared with many times (a memo's key):
 * `matches(b)` is `sameConfig(copy, b)`, with the copy's frequency keys and values listed beforehand.
 */
export class ConfigSnapshot {
  private readonly groups: number;
  private readonly confidenceThreshold: number | undefined;
  private readonly unit: string;
  private readonly cores: number;
  private readonly keys: readonly string[];
  private readonly freqs: readonly number[];

  /** @param config - copied now: later changes to it do not change the snapshot */
  constructor(config: Configuration) {
    this.groups = config.groups;
    this.confidenceThreshold = config.confidenceThreshold;
    this.unit = config.unit;
    this.cores = config.cores;
    const freqMHz = { ...config.freqMHz };
    this.keys = Object.keys(freqMHz);
    this.freqs = this.keys.map((k) => freqMHz[k]!);
  }

  /** Whether b is the same configuration as the one copied (sameConfig's answer). */
  matches(b: Configuration): boolean {
    if (
      this.groups !== b.groups ||
      this.confidenceThreshold !== b.confidenceThreshold ||
      this.unit !== b.unit ||
      this.cores !== b.cores
    )
      return false;
    const fb = b.freqMHz;
    const keys = this.keys;
    for (let i = 0; i < keys.length; i++) if (fb[keys[i]!] !== this.freqs[i]) return false;
    return Object.keys(fb).length === keys.length;
  }
}
