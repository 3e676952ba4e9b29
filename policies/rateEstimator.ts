/**
 * The request rate as a policy can see it: arrivals counted over a sliding window of control
 * periods. A single period holds 0 or 1 arrival at 30 fps, far too noisy to plan on.
 */
export class RateEstimator {
  private readonly counts: Float64Array;
  private next = 0;
  private filled = 0;
  private sum = 0;

  constructor(
    private readonly periodMs: number,
    windowMs = 1000,
  ) {
    this.counts = new Float64Array(Math.max(1, Math.round(windowMs / periodMs)));
  }

  /** Adds one control period's arrivals (ignored when not a count). */
  add(arrivals: number): void {
    if (!(Number.isFinite(arrivals) && arrivals >= 0)) return;
    this.sum += arrivals - this.counts[this.next]!;
    this.counts[this.next] = arrivals;
    this.next = (this.next + 1) % this.counts.length;
    this.filled = Math.min(this.filled + 1, this.counts.length);
  }

  /** Mean time between requests over the window, ms; Infinity before any arrival. */
  intervalMs(): number {
    return this.sum > 0 ? (this.filled * this.periodMs) / this.sum : Infinity;
  }
}
