/**
 * A real board behind the control loop's Board interface: the DNN runs in a workload process pinned
 * to the unit's cpus, co-workloads run as busy processes on the cores they hold, frequencies go
 * through the board adapter, and sensors are read from sysfs. Where the board has no power sensor
 * the power is the twin's prediction for what the board is doing, and every reading says which.
 */
import type { Configuration, Contention } from '../models/types.js';
import type { SensorReading } from '../sim/board.js';
import { QueuedBoard, type QueuedBoardOptions } from './queuedBoard.js';
import type { Waiting } from './requestQueue.js';
import type { BoardAdapter, PowerSource } from './types.js';
import { startBusyLoad, type BusyLoad } from './workload/busyProcess.js';
import type { WorkloadProcess } from './workload/workloadProcess.js';

export interface RealBoardOptions extends QueuedBoardOptions {
  adapter: BoardAdapter;
  /** Starts the DNN workload on these cpus with this many threads. */
  startWorkload(unit: string, cores: number, cpus: readonly number[]): WorkloadProcess;
  /** Pin processes with taskset (off where taskset is missing). */
  taskset: boolean;
  /** Untimed inferences each workload process runs when it starts (its JIT and caches settle). */
  warmup?: number;
}


export class RealBoard extends QueuedBoard {
  /**
   * One warm workload process per (unit, cores), started up front: starting a process and warming its
   * JIT takes hundreds of ms, far more than the migration a policy's remapping should cost.
   */
  private readonly workloads = new Map<string, WorkloadProcess>();
  private loads: BusyLoad[] = [];
  /** Where the board's power comes from: 'measured' when a rail sensor exists. */
  readonly powerSource: PowerSource;

  constructor(private readonly o: RealBoardOptions) {
    super(o);
    this.powerSource = o.adapter.capabilities().power;
    this.setFrequencies(o.initialConfig);
    for (const u of o.adapter.capabilities().units) {
      for (let cores = 1; cores <= u.onlineCpus.length; cores++) this.workloadFor({ ...o.initialConfig, unit: u.id, cores });
    }
    o.adapter.telemetry(); // starts the utilisation window
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

  protected start(w: Waiting): void {
    const startMs = this.now();
    const groups = this.applied.groups;
    this.requests.begin(w, startMs, groups);
    this.workload.request(groups, (reply) => {
      const endMs = this.now();
      const { unit, cores } = this.applied;
      this.finish(endMs, 'error' in reply ? reply : { serviceMs: endMs - startMs, groups, unit, cores });
    });
  }

  protected applyNow(config: Configuration): void {
    this.setFrequencies(config);
    this.applied = config;
    this.pending = null;
    this.o.events.onApply(config, 0);
  }

  setContention(contention: Contention): void {
    for (const l of this.loads) l.stop();
    this.loads = [];
    this.contentionChanged(contention);
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
    const freqMHz: Record<string, number> = {};
    const utilisation: Record<string, number> = {};
    const temperatureC: Record<string, number> = {};
    for (const u of this.o.platform.units) {
      freqMHz[u.id] = t.freqMHz[u.id] ?? this.applied.freqMHz[u.id]!;
      utilisation[u.id] = t.utilisation[u.id] ?? Number.NaN;
      temperatureC[u.id] = t.temperatureC[u.id] ?? Number.NaN;
    }
    const railsW: Record<string, number> = {};
    for (const r of t.rails) railsW[r.rail] = r.watts;
    return this.reading(freqMHz, utilisation, temperatureC, railsW);
  }

  /** Stops the workload and the co-workloads. */
  async close(): Promise<void> {
    for (const l of this.loads) l.stop();
    this.loads = [];
    await Promise.all([...this.workloads.values()].map((w) => w.close()));
    this.workloads.clear();
  }
}
