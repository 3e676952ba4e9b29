/**
 * The agent's dead-man switch: when the controlling side has said nothing for a period, the board
 * must not keep running a stranger's frequencies and busy loops. A request in progress counts as
 * speaking (a slow inference or a workload start must not trip it); an open event stream does not,
 * since a hung controller keeps its stream open.
 */

/** The timer functions the watchdog and the event streams use; injectable for tests. */
export interface AgentTimers {
  /** Calls back after ms; returns a handle for clearTimeout. */
  setTimeout(callback: () => void, ms: number): unknown;
  /** Cancels a pending callback. */
  clearTimeout(handle: unknown): void;
}

/** Node's own timers. */
export const nodeTimers: AgentTimers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/** Calls onSilence when no request has come, and none is in progress, for a period. */
export class Watchdog {
  private handle: unknown = null;
  private busy = 0;
  private stopped = false;

  /**
   * @param periodMs - silence that trips it, ms (> 0)
   * @param timers - where the timer comes from
   * @param onSilence - called once per silence; the watchdog then stays disarmed until the next request
   */
  constructor(
    private readonly periodMs: number,
    private readonly timers: AgentTimers,
    private readonly onSilence: () => void,
  ) {
    if (!(periodMs > 0)) throw new RangeError(`watchdog period ${periodMs} ms must be above 0`);
  }

  /** A request arrived and is being served: the controller is alive, and stays so until end(). */
  begin(): void {
    this.busy++;
    this.arm();
  }

  /** The request begun last has been answered (or its client went away): the silence starts now. */
  end(): void {
    this.busy = Math.max(0, this.busy - 1);
    this.arm();
  }

  /** A sign of life that holds nothing open (an event stream opening). */
  touch(): void {
    this.arm();
  }

  /** Disarms it for good. */
  stop(): void {
    this.stopped = true;
    this.disarm();
  }

  private disarm(): void {
    if (this.handle !== null) this.timers.clearTimeout(this.handle);
    this.handle = null;
  }

  private arm(): void {
    this.disarm();
    if (this.stopped) return;
    this.handle = this.timers.setTimeout(() => {
      this.handle = null;
      // A request still in progress will re-arm the watchdog when it ends.
      if (this.busy === 0) this.onSilence();
    }, this.periodMs);
  }
}
