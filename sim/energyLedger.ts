/**
 * Board energy as the board measures it: its energy counter where it has one (RAPL, or a twin whose
 * sensors model one), else the power its sensors showed at each read, each reading standing for the
 * window that ends at it and the latest carried forward.
 */
export class EnergyLedger {
  private lastMs: number;
  private lastMJ = 0;
  private lastW = 0;

  /**
   * @param startMs - when the board started
   * @param counter - the board's energy counter, mJ since the start, or null to integrate readings
   */
  constructor(
    startMs: number,
    private readonly counter: (() => number) | null,
  ) {
    this.lastMs = startMs;
  }

  /** A sensor read at timeMs showed the board drawing powerW (over the window that ends there). */
  record(timeMs: number, powerW: number): void {
    if (timeMs < this.lastMs) return;
    this.lastMJ = this.counter ? this.counter() : this.lastMJ + powerW * (timeMs - this.lastMs);
    this.lastMs = timeMs;
    this.lastW = powerW;
  }

  /** Energy drawn from the start to timeMs (now, or after the last read), mJ. */
  at(timeMs: number): number {
    if (this.counter) return this.counter();
    return this.lastMJ + this.lastW * Math.max(0, timeMs - this.lastMs);
  }
}
