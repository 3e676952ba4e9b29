/**
 * Writing a configuration's clocks to a real board, the one way the local board and the agent do it:
 * only units with DVFS, only frequencies from the board's own available list, only those that changed.
 */
import type { Configuration } from '../../models/types.js';
import type { BoardAdapter, UnitCapabilities } from '../types.js';

/**
 * The frequencies of `config` the board cannot take, as one line each (empty: all can be set).
 */
export function unavailableFrequencies(units: readonly UnitCapabilities[], config: Configuration): string[] {
  const problems: string[] = [];
  for (const u of units) {
    const f = config.freqMHz[u.id];
    if (f === undefined || !u.dvfs || u.availableMHz.includes(f)) continue;
    problems.push(`${u.id}: ${f} MHz is not in the board's available list (${u.availableMHz.join(', ')})`);
  }
  return problems;
}

/**
 * Sets every clock of `config` that differs from `previous` (every clock when previous is null) and
 * that the board can take; returns the ones it could not (left unchanged).
 * @param units the board's units as its capabilities() gave them (read once: a read walks the tree)
 */
export function writeFrequencies(
  adapter: BoardAdapter,
  units: readonly UnitCapabilities[],
  config: Configuration,
  previous: Configuration | null,
): string[] {
  const refused = unavailableFrequencies(units, config);
  for (const u of units) {
    const f = config.freqMHz[u.id];
    if (f === undefined || !u.dvfs || !u.availableMHz.includes(f)) continue;
    if (previous !== null && previous.freqMHz[u.id] === f) continue;
    adapter.setFrequencyMHz(u.id, f);
  }
  return refused;
}
