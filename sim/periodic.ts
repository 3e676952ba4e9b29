/**
 * A periodic stream on a scheduler, due at whole multiples of its period from the start (first,
 * first + period, ...) rather than one period after the last one ran. In virtual time the two are
 * the same; on a wall clock a late timer would otherwise push every later one back, and a 30 fps
 * source would deliver fewer than 30 frames a second.
 */
import { Observable, type SchedulerLike, type Subscription } from 'rxjs';

/** When a periodic stream starts, and what it does with times its clock missed. */
export interface PeriodicOptions {
  /** When the first is due, ms from now (default: one period). */
  firstMs?: number;
  /**
   * What to do with times missed while the clock was behind: 'catch-up' delivers each of them at
   * once (frames a camera took anyway); 'skip' goes on at the next time still ahead (a timer that
   * fires once however late it is).
   */
  missed: 'catch-up' | 'skip';
}

/** Emits the index of each time due: 0, 1, 2, ... (every() as a stream). */
export function periodic(periodMs: number, scheduler: SchedulerLike, o: PeriodicOptions): Observable<number> {
  return new Observable<number>((subscriber) => every(periodMs, scheduler, o, (k) => subscriber.next(k)));
}

/**
 * The times themselves, without an Observable around them: `next` called straight from the
 * scheduler's action with the index of each time due. For the loop's own sources, which run every few
 * milliseconds of a simulated hour (an Observable's subscriber layers cost more than the handler's
 * own work there). Unsubscribing the returned action stops it.
 */
export function every(
  periodMs: number,
  scheduler: SchedulerLike,
  o: PeriodicOptions,
  next: (k: number) => void,
): Subscription {
  const originMs = scheduler.now() + (o.firstMs ?? periodMs);
  let k = 0;
  return scheduler.schedule(function () {
    next(k);
    const now = scheduler.now();
    k++;
    if (o.missed === 'skip') k = Math.max(k, Math.ceil((now - originMs) / periodMs + 1e-9));
    this.schedule(undefined, Math.max(0, originMs + k * periodMs - now));
  }, o.firstMs ?? periodMs);
}
