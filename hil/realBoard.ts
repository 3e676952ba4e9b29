/**
 * A real board behind the control loop's Board interface: the board core (sim/boardCore.ts), as the
 * twin's, with a real board's plug-ins: the DNN runs in warm workload processes (one per unit and
 * core count, pinned to the unit's cpus), clocks go through the board adapter's sysfs writes,
 * co-workloads run as the board makes them (busy processes here), and sensors are read from sysfs.
 * Where the board has no power sensor the core takes power from the model and says so.
 */
import type { Configuration, Platform } from '../models/types.js';
import { BoardCore, boardSetting, type BoardSetting } from '../sim/boardCore.js';
import { BoardFailure } from './boardFailure.js';
import { AdapterSensors } from './parts/adapterSensors.js';
import { boardCpusOf } from './parts/boardCpus.js';
import type { Coworkloads } from './parts/coworkloads.js';
import { SysfsActuators } from './parts/sysfsActuators.js';
import { WorkloadExecutor } from './parts/workloadExecutor.js';
import type { BoardAdapter, PowerSource } from './types.js';
import { WorkloadPool, type WorkloadPoolOptions } from './workload/workloadPool.js';

/** A local board's plug-ins beside the board core's setting (platform, network, clock, events). */
export interface RealBoardOptions extends BoardSetting {
  /** The board's adapter: clocks are set and sensors read through it. */
  adapter: BoardAdapter;
  /** The DNN's workload processes, one per (unit, cores); the caller warms them before the run starts. */
  workloads: WorkloadPool;
  /** How the scenario's co-workloads are made real on this board. */
  coworkloads: Coworkloads;
  /** Things the user should know (a sensor gone, a clock the board capped). */
  note(text: string): void;
  /** Called once when the board cannot go on (its workload died); the run should stop. */
  fail?(err: BoardFailure): void;
}

/** A real board: the board core with a workload executor, sysfs actuators and sysfs sensors. */
export class RealBoard extends BoardCore {
  /** Where the board's power comes from: 'measured' when a rail sensor exists. */
  readonly powerSource: PowerSource;

  private readonly closers: { coworkloads: Coworkloads; workloads: WorkloadPool };

  constructor(o: RealBoardOptions) {
    super({
      ...boardSetting(o),
      executor: new WorkloadExecutor(o.workloads, (why) => o.fail?.(new BoardFailure(`${why}: the run cannot go on`))),
      actuators: new SysfsActuators(o.adapter, o.coworkloads, o.note),
      sensors: new AdapterSensors(o.adapter, o.note),
      note: o.note,
    });
    this.powerSource = o.adapter.capabilities().power;
    this.closers = { coworkloads: o.coworkloads, workloads: o.workloads };
  }

  /** Stops the co-workloads and the workload processes. */
  async close(): Promise<void> {
    this.shutDown();
    this.closers.coworkloads.stop();
    await this.closers.workloads.close();
  }
}

/** A pool with a warm process for every core count of every unit the board has online. */
export function startBoardWorkloads(
  adapter: BoardAdapter,
  platform: Platform,
  initialConfig: Configuration,
  startWorkload: WorkloadPoolOptions['startWorkload'],
): WorkloadPool {
  const pool = new WorkloadPool({ startWorkload, cpusOf: (unit) => boardCpusOf(adapter, platform, unit) });
  for (const u of adapter.capabilities().units) {
    for (let cores = 1; cores <= u.onlineCpus.length; cores++) pool.processFor({ ...initialConfig, unit: u.id, cores });
  }
  return pool;
}
