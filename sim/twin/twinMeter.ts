/**
 * What the twin's sensors measure: energy per component and of the whole board, and each unit's
 * busiest-core busy time, integrated exactly between changes (power is piecewise constant), and the
 * power rails read as the platform's sensors report them (models/types.ts PowerSensor): an energy
 * counter gives exact averages over any window; a sampled sensor shows the average over its last
 * completed update period, as an INA231 does, so the twin's policies see the lag a board's do.
 */
import type { CompiledPlatform } from '../../models/compilePlatform.js';
import type { PowerSensor } from '../../models/types.js';
import { SampledSensor } from '../sampledSensor.js';

/** The twin's energy, busy time and rail readings, integrated between changes (see the file's comment). */
export class TwinMeter {
  /** Energy of what the rails measure (a total rail's components, else every rail's), mJ. */
  energyMJ = 0;
  /** The components the rails measure. */
  private readonly sensed: readonly number[];
  // Plain arrays for the reads, which run every sensor period.
  private readonly unitIds: readonly string[];
  private readonly railNames: readonly string[];
  private readonly railComponents: readonly (readonly number[])[];
  private readonly componentMJ: Float64Array;
  private readonly busiestMs: Float64Array;
  private lastMs: number;
  // The previous read, for window averages.
  private lastReadMs: number;
  private readonly lastReadComponentMJ: Float64Array;
  private readonly lastReadBusiestMs: Float64Array;
  /** A sampled sensor per component (null: the sensors count energy). */
  private readonly sampled: SampledSensor | null;

  /**
   * @param startMs - when the run starts; a sampled sensor has been running a while by then, and
   *   shows the board's power at the start until its first update
   * @param startComponentW - each component's power at the start
   */
  constructor(cp: CompiledPlatform, sensor: PowerSensor | undefined, startMs: number, startComponentW: Float64Array) {
    const n = cp.componentIds.length;
    this.componentMJ = new Float64Array(n);
    this.busiestMs = new Float64Array(cp.units.length);
    this.lastReadComponentMJ = new Float64Array(n);
    this.lastReadBusiestMs = new Float64Array(cp.units.length);
    this.lastMs = this.lastReadMs = startMs;
    this.sampled =
      sensor?.kind === 'sampled' ? new SampledSensor(sensor.updatePeriodMs, startMs, startComponentW) : null;
    const total = cp.platform.rails.findIndex((r) => r.total);
    const railIndices = total >= 0 ? [total] : cp.platform.rails.map((_, r) => r);
    this.sensed = [...new Set(railIndices.flatMap((r) => cp.railComponents[r]!))];
    this.unitIds = cp.units.map((cu) => cu.unit.id);
    this.railNames = cp.platform.rails.map((r) => r.name);
    this.railComponents = cp.railComponents;
  }

  /** The sensors report an energy counter (exact averages over any window). */
  get counts(): boolean {
    return this.sampled === null;
  }

  /** Integrates from the last advance to nowMs at these (constant) rates. */
  advance(nowMs: number, componentW: Float64Array, busiestShare: Float64Array): void {
    const dt = nowMs - this.lastMs;
    if (dt <= 0) return;
    if (this.sampled) this.sampled.step(this.lastMs, nowMs, this.componentMJ, componentW);
    else for (let i = 0; i < this.sensed.length; i++) this.energyMJ += componentW[this.sensed[i]!]! * dt;
    for (let c = 0; c < componentW.length; c++) this.componentMJ[c]! += componentW[c]! * dt;
    for (let u = 0; u < busiestShare.length; u++) this.busiestMs[u]! += busiestShare[u]! * dt;
    this.lastMs = nowMs;
  }

  /**
   * Books the last gapMs at `nowW` and `nowShare` instead of `beforeW` and `beforeShare`, which
   * advance() integrated them at (a run that began in the past). A sampled sensor takes the
   * difference in its next update.
   */
  credit(
    gapMs: number,
    beforeW: Float64Array,
    nowW: Float64Array,
    beforeShare: Float64Array,
    nowShare: Float64Array,
  ): void {
    if (!this.sampled)
      for (let i = 0; i < this.sensed.length; i++)
        this.energyMJ += (nowW[this.sensed[i]!]! - beforeW[this.sensed[i]!]!) * gapMs;
    for (let c = 0; c < nowW.length; c++) this.componentMJ[c]! += (nowW[c]! - beforeW[c]!) * gapMs;
    for (let u = 0; u < nowShare.length; u++) this.busiestMs[u]! += (nowShare[u]! - beforeShare[u]!) * gapMs;
  }

  /**
   * The readings since the previous call, at nowMs (after advance(nowMs)), into `utilisation` (each
   * unit's busiest-core busy share over the window, in unit order) and `railsW` (each rail's power as
   * its sensor shows it now, in rail order).
   * @param nowShare - each unit's busy share now, for a window of zero length
   * @param nowComponentW - each component's power now, likewise
   */
  read(
    nowMs: number,
    nowShare: Float64Array,
    nowComponentW: Float64Array,
    utilisation: Float64Array,
    railsW: Float64Array,
  ): void {
    const windowMs = nowMs - this.lastReadMs;
    for (let u = 0; u < this.unitIds.length; u++) {
      const busyMs = this.busiestMs[u]! - this.lastReadBusiestMs[u]!;
      utilisation[u] = windowMs > 0 ? busyMs / windowMs : nowShare[u]!;
    }
    const shown = this.sampled ? this.sampled.shownW : this.windowW(windowMs, nowComponentW);
    for (let r = 0; r < this.railNames.length; r++) {
      const components = this.railComponents[r]!;
      let w = 0;
      for (let i = 0; i < components.length; i++) w += shown[components[i]!]!;
      railsW[r] = w;
    }
    this.lastReadMs = nowMs;
    this.lastReadComponentMJ.set(this.componentMJ);
    this.lastReadBusiestMs.set(this.busiestMs);
  }

  /** Each rail's power as its sensor shows it now (an energy counter: the power now), W. */
  shownRailsW(nowComponentW: Float64Array): Record<string, number> {
    const shown = this.sampled ? this.sampled.shownW : nowComponentW;
    const railsW: Record<string, number> = {};
    for (let r = 0; r < this.railNames.length; r++) {
      let w = 0;
      for (const c of this.railComponents[r]!) w += shown[c]!;
      railsW[this.railNames[r]!] = w;
    }
    return railsW;
  }

  /** Busy time of each unit's busiest core since the start, ms. */
  unitBusyMs(): Record<string, number> {
    const out: Record<string, number> = {};
    for (let u = 0; u < this.unitIds.length; u++) out[this.unitIds[u]!] = this.busiestMs[u]!;
    return out;
  }

  private windowW(windowMs: number, nowComponentW: Float64Array): Float64Array {
    if (windowMs <= 0) return nowComponentW;
    const w = new Float64Array(this.componentMJ.length);
    for (let c = 0; c < w.length; c++) w[c] = (this.componentMJ[c]! - this.lastReadComponentMJ[c]!) / windowMs;
    return w;
  }
}
