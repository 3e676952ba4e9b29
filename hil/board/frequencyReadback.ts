/**
 * Did the board take the frequency it was given? A real kernel refuses a bad write at once (EINVAL),
 * but an emulated tree accepts every write and its emulator puts the old value back a moment later,
 * and on a real board a limit (thermal, nvpmodel's max) caps the clock silently. Reading the
 * current frequency back once the switch is over tells the caller which happened.
 */

/** The outcome of the last frequency set on one unit. */
export type ReadbackStatus =
  /** The switch may still be under way (less than settleMs since the write): nothing to say yet. */
  | 'settling'
  /** The unit runs at the frequency set (within READBACK_TOLERANCE). */
  | 'took'
  /** It runs at another one: the write was refused and undone, or a limit capped it. */
  | 'differs'
  /** The current frequency cannot be read. */
  | 'unreadable';

/** One unit's read-back. */
export interface FrequencyReadback {
  /** The platform's unit id. */
  unit: string;
  /** The frequency last set on the unit through the adapter, MHz. */
  setMHz: number;
  /** What the unit reports now (scaling_cur_freq, devfreq cur_freq), MHz; null when unreadable. */
  readMHz: number | null;
  /** Time since that set, ms. */
  sinceSetMs: number;
  /** How long after a set the read-back counts, ms. */
  settleMs: number;
  /** What the read-back says. */
  status: ReadbackStatus;
}

/**
 * The relative difference still counted as the frequency set: drivers report the clock they got,
 * which a PLL may put a fraction of a percent off the table entry; neighbouring entries on the XU3
 * and the Nano differ by 3.5 % or more (boards.md tables).
 */
export const READBACK_TOLERANCE = 0.01;

/**
 * The least time a read-back waits after a set, ms, whatever the transition latency says: long
 * enough for an emulator to undo a refused write (see AdapterOptions.readbackSettleMs).
 */
export const DEFAULT_READBACK_SETTLE_MS = 50;

/**
 * Judges one unit's read-back.
 * @param settleMs the wait before the read-back counts (the larger of the transition latency and
 *   the adapter's minimum)
 */
export function judgeReadback(
  unit: string,
  setMHz: number,
  readMHz: number | null,
  sinceSetMs: number,
  settleMs: number,
): FrequencyReadback {
  let status: ReadbackStatus;
  if (sinceSetMs < settleMs) status = 'settling';
  else if (readMHz === null) status = 'unreadable';
  else status = Math.abs(readMHz - setMHz) <= READBACK_TOLERANCE * setMHz ? 'took' : 'differs';
  return { unit, setMHz, readMHz, sinceSetMs, settleMs, status };
}
