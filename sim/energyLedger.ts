/**
 * Board energy as a function of time, from what the board can tell: its energy counter where it has
 * one (RAPL, or a twin whose sensors model one), else the power its sensors showed at each read,
 * each reading standing for the window that ends at it and the latest one carried forward. An
 * inference's energy is the ledger's difference between its start and its end, so every board
 * derives it the same way from what its sensors say.
 */

/** How many past reads are kept to look up energy a little in the past (an inference's end). */
const HISTORY = 64;

export class EnergyLedger {
  /** Read times (ascending) and the energy at each, mJ. */
  private readonly times: number[] = [];
  private readonly energies: number[] = [];
  private lastMs: number;
  private lastMJ = 0;
  private lastW = 0;

  /**
   * @param startMs - when the board started
   * @param counter - the board's energy counter, mJ since the start, or null to integrate readings
   */
  constructor(startMs: number, private readonly counter: (() => number) | null) {
    this.lastMs = startMs;
  }

  /** A sensor read at timeMs showed the board drawing powerW (over the window that ends now). */
  record(timeMs: number, powerW: number): void {
    if (timeMs < this.lastMs) return;
    this.lastMJ = this.counter ? this.counter() : this.lastMJ + powerW * (timeMs - this.lastMs);
    this.lastMs = timeMs;
    this.lastW = powerW;
    this.times.push(timeMs);
    this.energies.push(this.lastMJ);
    // Trimmed in blocks: shifting one off at every read would copy the history each time.
    if (this.times.length > 2 * HISTORY) {
      this.times.splice(0, HISTORY);
      this.energies.splice(0, HISTORY);
    }
  }

  /**
   * Energy drawn from the start to timeMs, mJ: the counter's where there is one (taken back at the
   * latest power for a moment already past), else the readings' integral.
   * @param nowMs - the time now, when timeMs is a moment already past
   */
  at(timeMs: number, nowMs = timeMs): number {
    if (this.counter) return this.counter() - this.lastW * Math.max(0, nowMs - timeMs);
    if (timeMs >= this.lastMs) return this.lastMJ + this.lastW * (timeMs - this.lastMs);
    // Between two reads the later reading is the window's power.
    for (let i = this.times.length - 1; i > 0; i--) {
      if (timeMs >= this.times[i - 1]!) {
        const t0 = this.times[i - 1]!;
        const w = (this.energies[i]! - this.energies[i - 1]!) / (this.times[i]! - t0 || 1);
        return this.energies[i - 1]! + w * (timeMs - t0);
      }
    }
    return this.energies[0] ?? 0;
  }
}
