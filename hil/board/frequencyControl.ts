/**
 * How an adapter reads and sets one unit's clock, whatever the kernel interface behind it (cpufreq
 * for a cpu cluster, devfreq for the Nano's GPU): the adapters compose these and stay thin.
 */

/** One unit's frequency, read and set through sysfs. */
export interface FrequencyControl {
  readonly unit: string;
  /** The directory where the frequency is read and written (for reports); null when there is none. */
  readonly path: string | null;
  /** The board's own available list, MHz ascending; empty when the board gives none. */
  availableMHz(): number[];
  /** Why the frequency cannot be set, in words; null when it can. */
  dvfsProblem(): string | null;
  /** The frequency the unit runs at now, MHz; null when unreadable. */
  currentMHz(): number | null;
  /**
   * Sets the frequency and checks it by reading back.
   * @throws InputError when freqMHz is not in availableMHz() or the unit has no DVFS
   */
  setMHz(freqMHz: number): void;
  /**
   * How long after setMHz the clock may still be switching, ms (cpufreq's
   * cpuinfo_transition_latency; 0 when the kernel switches within the write): a read-back before
   * then proves nothing.
   */
  settleMs(): number;
  /** Every existing file setMHz may write, so a run can save them first. */
  writablePaths(): string[];
}
