/**
 * A real board behind the control loop's Board interface: the DNN runs in a workload process pinned
 * to the unit's cpus, co-workloads run as busy processes on the cores they hold, frequencies go
 * through the board adapter, and sensors are read from sysfs. Where the board has no power sensor
 * the power is the twin's prediction for what the board is doing, and every reading says which.
 */
import type { SchedulerLike } from 'rxjs';
import type { Dnn } from '../dnn/types.js';
import type { Configuration, Contention, Platform } from '../models/types.js';
import { sameConfig } from '../policies/sameConfig.js';
import type { Board, BoardEvents, SensorReading } from '../sim/board.js';
import { RequestQueue, type Waiting } from './requestQueue.js';
import { freeCoresOf } from '../sim/freeCores.js';
import { modelledPowerW } from './modelledPower.js';
import type { BoardAdapter, PowerSource } from './types.js';
import { startBusyLoad, type BusyLoad } from './workload/busyProcess.js';
import type { WorkloadProcess } from './workload/workloadProcess.js';

export interface RealBoardOptions {
  adapter: BoardAdapter;
  /** The platform model: unit cpus, and power where the board has no sensor. */
  platform: Platform;
  dnn: Dnn;
  initialConfig: Configuration;
  powerMode: string | null;
  queueLimit: number;
  /** The loop's clock. */
  scheduler: SchedulerLike;
  events: BoardEvents;
  /** Starts the DNN workload on these cpus with this many threads. */
  startWorkload(unit: string, cores: number, cpus: readonly number[]): WorkloadProcess;
  /** Pin processes with taskset (off where taskset is missing). */
  taskset: boolean;
  /** Called with things the user should know (a frequency the board cannot set, ...). */
  note(text: string): void;
  /** Untimed inferences each workload process runs when it starts (its JIT and caches settle). */
  warmup?: number;
}


export class RealBoard implements Board {
  private applied: Configuration;
  private pending: Configuration | null = null;
  private readonly requests: RequestQueue;
  /**
   * One warm workload process per (unit, cores), started up front: starting a process and warming its
   * JIT takes hundreds of ms, far more than the migration a policy's remapping should cost.
   */
  private readonly workloads = new Map<string, WorkloadProcess>();
  private contention: Contention = {};
  private loads: BusyLoad[] = [];
  private free: Readonly<Record<string, number>> | null = null;
  private lastReadMs = 0;
  private busyMsInWindow = 0;
  private energyMJ = 0;
  private lastBoardW = 0;
  /** Where the board's power comes from: 'measured' when a rail sensor exists. */
  readonly powerSource: PowerSource;

  constructor(private readonly o: RealBoardOptions) {
    this.requests = new RequestQueue(o.queueLimit, (w) => this.start(w), (arrivalMs) => o.events.onDrop(arrivalMs));
    this.applied = o.initialConfig;
    this.powerSource = o.adapter.capabilities().power;
    this.setFrequencies(o.initialConfig);
    for (const u of o.adapter.capabilities().units) {
      for (let cores = 1; cores <= u.onlineCpus.length; cores++) this.workloadFor({ ...o.initialConfig, unit: u.id, cores });
    }
    o.adapter.telemetry(); // starts the utilisation window
  }

  private now(): number {
    return this.o.scheduler.now();
  }

  private cpusOf(unit: string): number[] {
    const caps = this.o.adapter.capabilities().units.find((u) => u.id === unit);
    const model = this.o.platform.units.find((u) => u.id === unit)?.cpus ?? [];
    return caps && caps.onlineCpus.length > 0 ? caps.onlineCpus : model;
  }

  private workloadFor(config: Configuration): WorkloadProcess {
    const key = `${config.unit}|${config.cores}`;
    let w = this.workloads.get(key);
    if (!w) {
      w = this.o.startWorkload(config.unit, config.cores, this.cpusOf(config.unit).slice(0, config.cores));
      // Requests queue behind these in the process, so the first real one waits for the warm-up.
      for (let i = 0; i < (this.o.warmup ?? 2); i++) w.request(config.groups, () => {});
      this.workloads.set(key, w);
    }
    return w;
  }

  private get workload(): WorkloadProcess {
    return this.workloadFor(this.applied);
  }

  private setFrequencies(config: Configuration): void {
    const caps = this.o.adapter.capabilities();
    for (const u of caps.units) {
      const f = config.freqMHz[u.id];
      if (f === undefined || !u.dvfs) continue;
      if (!u.availableMHz.includes(f)) {
        this.o.note(`${u.id}: ${f} MHz is not in the board's available list (${u.availableMHz.join(', ')}): left unchanged`);
        continue;
      }
      this.o.adapter.setFrequencyMHz(u.id, f);
    }
  }

  get config(): Configuration {
    return this.pending ?? this.applied;
  }

  get powerMode(): string | null {
    return this.o.powerMode;
  }

