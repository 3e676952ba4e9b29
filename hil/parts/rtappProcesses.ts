/**
 * A scenario's rt-app workloads run by the real rt-app binary on a board of this machine, each over
 * its window of the run: its file written into a folder of the run's, rt-app started there (its logs
 * land beside it, rt-app's default logdir being "./"), stopped at the window's end as rt-app is
 * stopped by hand (SIGINT, which makes it write its logs; SIGKILL if it lingers). In a process group of
 * its own, killed with this process.
 */
import { closeSync, mkdirSync, openSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import type { RtappRun } from '../../scenarios/rtapp/rtappRuns.js';
import { signalGroup, spawnChild } from '../workload/childProcesses.js';

export interface RtappProcessesOptions {
  runs: readonly RtappRun[];
  /** The rt-app program (a name on PATH or a path). */
  binary: string;
  /** Where each workload's file, its output and rt-app's logs go. */
  dir: string;
  /** The run's length, s: a window without an end lasts to it. */
  durationS: number;
  /** Told one line per start and stop. */
  note(text: string): void;
}

/** How long rt-app has to write its logs after SIGINT before it is killed, ms. */
const GRACE_MS = 2000;

export class RtappProcesses {
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly running = new Map<string, { child: ChildProcess; startedMs: number }>();
  private startMs = 0;

  private readonly dir: string;

  constructor(private readonly o: RtappProcessesOptions) {
    // Absolute: rt-app runs in this folder, and is given its file by a path that must hold from there.
    this.dir = resolve(o.dir);
    mkdirSync(this.dir, { recursive: true });
  }

  /** The run's clock starts now: each workload starts and stops on it. */
  start(): void {
    this.startMs = Date.now();
    for (const run of this.o.runs) {
      const endS = Math.min(run.endS ?? this.o.durationS, this.o.durationS);
      if (!(endS > run.startS)) continue;
      this.timers.push(setTimeout(() => this.launch(run), run.startS * 1000));
      this.timers.push(setTimeout(() => this.halt(run.name), endS * 1000));
    }
  }

  private launch(run: RtappRun): void {
    const file = join(this.dir, `${run.name}.json`);
    writeFileSync(file, run.text);
    const log = openSync(join(this.dir, `${run.name}.out`), 'a');
    try {
      const child = spawnChild(this.o.binary, [file], { cwd: this.dir, stdio: ['ignore', log, log] });
      child.on('error', (err) => this.o.note(`rt-app workload ${run.name}: cannot start ${this.o.binary}: ${err.message}`));
      child.on('exit', (code, signal) => {
        const was = this.running.get(run.name);
        if (was?.child === child) this.running.delete(run.name);
        this.o.note(`rt-app workload ${run.name} (${run.file}) ended at ${this.at()} s (${signal ?? `exit code ${code}`}); its output and logs are in ${this.o.dir}`);
      });
      this.running.set(run.name, { child, startedMs: Date.now() });
      this.o.note(`rt-app workload ${run.name} started at ${this.at()} s (pid ${child.pid ?? 'none'})`);
    } finally {
      closeSync(log);
    }
  }

  private halt(name: string): void {
    const r = this.running.get(name);
    if (!r) return;
    signalGroup(r.child, 'SIGINT');
    setTimeout(() => signalGroup(r.child, 'SIGKILL'), GRACE_MS).unref();
  }

  private at(): string {
    return ((Date.now() - this.startMs) / 1000).toFixed(2);
  }

  /** Stops every workload now (the run ended, or failed), waiting for each to go (at most the grace). */
  async stop(): Promise<void> {
    for (const t of this.timers.splice(0)) clearTimeout(t);
    const left = [...this.running.values()].map(
      ({ child }) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once('exit', () => resolve());
          signalGroup(child, 'SIGINT');
          setTimeout(() => signalGroup(child, 'SIGKILL'), GRACE_MS).unref();
        }),
    );
    await Promise.all(left);
  }
}
