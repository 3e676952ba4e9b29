/**
 * The request rate as a policy can see it: arrivals counted over a sliding window of control
 * periods. A single period holds 0 or 1 arrival at 30 fps, far too noisy to plan on.
 */
export class RateEstimator {
  private readonly counts: number[] = [];
  private sum = 0;

  constructor(
    private readonly periodMs: number,
    private readonly windowMs = 1000,
  ) {}

  /** Adds one control period's arrivals (ignored when not a count). */
  add(arrivals: number): void {
    if (!(Number.isFinite(arrivals) && arrivals >= 0)) return;
    this.counts.push(arrivals);
    this.sum += arrivals;
    const keep = Math.max(1, Math.round(this.windowMs / this.periodMs));
    while (this.counts.length > keep) this.sum -= this.counts.shift()!;
  }

  /** Mean time between requests over the window, ms; Infinity before any arrival. */
  intervalMs(): number {
    return this.sum > 0 ? (this.counts.length * this.periodMs) / this.sum : Infinity;
  }
}
