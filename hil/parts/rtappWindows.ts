/**
 * A scenario's rt-app workloads over their windows of the run: each started at its startS on the
 * run's clock and stopped at its endS (or the run's end), by a launcher that runs rt-app here or on an
 * agent's board. At the run's end, or on a failure, everything still running is stopped.
 */
import { readRtapp } from '../../scenarios/rtapp/readRtapp.js';
import type { RtappRun } from '../../scenarios/rtapp/rtappRuns.js';
import type { RtappLauncher } from './rtappProcesses.js';

/** Starts and stops a scenario's rt-app workloads at their windows on the run's clock (see the file's comment). */
export class RtappWindows {
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly pending = new Set<Promise<void>>();
  private startMs: number | null = null;

  /**
   * @param durationS - the run's length: a window without an end lasts to it
   * @param failed - told a launcher's failure (a start or stop the agent refused), in words
   */
  constructor(
    private readonly runs: readonly RtappRun[],
    private readonly durationS: number,
    private readonly launcher: RtappLauncher,
    private readonly failed: (text: string) => void,
  ) {}

  /** Seconds since the run's clock started (0 before). */
  elapsedS(): number {
    return this.startMs === null ? 0 : (Date.now() - this.startMs) / 1000;
  }

  /** The run's clock starts now: each workload starts and stops on it. */
  start(): void {
    if (this.startMs !== null) return;
    this.startMs = Date.now();
    for (const run of this.runs) {
      const endS = Math.min(run.endS ?? this.durationS, this.durationS);
      if (!(endS > run.startS)) continue;
      this.timers.push(
        setTimeout(
          () => this.track(async () => this.launcher.launch(run), `start rt-app workload ${run.name}`),
          run.startS * 1000,
        ),
      );
      this.timers.push(
        setTimeout(
          () => this.track(() => this.launcher.halt(run.name), `stop rt-app workload ${run.name}`),
          endS * 1000,
        ),
      );
    }
  }

  private track(step: () => Promise<void>, what: string): void {
    const p = step()
      .catch((err: unknown) => this.failed(`could not ${what}: ${err instanceof Error ? err.message : String(err)}`))
      .finally(() => this.pending.delete(p));
    this.pending.add(p);
  }

  /** Stops every workload now (the run ended, or failed), once starts and stops under way are done. */
  async stop(): Promise<void> {
    for (const t of this.timers.splice(0)) clearTimeout(t);
    await Promise.all([...this.pending]);
    await this.launcher.stopAll();
  }
}

/**
 * A line for each workload whose file has rt-app calibrate on a cpu when it starts: rt-app 1.0 then
 * measures its busy loop before the first event (src/rt-app.c, calibrate_cpu_cycles: trials a second
 * apart until two agree within 2 %), so its work begins a second or more into its window, where the
 * twin's begins at once.
 */
export function calibrationNotes(runs: readonly RtappRun[]): string[] {
  return runs.flatMap((run) => {
    const c = readRtapp(run.text, run.file, { unsupported: run.options.unsupported ?? 'approximate' }).global
      .calibration;
    return 'cpu' in c
      ? [
          `rt-app workload ${run.name} calibrates on cpu ${c.cpu} when it starts (a second or more before its first event, which the twin does not wait): give global.calibration as the ns per loop rt-app prints ("pLoad = N ns") to start at once`,
        ]
      : [];
  });
}
