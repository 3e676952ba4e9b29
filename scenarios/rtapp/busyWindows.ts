/**
 * Busy time of each cpu, summed over consecutive windows of equal length: one flat table, grown as
 * the workload runs, up to a bound that keeps a long or fine-grained co-workload from taking all the
 * memory there is.
 */

/** Windows a workload may be busy in: with the default 100 ms windows, 5.6 hours. */
export const MAX_WINDOWS = 200_000;

export class BusyWindows {
  private data: Float64Array;
  private readonly index: Map<number, number>;
  /** Windows up to the last one with busy time (window indices 0..count-1). */
  count = 0;

  /**
   * @param cpus - the board cpus, in the order the table keeps them
   * @param windowUs - length of a window, us
   */
  constructor(
    readonly cpus: readonly number[],
    readonly windowUs: number,
  ) {
    this.index = new Map(cpus.map((c, i) => [c, i]));
    this.data = new Float64Array(64 * cpus.length);
  }

  /**
   * Books cpu busy from fromUs to toUs.
   * @returns false, booking nothing, when that reaches past MAX_WINDOWS windows
   */
  add(cpu: number, fromUs: number, toUs: number): boolean {
    const n = this.cpus.length;
    const i = this.index.get(cpu)!;
    const last = Math.ceil(toUs / this.windowUs) - 1;
    if (last >= MAX_WINDOWS) return false;
    if ((last + 1) * n > this.data.length) {
      const grown = new Float64Array(Math.min(MAX_WINDOWS, Math.max(2 * (this.data.length / n), last + 1)) * n);
      grown.set(this.data);
      this.data = grown;
    }
    for (let k = Math.floor(fromUs / this.windowUs); k * this.windowUs < toUs; k++) {
      const overlap = Math.min(toUs, (k + 1) * this.windowUs) - Math.max(fromUs, k * this.windowUs);
      if (overlap <= 0) continue;
      this.data[k * n + i]! += overlap;
      if (k + 1 > this.count) this.count = k + 1;
    }
    return true;
  }

  /** Busy time of a cpu in window k, us. */
  busyUs(k: number, cpu: number): number {
    return k < this.count ? this.data[k * this.cpus.length + this.index.get(cpu)!]! : 0;
  }
}
