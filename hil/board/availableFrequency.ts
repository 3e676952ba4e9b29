/**
 * The safety rule every frequency write obeys: only a value from the board's own available list is
 * written, as the kernel printed it, never one computed from the platform model.
 */
import { InputError } from '../../dnn/inputError.js';

/**
 * Finds the board's own entry for a requested frequency.
 *
 * Plain words: 1036.8 MHz on a kHz list is the entry 1036800, and 1036.81 is refused.
 * The request is scaled and rounded to the list's unit (kHz for cpufreq, Hz for devfreq) and must
 * equal an entry exactly; the rounding only absorbs binary floating point (1036.8 * 1000).
 * @param unit the unit id, for the message
 * @param freqMHz the requested frequency
 * @param entries the board's list in its own unit (kHz or Hz)
 * @param perMHz entries per MHz: 1000 for kHz, 1e6 for Hz
 * @returns the entry to write
 * @throws InputError listing the valid frequencies in MHz when there is no such entry
 */
export function availableEntry(unit: string, freqMHz: number, entries: readonly number[], perMHz: number): number {
  const wanted = Math.round(freqMHz * perMHz);
  const entry = Number.isFinite(freqMHz) ? entries.find((e) => e === wanted) : undefined;
  if (entry === undefined) {
    const valid = entries.length === 0 ? 'none: the board gives no list' : entries.map((e) => e / perMHz).join(', ');
    throw new InputError(`${unit}: ${freqMHz} MHz is not in this board's available list (valid MHz: ${valid})`);
  }
  return entry;
}
