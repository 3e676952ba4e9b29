/** periodic(): due at whole multiples of its period from the start, however late its timers fire. */
import type { SchedulerAction, SchedulerLike } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { HeapScheduler } from '../../sim/heapScheduler.js';
import { periodic } from '../../sim/periodic.js';

/**
 * A scheduler run by hand, whose n-th timer fires `lateMs(n)` after it was due, as a wall clock's do
 * under load; run(untilMs) fires timers in order until then.
 */
function lateClock(lateMs: (n: number) => number) {
  let now = 0;
  let n = 0;
  const queue: { at: number; fire: () => void }[] = [];
  const scheduler: SchedulerLike = {
    now: () => now,
    schedule<T>(work: (this: SchedulerAction<T>, state?: T) => void, delay = 0, state?: T) {
      let closed = false;
      const action = {
        closed: false,
        schedule(next?: T, nextDelay = 0) {
          enqueue(next, nextDelay);
          return action as unknown as SchedulerAction<T>;
        },
        unsubscribe: () => {
          closed = true;
        },
      };
      const enqueue = (s: T | undefined, d: number) =>
        queue.push({
          at: now + d + lateMs(n++),
          fire: () => !closed && work.call(action as unknown as SchedulerAction<T>, s),
        });
      enqueue(state, delay);
      return action as unknown as SchedulerAction<T>;
    },
  };
  const run = (untilMs: number) => {
    for (;;) {
      queue.sort((a, b) => a.at - b.at);
      const next = queue[0];
      if (!next || next.at > untilMs) return;
      queue.shift();
      now = next.at;
      next.fire();
    }
  };
  return { scheduler, run, now: () => now };
}

describe('periodic', () => {
  it('emits at first + k x period in virtual time, with no drift from adding periods up', () => {
    const heap = new HeapScheduler();
    const times: number[] = [];
    const sub = periodic(1000 / 30, heap.lane(0), { firstMs: 0, missed: 'catch-up' }).subscribe(() =>
      times.push(heap.now()),
    );
    heap.flush(10_000);
    sub.unsubscribe();
    expect(times).toHaveLength(301);
    times.forEach((t, k) => {
      expect(t).toBe(k * (1000 / 30));
    });
  });

  it('delivers every missed time at once when catching up, and keeps its schedule after', () => {
    const clock = lateClock((n) => (n === 2 ? 25 : 0));
    const seen: [number, number][] = [];
    // The third timer fires 25 ms late.
    const sub = periodic(10, clock.scheduler, { missed: 'catch-up' }).subscribe((k) => seen.push([k, clock.now()]));
    clock.run(100);
    sub.unsubscribe();
    expect(seen.map(([k]) => k)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(seen.map(([, t]) => t)).toEqual([10, 20, 55, 55, 55, 60, 70, 80, 90, 100]);
  });

  it('skips the times it missed when told to, and keeps its schedule after', () => {
    const clock = lateClock((n) => (n === 2 ? 25 : 0));
    const seen: [number, number][] = [];
    const sub = periodic(10, clock.scheduler, { missed: 'skip' }).subscribe((k) => seen.push([k, clock.now()]));
    clock.run(100);
    sub.unsubscribe();
    expect(seen).toEqual([
      [0, 10],
      [1, 20],
      [2, 55],
      [5, 60],
      [6, 70],
      [7, 80],
      [8, 90],
      [9, 100],
    ]);
  });
});
