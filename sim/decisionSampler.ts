/**
 * Which decide() calls the loop times on the wall clock: every one of the first EVERY_UNTIL, then one
 * in SAMPLE_EVERY, which stands for the calls between. Reading a monotonic clock twice and binning the
 * time cost more than rtm's memoised decision itself (about 8 % of a simulated hour); a systematic
 * sample of an hour's 360,000 calls keeps its median and 99th percentile, and a short run (a test's
 * few hundred periods) is still timed whole.
 */

/** Calls timed whole before sampling starts. */
export const EVERY_UNTIL = 1024;
/** After them, one call in this many is timed. */
export const SAMPLE_EVERY = 8;

/** Says, call by call, whether to time it and how many calls its time stands for. */
export class DecisionSampler {
  private calls = 0;

  /** The weight of the next call's time: 0 when it is not timed, else how many calls it stands for. */
  next(): number {
    const k = this.calls++;
    if (k < EVERY_UNTIL) return 1;
    return (k - EVERY_UNTIL) % SAMPLE_EVERY === 0 ? SAMPLE_EVERY : 0;
  }
}
