/**
 * A power sensor that shows the average over its last completed update period and holds it for the
 * next period, as an INA231 or INA3221 does (models/types.ts PowerSensor 'sampled'); one reading per
 * channel. Fed piecewise-constant power, it works out each update exactly, so the twin's sensors and
 * the model's account of them lag as the board's do.
 */
export class SampledSensor {
  /** What each channel shows now, W. */
  readonly shownW: Float64Array;
  /** Each channel's energy so far and at the last update, mJ. */
  private readonly energyMJ: Float64Array;
  private readonly atUpdateMJ: Float64Array;
  private lastMs: number;
  private nextUpdateMs: number;

  /**
   * @param periodMs - time between two updates
   * @param startMs - the first period starts here; until it ends the sensor shows startW
   * @param startW - each channel's power at the start
   */
  constructor(private readonly periodMs: number, startMs: number, startW: ArrayLike<number>) {
    this.shownW = Float64Array.from(startW);
    this.energyMJ = new Float64Array(startW.length);
    this.atUpdateMJ = new Float64Array(startW.length);
    this.lastMs = startMs;
    this.nextUpdateMs = startMs + periodMs;
  }

  /** Feeds the channels' power from the last call to nowMs (constant over that step). */
  advance(nowMs: number, powerW: ArrayLike<number>): void {
    if (nowMs <= this.lastMs) return;
    while (this.nextUpdateMs <= nowMs) {
      const at = this.nextUpdateMs - this.lastMs;
      for (let c = 0; c < powerW.length; c++) {
        const mj = this.energyMJ[c]! + powerW[c]! * at;
        this.shownW[c] = (mj - this.atUpdateMJ[c]!) / this.periodMs;
        this.atUpdateMJ[c] = mj;
      }
      this.nextUpdateMs += this.periodMs;
    }
    const dt = nowMs - this.lastMs;
    for (let c = 0; c < powerW.length; c++) this.energyMJ[c]! += powerW[c]! * dt;
    this.lastMs = nowMs;
  }

  /** When the shown values next change, ms. */
  get nextUpdate(): number {
    return this.nextUpdateMs;
  }
}
