/**
 * A virtual-time scheduler for RxJS ordered by a binary heap on (time, priority, sequence).
 *
 * RxJS's VirtualTimeScheduler sorts its whole action list on every schedule(); a simulated hour
 * schedules about a million actions, so this keeps them in a heap instead (SimPy's core does the
 * same with heapq). Same-time actions run by a fixed priority (a lane), then in scheduling order.
 * Time is a number of milliseconds that only flush() moves forward: no wall clock, no Promises.
 */
import { Subscription, type SchedulerAction, type SchedulerLike } from 'rxjs';

/** Same-time events run in this order: the world changes, then the DNN progresses, then we look. */
export const PRIORITY = {
  /** Co-workloads, budget and power-mode changes. */
  environment: 0,
  /** Layer boundaries, inference completions, stalls ending. */
  dnn: 1,
  /** Request arrivals. */
  request: 2,
  /** Sensor reads. */
  sensor: 3,
  /** The policy's decisions. */
  control: 4,
  /** The run's end, after everything else due at that time. */
  end: 5,
} as const;
/** One of {@link PRIORITY}'s lanes. */
export type Priority = (typeof PRIORITY)[keyof typeof PRIORITY];

/** A clock and one scheduler per priority lane: what the control loop needs from time. */
export interface Lanes {
  /** The current time, ms. */
  now(): number;
  /** The scheduler of one priority lane (an RxJS SchedulerLike on this clock). */
  lane(priority: Priority): SchedulerLike;
  /**
   * The run's sources start now: a wall clock starts counting here, so the setup before it (the
   * board's first writes and reads, the policy's reset) happens at time 0, as in virtual time.
   */
  start?(): void;
}

interface Entry {
  timeMs: number;
  priority: number;
  seq: number;
  action: HeapAction<unknown>;
  /** The action's generation when this entry was pushed; stale entries are skipped. */
  generation: number;
}

class HeapAction<T> extends Subscription implements SchedulerAction<T> {
  generation = 0;
  state: T | undefined;

  constructor(
    private readonly scheduler: HeapScheduler,
    readonly priority: number,
    private readonly work: (this: SchedulerAction<T>, state?: T) => void,
  ) {
    super();
  }

  /** (Re)schedules this action delayMs from now; a pending run is replaced, as RxJS's actions do. */
  schedule(state?: T, delayMs = 0): Subscription {
    if (this.closed) return this;
    this.state = state;
    this.generation++;
    this.scheduler.push(this as HeapAction<unknown>, delayMs);
    return this;
  }

  execute(): void {
    this.work.call(this, this.state);
  }

  /** Drops a pending run, keeping the action to schedule again (unsubscribing would close it). */
  cancel(): void {
    this.generation++;
  }
}

/**
 * An action scheduled again and again from outside (the twin's inference and stall ends, moved at
 * every clock change): one action for the run instead of one, and a Subscription, per schedule.
 */
export interface Rescheduling<T> {
  /** Runs work(state) delayMs from now; a pending run is dropped. */
  schedule(state: T, delayMs: number): void;
  /** Drops a pending run. */
  cancel(): void;
}

/** One lane of a HeapScheduler: RxJS's SchedulerLike, and actions to schedule again. */
class HeapLane implements SchedulerLike {
  constructor(
    private readonly scheduler: HeapScheduler,
    private readonly priority: number,
  ) {}

  now(): number {
    return this.scheduler.now();
  }

  schedule<T>(work: (this: SchedulerAction<T>, state?: T) => void, delayMs = 0, state?: T): Subscription {
    return new HeapAction<T>(this.scheduler, this.priority, work).schedule(state, delayMs);
  }

  rescheduling<T>(work: (state: T) => void): Rescheduling<T> {
    const action = new HeapAction<T>(this.scheduler, this.priority, (state) => work(state!));
    return { schedule: (state, delayMs) => void action.schedule(state, delayMs), cancel: () => action.cancel() };
  }
}

/**
 * An action to schedule again on this scheduler, where it is a HeapScheduler's lane; null on any
 * other (a wall clock's), where a new action each time is the way.
 */
export function reschedulingOn<T>(scheduler: SchedulerLike, work: (state: T) => void): Rescheduling<T> | null {
  return scheduler instanceof HeapLane ? scheduler.rescheduling(work) : null;
}

function before(a: Entry, b: Entry): boolean {
  if (a.timeMs !== b.timeMs) return a.timeMs < b.timeMs;
  if (a.priority !== b.priority) return a.priority < b.priority;
  return a.seq < b.seq;
}

/**
 * Virtual time for the simulator: one clock, one RxJS scheduler per priority lane, every action in
 * one heap; flush() runs them in order, moving the clock to each one's time.
 */
export class HeapScheduler implements Lanes {
  private heap: Entry[] = [];
  private nowMs = 0;
  private seq = 0;
  private executed = 0;
  private readonly lanes = new Map<number, HeapLane>();

  /** The current virtual time, ms. */
  now(): number {
    return this.nowMs;
  }

  /** Actions run so far (the simulator's event count). */
  get eventCount(): number {
    return this.executed;
  }

  /** Entries in the queue, stale ones included (for memory checks). */
  get queueSize(): number {
    return this.heap.length;
  }

  /** The scheduler of one priority lane (an RxJS SchedulerLike on this clock). */
  lane(priority: Priority): SchedulerLike {
    let lane = this.lanes.get(priority);
    if (!lane) {
      lane = new HeapLane(this, priority);
      this.lanes.set(priority, lane);
    }
    return lane;
  }

  /** @internal Called by actions. */
  push(action: HeapAction<unknown>, delayMs: number): void {
    if (!(delayMs >= 0)) throw new RangeError(`negative or invalid delay ${delayMs} ms`);
    const entry: Entry = {
      timeMs: this.nowMs + delayMs,
      priority: action.priority,
      seq: this.seq++,
      action,
      generation: action.generation,
    };
    const heap = this.heap;
    let i = heap.length;
    heap.push(entry);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(entry, heap[parent]!)) break;
      heap[i] = heap[parent]!;
      i = parent;
    }
    heap[i] = entry;
  }

  private pop(): Entry | undefined {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop();
    if (top === undefined || last === undefined || heap.length === 0) return top;
    let i = 0;
    const n = heap.length;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= n) break;
      const right = left + 1;
      const child = right < n && before(heap[right]!, heap[left]!) ? right : left;
      if (!before(heap[child]!, last)) break;
      heap[i] = heap[child]!;
      i = child;
    }
    heap[i] = last;
    return top;
  }

  /**
   * Runs every action due at or before untilMs, in (time, priority, sequence) order, then sets the
   * clock to untilMs. Actions scheduled while flushing run too if they fall due in time.
   */
  flush(untilMs = Infinity): void {
    if (untilMs < this.nowMs) throw new RangeError(`cannot flush back to ${untilMs} ms from ${this.nowMs} ms`);
    for (;;) {
      const top = this.heap[0];
      if (top === undefined || top.timeMs > untilMs) break;
      this.pop();
      const action = top.action;
      if (action.closed || action.generation !== top.generation) continue;
      this.nowMs = top.timeMs;
      this.executed++;
      action.execute();
    }
    if (untilMs !== Infinity) this.nowMs = untilMs;
  }
}
