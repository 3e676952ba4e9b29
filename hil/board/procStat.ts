/**
 * CPU utilisation from /proc/stat: the kernel counts, per cpu, the jiffies spent in each state since
 * boot; utilisation over an interval is the busy share of the jiffies that passed in it.
 */

/** Jiffies one cpu has spent busy and in total since boot. */
export interface CpuJiffies {
  /** Jiffies in the counted states but idle and iowait. */
  busy: number;
  /** Jiffies in the first eight states (guest time is counted in user and nice already). */
  total: number;
}

/**
 * Parses the per-cpu lines of /proc/stat ("cpu3 61859 0 7819 230805 20 0 33 41 0 0"); the
 * aggregate "cpu" line is skipped.
 *
 * Fields (proc(5)): user nice system idle iowait irq softirq steal guest guest_nice. Idle time is
 * idle + iowait; the total is the first eight fields: guest and guest_nice are already counted in
 * user and nice, so adding them would count that time twice (as top and htop also avoid).
 * @returns cpu number -> jiffies; offline cpus have no line, so they are absent
 */
export function parseProcStat(text: string): Map<number, CpuJiffies> {
  const cpus = new Map<number, CpuJiffies>();
  for (const line of text.split('\n')) {
    const m = /^cpu(\d+)\s+(.*)$/.exec(line.trim());
    if (!m) continue;
    const fields = m[2]!.split(/\s+/).map(Number);
    if (fields.length < 4 || fields.some((v) => !Number.isFinite(v))) continue;
    const counted = fields.slice(0, 8);
    const total = counted.reduce((a, b) => a + b, 0);
    const idle = (counted[3] ?? 0) + (counted[4] ?? 0);
    cpus.set(Number(m[1]), { busy: total - idle, total });
  }
  return cpus;
}

/**
 * Busy share of one cpu between two reads: busy delta / total delta.
 * @returns 0..1, or null when the cpu is missing from either read (offline) or no jiffy passed
 */
export function cpuUtilisation(
  before: Map<number, CpuJiffies>,
  after: Map<number, CpuJiffies>,
  cpu: number,
): number | null {
  const a = before.get(cpu);
  const b = after.get(cpu);
  if (!a || !b) return null;
  const total = b.total - a.total;
  if (total <= 0) return null;
  return Math.min(1, Math.max(0, (b.busy - a.busy) / total));
}

/**
 * Utilisation of a unit: the busiest of its cpus between two reads. The busiest, not the mean,
 * because a DNN thread pinned to one core saturates that core while the others idle, and that is
 * what a governor must see (as schedutil takes the maximum utilisation of a policy's cpus).
 * @returns 0..1, or null when none of the cpus has a value
 */
export function busiestUtilisation(
  before: Map<number, CpuJiffies>,
  after: Map<number, CpuJiffies>,
  cpus: readonly number[],
): number | null {
  let busiest: number | null = null;
  for (const cpu of cpus) {
    const u = cpuUtilisation(before, after, cpu);
    if (u !== null && (busiest === null || u > busiest)) busiest = u;
  }
  return busiest;
}
