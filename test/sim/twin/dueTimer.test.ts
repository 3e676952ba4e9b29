/**
 * The twin's own events on a wall clock: a timer that fires before its time (Node's do, by up to a
 * millisecond) must not make the event happen early.
 */
import fc from 'fast-check';
import { Subscription, type SchedulerAction, type SchedulerLike } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { DueTimer } from '../../../sim/twin/dueTimer.js';

/** A clock whose timers fire when the test says, early or late, as a loaded event loop's may. */
function manualClock() {
  let nowMs = 0;
  const timers: { delayMs: number; work: () => void; cancelled: boolean }[] = [];
  const scheduler: SchedulerLike = {
    now: () => nowMs,
    schedule<T>(work: (this: SchedulerAction<T>, state?: T) => void, delayMs = 0): Subscription {
      const timer = { delayMs, work: () => work.call(undefined as unknown as SchedulerAction<T>), cancelled: false };
      timers.push(timer);
      return new Subscription(() => {
        timer.cancelled = true;
      });
    },
  };
  return {
    scheduler,
    /** Fires the oldest live timer with the clock at `atMs`. */
    fireAt(atMs: number): void {
      const timer = timers.find((t) => !t.cancelled);
      if (!timer) throw new Error('no timer set');
      timer.cancelled = true;
      nowMs = atMs;
      timer.work();
    },
    live: () => timers.filter((t) => !t.cancelled),
  };
}

describe('DueTimer on a wall clock', () => {
  it('runs an event no sooner than its due time, however early its timers fire', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1, max: 100, noNaN: true }),
        fc.array(fc.double({ min: 0.001, max: 0.999, noNaN: true }), { maxLength: 4 }),
        fc.double({ min: 0, max: 2, noNaN: true }),
        (dueMs, earlyFractions, lateMs) => {
          const clock = manualClock();
          const ran: { dueMs: number; atMs: number }[] = [];
          const timer = new DueTimer(clock.scheduler, (d) => ran.push({ dueMs: d, atMs: clock.scheduler.now() }));
          timer.at(dueMs, dueMs);
          // Each early firing leaves the event waiting, with one timer set for the rest of the time.
          for (const f of earlyFractions) {
            clock.fireAt(dueMs - f);
            expect(ran).toEqual([]);
            expect(clock.live()).toHaveLength(1);
            expect(clock.live()[0]!.delayMs).toBeCloseTo(f, 9);
          }
          clock.fireAt(dueMs + lateMs);
          expect(ran).toEqual([{ dueMs, atMs: dueMs + lateMs }]);
        },
      ),
    );
  });

  it('drops an event still waiting out an early firing', () => {
    const clock = manualClock();
    const ran: number[] = [];
    const timer = new DueTimer(clock.scheduler, (d) => ran.push(d));
    timer.at(10, 10);
    clock.fireAt(9.5);
    timer.drop();
    expect(clock.live()).toEqual([]);
    expect(ran).toEqual([]);
  });
});
