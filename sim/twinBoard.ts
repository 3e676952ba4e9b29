/**
 * The board twin: the board core (boardCore.ts) with the twin's physics (twin/twinPhysics.ts) as its
 * executor, actuators and sensors. A real board is the same core with a workload process, sysfs
 * writes and sysfs reads (hil/), so the two reconfigure, queue, record and meter alike.
 */
import type { SchedulerLike } from 'rxjs';
import type { Dnn } from '../dnn/types.js';
import type { Configuration, Platform } from '../models/types.js';
import type { Truth } from '../scenarios/types.js';
import type { BoardEvents } from './board.js';
import { BoardCore } from './boardCore.js';
import { TwinPhysics } from './twin/twinPhysics.js';

export interface TwinBoardOptions {
  platform: Platform;
  dnn: Dnn;
  truth: Truth;
  ambientC: number;
  initialConfig: Configuration;
  powerMode: string | null;
  queueLimit: number;
  migrationCostMs: number;
  defaultTransitionLatencyUs: number;
  /** The lane the board schedules its own events on (inference ends, stall ends). */
  scheduler: SchedulerLike;
  events: BoardEvents;
}

/** The twin: a board core whose plug-ins are the models. */
export class TwinBoard extends BoardCore {
  private readonly physics: TwinPhysics;

  constructor(o: TwinBoardOptions) {
    const physics = new TwinPhysics({
      platform: o.platform,
      dnn: o.dnn,
      truth: o.truth,
      ambientC: o.ambientC,
      initialConfig: o.initialConfig,
      migrationCostMs: o.migrationCostMs,
      defaultTransitionLatencyUs: o.defaultTransitionLatencyUs,
      scheduler: o.scheduler,
      onThrottle: (effective) => o.events.onThrottle(effective),
    });
    super({
      platform: o.platform,
      dnn: o.dnn,
      initialConfig: o.initialConfig,
      powerMode: o.powerMode,
      queueLimit: o.queueLimit,
      scheduler: o.scheduler,
      events: o.events,
      executor: physics,
      actuators: physics,
      sensors: physics,
    });
    this.physics = physics;
  }

  /** The hottest unit now, C. */
  get dieTemperatureC(): number {
    return this.physics.dieTemperatureC;
  }
}
