/**
 * The real rt-app binary run on this machine, one process per workload, each in a folder of its own
 * (DIR/NAME/): its file written there as NAME.json, rt-app started there (its logs land beside it,
 * rt-app's default logdir being "./"), its output in NAME.out. Stopped as rt-app is stopped by hand
 * (SIGINT, on which it writes its logs and exits; SIGKILL if it lingers). In a process group of its
 * own, killed with this process. hil run uses it on a board of this machine, the agent on its own.
 */
import { closeSync, mkdirSync, openSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import type { RtappRun } from '../../scenarios/rtapp/rtappRuns.js';
import { signalGroup, spawnChild } from '../workload/childProcesses.js';
import { calibrateRtapp } from './rtappCalibration.js';

/** Starts and stops workloads by name: the local processes here, or an agent's (remoteRtapp.ts). */
export interface RtappLauncher {
  /** Starts rt-app on the run's file now. */
  launch(run: RtappRun): void | Promise<void>;
  /** Stops one workload, once it has ended (its logs written). */
  halt(name: string): Promise<void>;
  /** Stops every workload and waits for each. */
  stopAll(): Promise<void>;
  /** Runs rt-app's calibration on a cpu (rtappCalibration.ts) and gives its ns per loop. */
  calibrate(cpu: number): Promise<number>;
}

/** Where rt-app is and where its workloads' folders go, with the notes' sink and clock. */
export interface RtappProcessesOptions {
  /** The rt-app program (a name on PATH or a path). */
  binary: string;
  /** Where each workload's folder goes. */
  dir: string;
  /** Told one line per start and stop. */
  note(text: string): void;
  /** Seconds since the run's clock started, for the notes (default: since the first launch). */
  at?: () => number;
}

/** How long rt-app has to write its logs after SIGINT before it is killed, ms. */
const GRACE_MS = 2000;

/** How a workload's process ended. */
export interface RtappExit {
  /** Its exit code; null when a signal ended it. */
  code: number | null;
  /** The signal that ended it; null when it exited. */
  signal: string | null;
}

/** rt-app processes on this machine, one per workload, each in its own folder with its logs and output. */
export class RtappProcesses implements RtappLauncher {
  private readonly running = new Map<string, { child: ChildProcess; exited: Promise<RtappExit> }>();
  private readonly dir: string;
  private firstMs: number | null = null;

  constructor(private readonly o: RtappProcessesOptions) {
    // Absolute: rt-app runs in its folder, and is given its file by a path that must hold from there.
    this.dir = resolve(o.dir);
    mkdirSync(this.dir, { recursive: true });
  }

  /** The folder of a workload: its file, its output and rt-app's logs. */
  folderOf(name: string): string {
    return join(this.dir, name);
  }

  /** Starts rt-app on the run's file now (one of the same name running is stopped first by the caller). */
  launch(run: RtappRun): void {
    this.firstMs ??= Date.now();
    const folder = this.folderOf(run.name);
    mkdirSync(folder, { recursive: true });
    const file = join(folder, `${run.name}.json`);
    writeFileSync(file, run.text);
    const log = openSync(join(folder, `${run.name}.out`), 'a');
    try {
      const child = spawnChild(this.o.binary, [file], { cwd: folder, stdio: ['ignore', log, log] });
      const exited = new Promise<RtappExit>((done) => {
        child.on('error', (err) => {
          this.o.note(`rt-app workload ${run.name}: cannot start ${this.o.binary}: ${err.message}`);
          done({ code: null, signal: null });
        });
        child.on('exit', (code, signal) => {
          this.o.note(
            `rt-app workload ${run.name} (${run.file}) ended at ${this.at()} s (${signal ?? `exit code ${code}`}); its file, output and logs are in ${folder}`,
          );
          done({ code, signal });
        });
      });
      this.running.set(run.name, { child, exited });
      this.o.note(`rt-app workload ${run.name} started at ${this.at()} s (pid ${child.pid ?? 'none'})`);
    } finally {
      closeSync(log);
    }
  }

  /** Stops a workload (SIGINT, then SIGKILL after the grace) and waits for it; none running: at once. */
  async halt(name: string): Promise<void> {
    const r = this.running.get(name);
    if (!r) return;
    const { child, exited } = r;
    if (child.exitCode === null && child.signalCode === null) {
      signalGroup(child, 'SIGINT');
      const kill = setTimeout(() => signalGroup(child, 'SIGKILL'), GRACE_MS);
      kill.unref();
      await exited;
      clearTimeout(kill);
    }
    if (this.running.get(name)?.child === child) this.running.delete(name);
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.running.keys()].map((name) => this.halt(name)));
  }

  calibrate(cpu: number): Promise<number> {
    return calibrateRtapp(this.o.binary, this.dir, cpu);
  }

  /** The names of the workloads started and not yet stopped. */
  names(): string[] {
    return [...this.running.keys()];
  }

  private at(): string {
    return (this.o.at ? this.o.at() : (Date.now() - (this.firstMs ?? Date.now())) / 1000).toFixed(2);
  }
}
