/** Options every board adapter takes: what tests replace to run without a real machine or real time. */
import { performance } from 'node:perf_hooks';

/** Options of {@link createBoardAdapter}: all optional, each replaced by tests. */
export interface AdapterOptions {
  /**
   * Whether the process runs as root, which sysfs writes need; only used for a capabilities note.
   * Default: process.getuid() === 0.
   */
  isRoot?: boolean;
  /**
   * A monotonic clock in ms: power from energy counters, the INA231's wait after enable, wall time
   * for cpuidle utilisation, the time since a frequency was set. Default: performance.now.
   */
  nowMs?: () => number;
  /**
   * Waits some ms; ready() uses it. Default: setTimeout. A fake clock's sleep advances its nowMs,
   * so a test waits no real time.
   */
  sleep?: (ms: number) => Promise<void>;
  /**
   * The least time after a set before frequencyReadback() judges it, ms (default
   * DEFAULT_READBACK_SETTLE_MS, 50): an emulated board undoes a refused write after its own delay,
   * which must be shorter than this.
   */
  readbackSettleMs?: number;
}

/** The default of AdapterOptions.isRoot. */
export function runningAsRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

/** The default of AdapterOptions.nowMs. */
export function monotonicNowMs(): number {
  return performance.now();
}

/** The default of AdapterOptions.sleep. */
export function sleepMs(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}

/** The clock parts of the options, as createSysfsBoard takes them. */
export function clockParts(options: AdapterOptions): {
  nowMs: () => number;
  sleep: (ms: number) => Promise<void>;
  readbackSettleMs?: number;
} {
  return {
    nowMs: options.nowMs ?? monotonicNowMs,
    sleep: options.sleep ?? sleepMs,
    ...(options.readbackSettleMs === undefined ? {} : { readbackSettleMs: options.readbackSettleMs }),
  };
}
