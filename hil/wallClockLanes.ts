/**
 * The control loop's clock on real hardware: RxJS's asyncScheduler (timers on the event loop) for
 * every lane, and a monotonic clock that starts at zero when the run's sources start (start()). Lanes keep no priority
 * here: on the wall clock, same-time events are a matter of microseconds.
 */
import { performance } from 'node:perf_hooks';
import { asyncScheduler, type SchedulerAction, type SchedulerLike } from 'rxjs';
import type { Lanes } from '../sim/heapScheduler.js';

/** The wall clock's lanes for the control loop (see the file's comment). */
export function wallClockLanes(): Lanes {
  // Until start(), time stands at 0: the setup of a run is not part of it.
  let origin: number | null = null;
  const now = () => (origin === null ? 0 : performance.now() - origin);
  const lane: SchedulerLike = {
    now,
    schedule: <T>(work: (this: SchedulerAction<T>, state?: T) => void, delay?: number, state?: T) =>
      asyncScheduler.schedule(work, delay, state),
  };
  return {
    now,
    lane: () => lane,
    start: () => {
      origin ??= performance.now();
    },
  };
}
