/**
 * The load ondemand and conservative act on, as the kernel computes it: drivers/cpufreq/cpufreq_governor.c
 * dbs_update (Linux v4.7 to v6.x), `load = 100 * (time_elapsed - idle_time) / time_elapsed` on unsigned
 * integer microseconds, so the load is a whole percent, rounded down.
 */

/**
 * dbs_update's load of one window: the busy share turned into idle microseconds over the window, then
 * the kernel's integer percent.
 *
 * In words: the busy share in whole percent, rounded down, so 80.5 % busy is a load of 80, which is not
 * above an up_threshold of 80.
 *
 * The kernel counts idle time in whole microseconds (get_cpu_idle_time_us); the twin's busy share is
 * a mean of sensor readings, so its idle time is rounded to the nearest microsecond first, which keeps
 * a share of exactly 0.8 at load 80 whatever the float noise in 1 - 0.8.
 *
 * @param busy - busy share over the window, 0..1 (values outside are clamped)
 * @param elapsedUs - time_elapsed, us: the window's length (non-positive or not finite: 10 ms, the
 *   governors' default sampling rate, since a load needs a window)
 * @returns the load, an integer in 0..100
 */
export function dbsLoad(busy: number, elapsedUs: number): number {
  const elapsed = Number.isFinite(elapsedUs) && elapsedUs >= 1 ? Math.round(elapsedUs) : 10_000;
  const share = Math.min(Math.max(busy, 0), 1);
  const idle = Math.round((1 - share) * elapsed);
  return Math.floor((100 * (elapsed - idle)) / elapsed);
}
