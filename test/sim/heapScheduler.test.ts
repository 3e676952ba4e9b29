import fc from 'fast-check';
import { from, interval, of, timer } from 'rxjs';
import { delay, map, mergeMap, take } from 'rxjs/operators';
import type { SchedulerAction } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { HeapScheduler, PRIORITY, type Priority } from '../../sim/heapScheduler.js';

const LANES = Object.values(PRIORITY) as Priority[];

describe('HeapScheduler ordering', () => {
  it('should run same-time actions by priority lane, then in scheduling order', () => {
    // Arrange
    const s = new HeapScheduler();
    const log: string[] = [];
    const put = (p: Priority, name: string) => s.lane(p).schedule(() => log.push(name), 5);
    put(PRIORITY.control, 'control-1');
    put(PRIORITY.environment, 'env-1');
    put(PRIORITY.end, 'end');
    put(PRIORITY.dnn, 'dnn-1');
    put(PRIORITY.environment, 'env-2');
    put(PRIORITY.control, 'control-2');
    put(PRIORITY.request, 'request');
    put(PRIORITY.sensor, 'sensor');
    put(PRIORITY.dnn, 'dnn-2');
    // Act
    s.flush();
    // Assert
    expect(log).toEqual(['env-1', 'env-2', 'dnn-1', 'dnn-2', 'request', 'sensor', 'control-1', 'control-2', 'end']);
  });

  it('should run earlier actions before later ones whatever their lane', () => {
    const s = new HeapScheduler();
    const log: string[] = [];
    s.lane(PRIORITY.environment).schedule(() => log.push('env@2'), 2);
    s.lane(PRIORITY.end).schedule(() => log.push('end@1'), 1);
    s.flush();
    expect(log).toEqual(['end@1', 'env@2']);
  });

  it('should run a same-time action scheduled during a flush after those already queued in its lane', () => {
    const s = new HeapScheduler();
    const log: string[] = [];
    const lane = s.lane(PRIORITY.dnn);
    lane.schedule(() => {
      log.push('a');
      lane.schedule(() => log.push('c'), 0);
    }, 3);
    lane.schedule(() => log.push('b'), 3);
    s.flush();
    expect(log).toEqual(['a', 'b', 'c']);
  });

  it('should show each action its own due time as now()', () => {
    const s = new HeapScheduler();
    const seen: number[] = [];
    for (const d of [7, 3, 11]) s.lane(PRIORITY.sensor).schedule(() => seen.push(s.now()), d);
    s.flush();
    expect(seen).toEqual([3, 7, 11]);
  });

  it('the engine runs random schedules in (time, priority, sequence) order', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ delayMs: fc.nat(50), priority: fc.constantFrom(...LANES) }), { maxLength: 60 }),
        (plan) => {
          const s = new HeapScheduler();
          const log: number[] = [];
          plan.forEach((p, seq) => {
            s.lane(p.priority).schedule(() => log.push(seq), p.delayMs);
          });
          s.flush();
          const expected = plan
            .map((p, seq) => ({ ...p, seq }))
            .sort((a, b) => a.delayMs - b.delayMs || a.priority - b.priority || a.seq - b.seq)
            .map((p) => p.seq);
          expect(log).toEqual(expected);
        },
      ),
    );
  });

  it('the engine runs schedules interleaved with partial flushes in (time, priority, sequence) order', () => {
    type Op = { kind: 'schedule'; delayMs: number; priority: Priority } | { kind: 'flush'; byMs: number };
    const op: fc.Arbitrary<Op> = fc.oneof(
      fc.record({
        kind: fc.constant('schedule' as const),
        delayMs: fc.double({ min: 0, max: 40, noNaN: true }),
        priority: fc.constantFrom(...LANES),
      }),
      fc.record({ kind: fc.constant('flush' as const), byMs: fc.nat(30) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        // Model: pending (time, priority, seq) entries; a flush runs those due, sorted.
        const s = new HeapScheduler();
        const log: { seq: number; atMs: number }[] = [];
        const expected: { seq: number; atMs: number }[] = [];
        let pending: { timeMs: number; priority: number; seq: number }[] = [];
        let nowMs = 0;
        let seq = 0;
        const runModel = (untilMs: number) => {
          const due = pending
            .filter((p) => p.timeMs <= untilMs)
            .sort((a, b) => a.timeMs - b.timeMs || a.priority - b.priority || a.seq - b.seq);
          pending = pending.filter((p) => p.timeMs > untilMs);
          for (const p of due) expected.push({ seq: p.seq, atMs: p.timeMs });
          nowMs = untilMs;
        };
        for (const o of ops) {
          if (o.kind === 'schedule') {
            const id = seq++;
            s.lane(o.priority).schedule(() => log.push({ seq: id, atMs: s.now() }), o.delayMs);
            pending.push({ timeMs: nowMs + o.delayMs, priority: o.priority, seq: id });
          } else {
            s.flush(nowMs + o.byMs);
            runModel(nowMs + o.byMs);
          }
        }
        s.flush();
        runModel(Infinity);
        expect(log).toEqual(expected);
      }),
    );
  });
});

