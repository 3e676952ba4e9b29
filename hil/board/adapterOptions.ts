/** Options every board adapter takes: what tests replace to run without a real machine. */
export interface AdapterOptions {
  /**
   * Whether the process runs as root, which sysfs writes need; only used for a capabilities note.
   * Default: process.getuid() === 0.
   */
  isRoot?: boolean;
  /** A monotonic clock in ms, for power from energy counters. Default: performance.now. */
  nowMs?: () => number;
}

/** The default of AdapterOptions.isRoot. */
export function runningAsRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}
