/**
 * /proc/stat as the kernel prints it (proc(5)), from each online cpu's busy and idle time: busy time
 * in the user column, idle in the idle column, in USER_HZ jiffies (100 a second), the aggregate
 * `cpu` line first.
 */

/** Jiffies per millisecond at USER_HZ = 100. */
const JIFFIES_PER_MS = 100 / 1000;

/** One cpu's time since boot. */
export interface CpuTimes {
  /** Its number. */
  cpu: number;
  /** Busy time, ms. */
  busyMs: number;
  /** Idle time, ms. */
  idleMs: number;
}

/** /proc/stat's text for these cpus (see the file's comment). */
export function procStatText(cpus: readonly CpuTimes[]): string {
  const row = (busy: number, idle: number) => `${busy} 0 0 ${idle} 0 0 0 0 0 0`;
  const j = (ms: number) => Math.floor(ms * JIFFIES_PER_MS);
  const busy = cpus.map((c) => j(c.busyMs));
  const idle = cpus.map((c) => j(c.idleMs));
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  return [
    `cpu  ${row(sum(busy), sum(idle))}`,
    ...cpus.map((c, i) => `cpu${c.cpu} ${row(busy[i]!, idle[i]!)}`),
    'intr 0',
    'ctxt 0',
    'btime 0',
    'processes 0',
    'procs_running 1',
    'procs_blocked 0',
  ].join('\n');
}