describe('HeapScheduler actions', () => {
  it('should replace a pending run when an action reschedules itself', () => {
    // Arrange: the first run asks for 5 ms later, then changes its mind to 3 ms.
    const s = new HeapScheduler();
    const log: [number, string][] = [];
    s.lane(PRIORITY.dnn).schedule(function (this: SchedulerAction<string>, state?: string) {
      log.push([s.now(), state ?? 'first']);
      if (state === undefined) {
        this.schedule('late', 5);
        this.schedule('early', 3);
      }
    }, 1);
    // Act
    s.flush();
    // Assert
    expect(log).toEqual([
      [1, 'first'],
      [4, 'early'],
    ]);
  });

  it('should run a rescheduled action once, at its new time, when rescheduled from outside before it is due', () => {
    const s = new HeapScheduler();
    const log: number[] = [];
    const action = s
      .lane(PRIORITY.request)
      .schedule(() => log.push(s.now()), 10) as unknown as SchedulerAction<undefined>;
    action.schedule(undefined, 20);
    s.flush();
    expect(log).toEqual([20]);
  });

  it('should never run an action unsubscribed before it is due', () => {
    const s = new HeapScheduler();
    const log: string[] = [];
    const sub = s.lane(PRIORITY.sensor).schedule(() => log.push('ran'), 10);
    sub.unsubscribe();
    s.flush();
    expect(log).toEqual([]);
  });

  it('should never run an action unsubscribed by a same-time action that ran before it', () => {
    const s = new HeapScheduler();
    const log: string[] = [];
    const victim = s.lane(PRIORITY.control).schedule(() => log.push('victim'), 5);
    s.lane(PRIORITY.environment).schedule(() => victim.unsubscribe(), 5);
    s.flush();
    expect(log).toEqual([]);
  });

  it('should not count skipped actions as events', () => {
    const s = new HeapScheduler();
    s.lane(PRIORITY.dnn)
      .schedule(() => {}, 1)
      .unsubscribe();
    s.lane(PRIORITY.dnn).schedule(() => {}, 2);
    s.flush();
    expect(s.eventCount).toBe(1);
  });

  it('should refuse a negative delay', () => {
    const s = new HeapScheduler();
    expect(() => s.lane(PRIORITY.dnn).schedule(() => {}, -1)).toThrow(RangeError);
  });

  it('should refuse a NaN delay', () => {
    const s = new HeapScheduler();
    expect(() => s.lane(PRIORITY.dnn).schedule(() => {}, Number.NaN)).toThrow(RangeError);
  });
});

