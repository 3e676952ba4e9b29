/**
 * rt-app's resources, made on first use as rt-app 1.0 makes them, with the semantics of its events
 * (src/rt-app.c, run_event; doc/tutorial.txt):
 * - a mutex: lock takes it or queues (first come, first served), unlock hands it to the first queued;
 * - a condition: wait releases its mutex and blocks, signal wakes the first waiter, broad (and resume)
 *   every waiter, each retaking its mutex; a wake-up with nobody waiting is lost, as a condition
 *   variable's is; suspend waits on the condition of its name;
 * - a barrier: blocks until as many arrivals as the file has uses of it (one per event per thread),
 *   then releases them all;
 * - a timer: its first use sets its next wake-up to the start of the using thread; each use moves it
 *   on by the period and waits for it; when already past it, no wait, and a relative timer restarts
 *   from now (an absolute one keeps its grid and catches up).
 * Each method says whether the thread goes on now, blocks, or sleeps until a time.
 */
import type { Thread } from './threads.js';

export type Outcome = { kind: 'go-on' } | { kind: 'block' } | { kind: 'sleep'; untilUs: number };

const GO_ON: Outcome = { kind: 'go-on' };
const BLOCK: Outcome = { kind: 'block' };

interface Mutex {
  owner: Thread | null;
  queue: Thread[];
}

interface Waiter {
  thread: Thread;
  /** The mutex to take back when woken; null for suspend. */
  mutex: string | null;
}

interface Timer {
  started: boolean;
  nextUs: number;
}

export class SyncObjects {
  /** What the last timer() found: its wake-up minus now, us (negative: the thread was late), as rt-app's slack. */
  lastTimerSlackUs = 0;
  private readonly mutexes = new Map<string, Mutex>();
  private readonly conditions = new Map<string, Waiter[]>();
  private readonly arrivals = new Map<string, Thread[]>();
  private readonly timers = new Map<string, Timer>();

  /**
   * @param wake - makes a blocked thread ready to go on at the current time
   * @param barrierUses - uses of each barrier over all threads
   * @param absoluteTimers - timer keys (timerKey) that any of their events names absolute
   */
  constructor(
    private readonly wake: (thread: Thread) => void,
    private readonly barrierUses: ReadonlyMap<string, number>,
    private readonly absoluteTimers: ReadonlySet<string>,
  ) {}

  private mutex(name: string): Mutex {
    let m = this.mutexes.get(name);
    if (!m) {
      m = { owner: null, queue: [] };
      this.mutexes.set(name, m);
    }
    return m;
  }

  private waiters(name: string): Waiter[] {
    let w = this.conditions.get(name);
    if (!w) {
      w = [];
      this.conditions.set(name, w);
    }
    return w;
  }

  lock(t: Thread, name: string): Outcome {
    const m = this.mutex(name);
    if (m.owner === null) {
      m.owner = t;
      return GO_ON;
    }
    m.queue.push(t);
    return BLOCK;
  }

  /** Releases a mutex the thread holds (unlocking one it does not hold changes nothing). */
  unlock(t: Thread, name: string): Outcome {
    const m = this.mutex(name);
    if (m.owner !== t) return GO_ON;
    const next = m.queue.shift() ?? null;
    m.owner = next;
    if (next) this.wake(next);
    return GO_ON;
  }

  wait(t: Thread, condition: string, mutex: string | null): Outcome {
    if (mutex !== null) this.unlock(t, mutex);
    this.waiters(condition).push({ thread: t, mutex });
    return BLOCK;
  }

  signal(condition: string): Outcome {
    const first = this.waiters(condition).shift();
    if (first) this.retake(first);
    return GO_ON;
  }

  broadcast(condition: string): Outcome {
    for (const w of this.waiters(condition).splice(0)) this.retake(w);
    return GO_ON;
  }

  /** A woken waiter goes on once it holds its mutex again. */
  private retake(w: Waiter): void {
    if (w.mutex === null) {
      this.wake(w.thread);
      return;
    }
    const m = this.mutex(w.mutex);
    if (m.owner === null) {
      m.owner = w.thread;
      this.wake(w.thread);
    } else {
      m.queue.push(w.thread);
    }
  }

  barrier(t: Thread, name: string): Outcome {
    const arrived = this.arrivals.get(name) ?? [];
    this.arrivals.set(name, arrived);
    if (arrived.length + 1 >= (this.barrierUses.get(name) ?? 1)) {
      for (const other of arrived.splice(0)) this.wake(other);
      return GO_ON;
    }
    arrived.push(t);
    return BLOCK;
  }

  timer(t: Thread, key: string, periodUs: number, nowUs: number): Outcome {
    let timer = this.timers.get(key);
    if (!timer) {
      timer = { started: false, nextUs: 0 };
      this.timers.set(key, timer);
    }
    if (!timer.started) {
      timer.started = true;
      timer.nextUs = t.startUs;
    }
    timer.nextUs += periodUs;
    this.lastTimerSlackUs = timer.nextUs - nowUs;
    if (nowUs < timer.nextUs) return { kind: 'sleep', untilUs: timer.nextUs };
    if (!this.absoluteTimers.has(key)) timer.nextUs = nowUs;
    return GO_ON;
  }
}

/**
 * The resource a timer event names: a ref starting with "unique" is the thread's own (rt-app makes one
 * per thread instance), any other is shared by every thread naming it.
 */
export function timerKey(threadId: number, ref: string): string {
  return ref.startsWith('unique') ? `${threadId}\u0000${ref}` : ref;
}
