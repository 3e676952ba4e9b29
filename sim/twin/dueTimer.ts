/**
 * One of the twin's own events (an inference's end, a stall's end): set, moved and dropped many
 * times a run, at every change of clocks under a load-following governor. On the simulator's heap
 * scheduler it is one action rescheduled; on any other scheduler (the board emulator's wall clock)
 * a new action each time, the old one unsubscribed. The same times either way.
 */
import type { SchedulerLike, Subscription } from 'rxjs';
import { reschedulingOn, type Rescheduling } from '../heapScheduler.js';

/** One event of the twin that is set, moved and dropped, whatever the scheduler (see the file's comment). */
export class DueTimer {
  private readonly again: Rescheduling<number> | null;
  private action: Subscription | null = null;
  private set = false;

  /** @param run - called with the due time the event was set for */
  constructor(
    private readonly scheduler: SchedulerLike,
    private readonly run: (dueMs: number) => void,
  ) {
    this.again = reschedulingOn(scheduler, run);
  }

  /** Set and neither dropped nor cleared since (it stays set while it runs, until cleared). */
  get pending(): boolean {
    return this.set;
  }

  /** Due at dueMs, delayMs from now; one still pending is dropped. */
  at(dueMs: number, delayMs: number): void {
    this.set = true;
    if (this.again) {
      this.again.schedule(dueMs, delayMs);
      return;
    }
    this.action?.unsubscribe();
    this.action = this.scheduler.schedule(() => this.fire(dueMs), delayMs);
  }

  /**
   * A wall clock's timer can fire up to a millisecond before its time (Node's timers count whole
   * milliseconds from the event loop's cached clock): the rest is waited out, so an event never runs
   * before it is due. Run early, an inference's end was answered sooner than the DNN's time after its
   * request, and the board's record of it came out short by as much.
   */
  private fire(dueMs: number): void {
    const earlyMs = dueMs - this.scheduler.now();
    if (earlyMs > 0) {
      this.action = this.scheduler.schedule(() => this.fire(dueMs), earlyMs);
      return;
    }
    this.run(dueMs);
  }

  /** Drops a pending run. */
  drop(): void {
    if (!this.set) return;
    this.set = false;
    if (this.again) {
      this.again.cancel();
      return;
    }
    this.action?.unsubscribe();
    this.action = null;
  }
}