describe('HeapScheduler.flush', () => {
  it('should leave the clock at until', () => {
    const s = new HeapScheduler();
    s.lane(PRIORITY.dnn).schedule(() => {}, 5);
    s.flush(100);
    expect(s.now()).toBe(100);
  });

  it('should leave the clock at until when nothing was due', () => {
    const s = new HeapScheduler();
    s.flush(42);
    expect(s.now()).toBe(42);
  });

  it('should keep actions due after until for a later flush', () => {
    const s = new HeapScheduler();
    const log: number[] = [];
    s.lane(PRIORITY.dnn).schedule(() => log.push(s.now()), 150);
    s.flush(100);
    expect(log).toEqual([]);
    s.flush(200);
    expect(log).toEqual([150]);
    expect(s.now()).toBe(200);
  });

  it('should run an action due exactly at until', () => {
    const s = new HeapScheduler();
    const log: number[] = [];
    s.lane(PRIORITY.end).schedule(() => log.push(s.now()), 100);
    s.flush(100);
    expect(log).toEqual([100]);
  });

  it('should measure a delay from the clock left by the last flush', () => {
    const s = new HeapScheduler();
    const log: number[] = [];
    s.flush(50);
    s.lane(PRIORITY.dnn).schedule(() => log.push(s.now()), 10);
    s.flush();
    expect(log).toEqual([60]);
  });

  it('should refuse to flush back in time', () => {
    const s = new HeapScheduler();
    s.flush(10);
    expect(() => s.flush(5)).toThrow(RangeError);
  });
});

describe('RxJS operators on a lane', () => {
  /** Subscribes and records (time, value) pairs, and whether the stream completed. */
  function record<T>(s: HeapScheduler, source: import('rxjs').Observable<T>) {
    const log: [number, T][] = [];
    const state = { completed: false };
    source.subscribe({ next: (v) => log.push([s.now(), v]), complete: () => (state.completed = true) });
    return { log, state };
  }

  it('should emit timer once at its due time and complete', () => {
    const s = new HeapScheduler();
    const { log, state } = record(s, timer(10, s.lane(PRIORITY.sensor)));
    s.flush();
    expect(log).toEqual([[10, 0]]);
    expect(state.completed).toBe(true);
  });

  it('should emit interval with take(3) at each period, then stop', () => {
    const s = new HeapScheduler();
    const { log, state } = record(s, interval(10, s.lane(PRIORITY.sensor)).pipe(take(3)));
    s.flush(1000);
    expect(log).toEqual([
      [10, 0],
      [20, 1],
      [30, 2],
    ]);
    expect(state.completed).toBe(true);
  });

  it('should leave no live action behind an interval that take() ended', () => {
    const s = new HeapScheduler();
    record(s, interval(10, s.lane(PRIORITY.sensor)).pipe(take(3)));
    s.flush(1000);
    expect(s.eventCount).toBe(3);
  });

  it('should shift every value by delay()', () => {
    const s = new HeapScheduler();
    const { log } = record(s, of(1, 2, 3).pipe(delay(5, s.lane(PRIORITY.request))));
    s.flush();
    expect(log).toEqual([
      [5, 1],
      [5, 2],
      [5, 3],
    ]);
  });

  it('should interleave inner timers of mergeMap by their due times', () => {
    const s = new HeapScheduler();
    const lane = s.lane(PRIORITY.request);
    const { log, state } = record(s, from([30, 10, 20]).pipe(mergeMap((d) => timer(d, lane).pipe(map(() => d)))));
    s.flush();
    expect(log).toEqual([
      [10, 10],
      [20, 20],
      [30, 30],
    ]);
    expect(state.completed).toBe(true);
  });

  it('should stop a timer when its subscription is unsubscribed', () => {
    const s = new HeapScheduler();
    const log: number[] = [];
    const sub = interval(10, s.lane(PRIORITY.sensor)).subscribe((v) => log.push(v));
    s.flush(25);
    sub.unsubscribe();
    s.flush(100);
    expect(log).toEqual([0, 1]);
  });
});
