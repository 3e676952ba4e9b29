/**
 * A clock for the adapters' options: nowMs() reads it, sleep(ms) moves it forward and resolves at
 * once, advance(ms) moves it by hand. Tests of waits and intervals take no real time.
 */
export interface FakeClock {
  nowMs(): number;
  sleep(ms: number): Promise<void>;
  advance(ms: number): void;
  /** Every sleep asked for, ms, in order. */
  readonly sleeps: number[];
}

export function fakeClock(startMs = 1000): FakeClock {
  let now = startMs;
  const sleeps: number[] = [];
  return {
    nowMs: () => now,
    sleep(ms) {
      sleeps.push(ms);
      now += Math.max(0, ms);
      return Promise.resolve();
    },
    advance(ms) {
      now += ms;
    },
    sleeps,
  };
}
