/**
 * Percentiles in constant memory: a histogram with logarithmic bins 0.5 % wide, so a one-hour run
 * does not keep every latency. A percentile is exact to within half a bin (0.25 % relative).
 */
const GROWTH = 1.005;
const LOG_GROWTH = Math.log(GROWTH);
/** Values below this (in the histogram's unit) share the first bin. */
const FLOOR = 1e-6;
/**
 * Bins below this are counted in an array (up to 5.6e11 times FLOOR: every latency and decision
 * time of a run), the rest in a map; an array index is cheaper than a map's look-up and update,
 * which every inference and every control period pays.
 */
const DENSE = 8192;

/** A histogram of non-negative values in logarithmic bins, for percentiles (see the file's comment). */
export class Histogram {
  private dense: Float64Array | null = null;
  private readonly counts = new Map<number, number>();
  private n = 0;
  private zeros = 0;
  private maxSeen = -Infinity;

  /**
   * Counts one value, `weight` times (a value sampled from several stands for them all); a
   * negative, NaN or infinite value is ignored.
   */
  add(value: number, weight = 1): void {
    if (!(value >= 0) || !Number.isFinite(value)) return;
    this.n += weight;
    this.maxSeen = Math.max(this.maxSeen, value);
    if (value < FLOOR) {
      this.zeros += weight;
      return;
    }
    const bin = Math.floor(Math.log(value / FLOOR) / LOG_GROWTH);
    if (bin >= 0 && bin < DENSE) {
      this.dense ??= new Float64Array(DENSE);
      this.dense[bin]! += weight;
    } else this.counts.set(bin, (this.counts.get(bin) ?? 0) + weight);
  }

  /** Values counted. */
  get count(): number {
    return this.n;
  }

  /** The q-quantile (0..1) as the centre of its bin, or null when empty. */
  quantile(q: number): number | null {
    if (this.n === 0) return null;
    const rank = Math.max(1, Math.ceil(q * this.n));
    if (rank <= this.zeros) return 0;
    let seen = this.zeros;
    const dense = this.dense;
    if (dense) {
      for (let bin = 0; bin < DENSE; bin++) {
        if (dense[bin] === 0) continue;
        seen += dense[bin]!;
        if (seen >= rank) return Math.min(this.maxSeen, FLOOR * GROWTH ** (bin + 0.5));
      }
    }
    const bins = [...this.counts.keys()].sort((a, b) => a - b);
    for (const bin of bins) {
      seen += this.counts.get(bin)!;
      if (seen >= rank) return Math.min(this.maxSeen, FLOOR * GROWTH ** (bin + 0.5));
    }
    return this.maxSeen;
  }
}