  get queueLength(): number {
    return this.requests.length;
  }

  freeCores(): Record<string, number> {
    this.free ??= freeCoresOf(this.o.platform, this.contention);
    return this.free;
  }

  request(deadlineMs: number | null): void {
    this.requests.arrive({ arrivalMs: this.now(), deadlineMs });
  }

  private start(w: Waiting): void {
    const startMs = this.now();
    const groups = this.applied.groups;
    this.requests.begin(w, startMs, groups);
    this.workload.request(groups, (reply) => {
      const endMs = this.now();
      const run = this.requests.end();
      this.busyMsInWindow += endMs - Math.max(run.startMs, this.lastReadMs);
      if ('error' in reply) {
        this.o.note(`inference failed: ${reply.error}`);
        this.o.events.onDrop(run.arrivalMs);
      } else {
        const latencyMs = endMs - run.arrivalMs;
        this.o.events.onInference({
          arrivalMs: run.arrivalMs,
          startMs: run.startMs,
          endMs,
          latencyMs,
          serviceMs: endMs - run.startMs,
          energyMJ: this.lastBoardW * (endMs - run.startMs),
          groups: run.groups,
          unit: this.applied.unit,
          cores: this.applied.cores,
          freqMHz: this.applied.freqMHz[this.applied.unit]!,
          deadlineMet: run.deadlineMs === null || latencyMs <= run.deadlineMs,
        });
      }
      if (this.pending) this.applyNow(this.pending);
      this.requests.next();
    });
  }

  apply(config: Configuration): void {
    if (sameConfig(config, this.applied)) {
      this.pending = null;
      return;
    }
    // Groups change per request; a new mapping moves to another process, so it waits for the DNN to be idle.
    if (this.requests.inFlight && (config.unit !== this.applied.unit || config.cores !== this.applied.cores)) this.pending = config;
    else this.applyNow(config);
  }

  private applyNow(config: Configuration): void {
    this.setFrequencies(config);
    this.applied = config;
    this.pending = null;
    this.o.events.onApply(config, 0);
  }

  setContention(contention: Contention): void {
    for (const l of this.loads) l.stop();
    this.loads = [];
    this.contention = contention;
    this.free = null;
    for (const [unit, cores] of Object.entries(contention.busyCores ?? {})) {
      if (cores <= 0) continue;
      const cpus = this.cpusOf(unit);
      // Co-runners take the unit's last cpus, the DNN its first: they meet only when both want them all.
      this.loads.push(startBusyLoad(cpus.slice(-cores), cores, contention.busyUtilisation?.[unit] ?? 1, this.o.taskset));
    }
  }

  setPowerMode(mode: string): void {
    this.o.note(`power mode ${mode} asked for: switching modes (nvpmodel) is not done by this board adapter; limits unchanged`);
  }

  readSensors(): SensorReading {
    const t = this.o.adapter.telemetry();
    const now = this.now();
    const windowMs = now - this.lastReadMs;
    if (this.requests.inFlight) this.busyMsInWindow += now - Math.max(this.requests.inFlight.startMs, this.lastReadMs);
    const busyShare = windowMs > 0 ? Math.min(1, this.busyMsInWindow / windowMs) : 0;
    const freqMHz: Record<string, number> = {};
    const utilisation: Record<string, number> = {};
    const temperatureC: Record<string, number> = {};
    for (const u of this.o.platform.units) {
      freqMHz[u.id] = t.freqMHz[u.id] ?? this.applied.freqMHz[u.id]!;
      utilisation[u.id] = t.utilisation[u.id] ?? Number.NaN;
      temperatureC[u.id] = t.temperatureC[u.id] ?? Number.NaN;
    }
    const powerByRailW: Record<string, number> = {};
    let powerW: number;
    if (t.rails.length > 0) {
      for (const r of t.rails) powerByRailW[r.rail] = r.watts;
      const total = this.o.platform.rails.find((r) => r.total && powerByRailW[r.name] !== undefined);
      powerW = total ? powerByRailW[total.name]! : t.rails.reduce((s, r) => s + r.watts, 0);
    } else {
      const modelled = modelledPowerW(this.o.platform, this.o.dnn, this.applied, this.contention, busyShare);
      Object.assign(powerByRailW, modelled.rails);
      powerW = modelled.board;
    }
    if (windowMs > 0) this.energyMJ += powerW * windowMs;
    this.lastBoardW = powerW;
    this.lastReadMs = now;
    this.busyMsInWindow = 0;
    return { windowMs, freqMHz, utilisation, temperatureC, powerByRailW, powerW };
  }

  energyNowMJ(): number {
    return this.energyMJ;
  }

  /** Stops the workload and the co-workloads. */
  async close(): Promise<void> {
    for (const l of this.loads) l.stop();
    this.loads = [];
    await Promise.all([...this.workloads.values()].map((w) => w.close()));
    this.workloads.clear();
  }
}
