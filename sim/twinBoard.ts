/**
 * The board twin: the board core (boardCore.ts) with the twin's physics (twin/twinPhysics.ts) as its
 * executor, actuators and sensors. A real board is the same core with a workload process, sysfs
 * writes and sysfs reads (hil/), so the two reconfigure, queue, record and meter alike.
 */
import type { Truth } from '../scenarios/types.js';
import { BoardCore, boardSetting, type BoardSetting } from './boardCore.js';
import { TwinPhysics } from './twin/twinPhysics.js';

/** The twin's settings beside the board core's: how the board departs from the model, the ambient and the stalls. */
export interface TwinBoardOptions extends BoardSetting {
  /** How the board really departs from the model (time and power factors). */
  truth: Truth;
  /** Ambient temperature, °C. */
  ambientC: number;
  /** Stall when the DNN moves to another unit, ms. */
  migrationCostMs: number;
  /** Clock transition latency for units whose platform gives none, us. */
  defaultTransitionLatencyUs: number;
  /** Draws anytime inference's images (uniform in [0, 1)); absent: Math.random. */
  drawImage?: () => number;
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
      ...(o.drawImage ? { drawImage: o.drawImage } : {}),
    });
    super({
      ...boardSetting(o),
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
