/**
 * A power sensor that shows the average over its last completed update period and holds it for the
 * next period, as an INA231 or INA3221 does (models/types.ts PowerSensor 'sampled'); one reading per
 * channel. Its owner integrates the channels' energy anyway; the sensor only does work when a step
 * crosses one of its updates, so the twin's sensors and the model's account of them lag as the
 * board's do at almost no cost.
 */
export class SampledSensor {
  /** What each channel shows now, W. */
  readonly shownW: Float64Array;
  /** Each channel's energy at the last update, mJ. */
  private readonly atUpdateMJ: Float64Array;
  private nextUpdateMs: number;

  /**
   * @param periodMs - time between two updates
   * @param startMs - the first period starts here; until it ends the sensor shows startW
   * @param startW - each channel's power at the start
   */
  constructor(
    private readonly periodMs: number,
    startMs: number,
    startW: ArrayLike<number>,
  ) {
    this.shownW = Float64Array.from(startW);
    this.atUpdateMJ = new Float64Array(startW.length);
    this.nextUpdateMs = startMs + periodMs;
  }

  /** When the shown values next change, ms. */
  get nextUpdate(): number {
    return this.nextUpdateMs;
  }

  /**
   * A step of constant power from fromMs to toMs; energyMJ is each channel's energy (since the start)
   * at fromMs. Updates that fall in the step take the average over the period before them.
   */
  step(fromMs: number, toMs: number, energyMJ: ArrayLike<number>, powerW: ArrayLike<number>): void {
    while (this.nextUpdateMs <= toMs) {
      const at = this.nextUpdateMs - fromMs;
      for (let c = 0; c < powerW.length; c++) {
        const mj = energyMJ[c]! + powerW[c]! * at;
        this.shownW[c] = (mj - this.atUpdateMJ[c]!) / this.periodMs;
        this.atUpdateMJ[c] = mj;
      }
      this.nextUpdateMs += this.periodMs;
    }
  }
}
