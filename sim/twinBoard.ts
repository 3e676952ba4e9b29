/**
 * The board twin: what the simulated board is doing and what it has drawn.
 *
 * The DNN runs layer by layer at the model's per-layer times under the conditions of the moment
 * (configuration, frequencies after thermal caps, co-workloads, die temperature). Conditions are
 * piecewise constant, so rather than an event per layer the board keeps a segment (where the
 * running inference stood when conditions last changed, and its layer times since) and schedules
 * only what must happen: the inference's end, the next layer boundary when a new configuration waits
 * for it, and the end of a stall. Energy, per-component energy, busy core time and temperature are
 * integrated exactly between changes, so sensors read averages over any window.
 *
 * Simplification, documented in the README: while an inference runs, the board draws the
 * inference's average power under the current conditions (the per-layer shape is not kept).
 */
import type { SchedulerLike, Subscription } from 'rxjs';
import type { Dnn } from '../dnn/types.js';
import { allowedFreqs, powerModeOf } from '../models/checkConfiguration.js';
import { compilePlatform, type CompiledPlatform } from '../models/compilePlatform.js';
import { idlePowerByComponentW } from '../models/idlePower.js';
import { evaluate } from '../models/predict.js';
import { highestAtOrBelow, thermalCapMHz } from '../models/thermalCapMHz.js';
import { stepTemperatureC } from '../models/thermalRc.js';
import type { Configuration, Contention, Platform } from '../models/types.js';
import type { Truth } from '../scenarios/types.js';
import type { Board, BoardEvents, SensorReading } from './board.js';
import { freeCoresOf } from './freeCores.js';
import { sameConfig } from '../policies/sameConfig.js';

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
  /** The lane the board schedules its own events on (inference ends, layer boundaries, stall ends). */
  scheduler: SchedulerLike;
  events: BoardEvents;
}

interface Running {
  arrivalMs: number;
  deadlineMs: number | null;
  startMs: number;
  energyAtStartMJ: number;
  minGroups: number;
  /** Where the inference stood at segmentStartMs: layer index and fraction of it done. */
  layer: number;
  fraction: number;
}

interface Rates {
  layerTimesMs: readonly number[];
  boardW: number;
  componentW: Float64Array;
}

interface Waiting {
  arrivalMs: number;
  deadlineMs: number | null;
}

/** Predictions are cached per condition; this bounds the cache so memory stays flat. */
const CACHE_LIMIT = 4096;

export class TwinBoard implements Board {
  private readonly cp: CompiledPlatform;
  private readonly o: TwinBoardOptions;
  private applied: Configuration;
  private pending: Configuration | null = null;
  private effective: Record<string, number>;
  private contention: Contention = {};
  private mode: string | null;
  private readonly temps: Float64Array;
  private tempKey: number;

  private current: Running | null = null;
  private stalledUntilMs: number | null = null;
  private readonly queue: Waiting[] = [];

  // Piecewise-constant rates since the last change.
  private segmentStartMs = 0;
  private layerTimesMs: readonly number[] = [];
  private boardW = 0;
  private readonly componentW: Float64Array;
  private readonly busiestShare: Float64Array;

  // Integrals up to lastMs.
  private lastMs = 0;
  private energyMJ = 0;
  private readonly componentMJ: Float64Array;
  private readonly busiestMs: Float64Array;

  // The last sensor read, for window averages.
  private lastReadMs = 0;
  private lastReadEnergyMJ = 0;
  private readonly lastReadComponentMJ: Float64Array;
  private readonly lastReadBusiestMs: Float64Array;
  private readonly windowW: Float64Array;
  /** Parts of the prediction cache key, rebuilt only when they change. */
  private contentionKey = '';
  private free: Readonly<Record<string, number>> | null = null;
  /** Bumped whenever a condition the rates depend on changes. */
  private epoch = 0;
  private lastRunning: { epoch: number; rates: Rates } | null = null;
  private lastIdle: { epoch: number; rates: Rates } | null = null;
  /** How many thermal trips the die was at or above at the last read. */
  private tripLevel = 0;
  private effectiveKey = '';

  private endEvent: Subscription | null = null;
  private boundaryEvent: Subscription | null = null;
  private stallEvent: Subscription | null = null;
  private readonly cache = new Map<string, Rates>();

  constructor(options: TwinBoardOptions) {
    this.o = options;
    this.cp = compilePlatform(options.platform);
    this.applied = options.initialConfig;
    this.mode = options.powerMode;
    this.temps = new Float64Array(this.cp.units.length).fill(options.ambientC);
    this.tempKey = Math.round(options.ambientC);
    this.effective = { ...options.initialConfig.freqMHz };
    this.componentW = new Float64Array(this.cp.componentIds.length);
    this.componentMJ = new Float64Array(this.cp.componentIds.length);
    this.busiestShare = new Float64Array(this.cp.units.length);
    this.busiestMs = new Float64Array(this.cp.units.length);
    this.lastReadComponentMJ = new Float64Array(this.componentMJ.length);
    this.lastReadBusiestMs = new Float64Array(this.busiestMs.length);
    this.windowW = new Float64Array(this.componentMJ.length);
    this.effectiveKey = Object.values(this.effective).join(',');
    this.setRates();
  }

  private now(): number {
    return this.o.scheduler.now();
  }

  // ---- what the runner asks -------------------------------------------------------------------

  /** The configuration in force, or the one waiting for the next layer boundary. */
  get config(): Configuration {
    return this.pending ?? this.applied;
  }

  get powerMode(): string | null {
    return this.mode;
  }

  get queueLength(): number {
    return this.queue.length;
  }

  get dieTemperatureC(): number {
    let max = -Infinity;
    for (const t of this.temps) if (t > max) max = t;
    return max;
  }

  /** Cores not held by co-workloads, per unit. */
  freeCores(): Record<string, number> {
    // The same frozen object until the co-workloads change, so policies can compare by reference.
    this.free ??= freeCoresOf(this.o.platform, this.contention);
    return this.free;
  }


  /** Board energy drawn so far, mJ. */
  energyNowMJ(): number {
    this.advance();
    return this.energyMJ;
  }

  /** A request arrives; deadlineMs is the latency budget in force at arrival (null: none). */
  request(deadlineMs: number | null): void {
    const arrival = { arrivalMs: this.now(), deadlineMs };
    if (this.current === null && this.stalledUntilMs === null) this.start(arrival);
    else if (this.queue.length < this.o.queueLimit) this.queue.push(arrival);
    else this.o.events.onDrop(arrival.arrivalMs);
  }

  /** A new (valid) configuration from the policy: now if the DNN is idle, else at the next layer boundary. */
  apply(config: Configuration): void {
    if (sameConfig(config, this.applied)) {
      this.pending = null;
      return;
    }
    if (this.current === null || this.stalledUntilMs !== null) {
      if (this.current === null) this.applyNow(config);
      else this.pending = config; // mid-inference stall: it ends on a layer boundary
      return;
    }
    this.pending = config;
    this.scheduleBoundary();
  }

  /** The co-workloads changed. */
  setContention(contention: Contention): void {
    this.advance();
    this.contention = contention;
    this.contentionKey = JSON.stringify(contention);
    this.free = null;
    this.epoch++;
    this.changed();
  }

  /** The power mode changed: the configuration is clamped into its limits at once, as nvpmodel does. */
  setPowerMode(mode: string): void {
    this.advance();
    this.mode = mode;
    this.applied = this.clampToMode(this.applied);
    if (this.pending) this.pending = this.clampToMode(this.pending);
    this.setEffective(this.capped());
    this.changed();
  }

  /** True readings since the last call: averages over the window, temperatures now. */
  readSensors(): SensorReading {
    this.advance();
    this.updateThermal();
    const now = this.now();
    const windowMs = now - this.lastReadMs;
    const utilisation: Record<string, number> = {};
    const temperatureC: Record<string, number> = {};
    const componentW = this.windowW;
    for (let c = 0; c < componentW.length; c++) {
      componentW[c] = windowMs > 0 ? (this.componentMJ[c]! - this.lastReadComponentMJ[c]!) / windowMs : this.componentW[c]!;
    }
    for (const cu of this.cp.units) {
      const busyMs = this.busiestMs[cu.index]! - this.lastReadBusiestMs[cu.index]!;
      utilisation[cu.unit.id] = windowMs > 0 ? busyMs / windowMs : this.busiestShare[cu.index]!;
      temperatureC[cu.unit.id] = this.temps[cu.index]!;
    }
    const powerByRailW: Record<string, number> = {};
    this.cp.railComponents.forEach((components, r) => {
      let w = 0;
      for (const c of components) w += componentW[c]!;
      powerByRailW[this.cp.platform.rails[r]!.name] = w;
    });
    const powerW = windowMs > 0 ? (this.energyMJ - this.lastReadEnergyMJ) / windowMs : this.boardW;
    this.lastReadMs = now;
    this.lastReadEnergyMJ = this.energyMJ;
    this.lastReadComponentMJ.set(this.componentMJ);
    this.lastReadBusiestMs.set(this.busiestMs);
    const freqMHz: Record<string, number> = {};
    for (const id in this.effective) freqMHz[id] = this.effective[id]!;
    return { windowMs, freqMHz, utilisation, temperatureC, powerByRailW, powerW };
  }

  // ---- the DNN ------------------------------------------------------------------------------------

  private start(w: Waiting): void {
    this.advance();
    const now = this.now();
    // Fields spelled out: an object spread here was most of the cost of an inference in V8.
    this.current = { arrivalMs: w.arrivalMs, deadlineMs: w.deadlineMs, startMs: now, energyAtStartMJ: this.energyMJ, minGroups: this.applied.groups, layer: 0, fraction: 0 };
    this.segmentStartMs = now;
    this.changed();
  }

  private complete(): void {
    this.advance();
    const run = this.current!;
    const now = this.now();
    this.current = null;
    this.cancel();
    const latencyMs = now - run.arrivalMs;
    this.o.events.onInference({
      arrivalMs: run.arrivalMs,
      startMs: run.startMs,
      endMs: now,
      latencyMs,
      serviceMs: now - run.startMs,
      energyMJ: this.energyMJ - run.energyAtStartMJ,
      groups: run.minGroups,
      unit: this.applied.unit,
      cores: this.applied.cores,
      freqMHz: this.effective[this.applied.unit]!,
      deadlineMet: run.deadlineMs === null || latencyMs <= run.deadlineMs,
    });
    if (this.pending) this.applyNow(this.pending);
    else this.setRates();
    this.startNext();
  }

  private startNext(): void {
    if (this.current === null && this.stalledUntilMs === null) {
      const next = this.queue.shift();
      if (next) this.start(next);
    }
  }

  /** Stall cost of a change: the slowest frequency transition plus a migration if the unit changes. */
  private stallMs(from: Configuration, to: Configuration): number {
    let transitionMs = 0;
    for (const cu of this.cp.units) {
      const id = cu.unit.id;
      if (from.freqMHz[id] !== to.freqMHz[id]) {
        transitionMs = Math.max(transitionMs, (cu.unit.transitionLatency.us ?? this.o.defaultTransitionLatencyUs) / 1000);
      }
    }
    return transitionMs + (from.unit !== to.unit ? this.o.migrationCostMs : 0);
  }

  private applyNow(config: Configuration): void {
    this.advance();
    const stallMs = this.stallMs(this.applied, config);
    this.applied = config;
    this.pending = null;
    this.setEffective(this.capped());
    if (this.current) this.current.minGroups = Math.min(this.current.minGroups, config.groups);
    this.o.events.onApply(config, stallMs);
    if (stallMs > 0) {
      this.stalledUntilMs = this.now() + stallMs;
      this.stallEvent?.unsubscribe();
      this.stallEvent = this.o.scheduler.schedule(() => this.stallEnd(), stallMs);
    }
    this.changed();
  }

  private stallEnd(): void {
    this.advance();
    this.stalledUntilMs = null;
    this.stallEvent = null;
    // The inference stood still during the stall: it resumes from where it stopped, now.
    this.segmentStartMs = this.now();
    if (this.pending) this.applyNow(this.pending);
    else this.changed();
    this.startNext();
  }

  private boundary(layer: number): void {
    this.advance();
    this.boundaryEvent = null;
    const run = this.current!;
    run.layer = layer + 1;
    run.fraction = 0;
    this.segmentStartMs = this.now();
    if (this.pending) this.applyNow(this.pending);
  }

  // ---- segments and rates ------------------------------------------------------------------------

  /** Conditions changed at now: settle where the inference stands, then rebuild rates and events. */
  private changed(): void {
    const run = this.current;
    if (run && this.stalledUntilMs === null) {
      const pos = this.positionAt(this.now());
      run.layer = pos.layer;
      run.fraction = pos.fraction;
    }
    this.segmentStartMs = this.now();
    this.setRates();
  }

  private positionAt(timeMs: number): { layer: number; fraction: number } {
    const run = this.current!;
    let elapsed = timeMs - this.segmentStartMs;
    let layer = run.layer;
    let fraction = run.fraction;
    if (elapsed <= 0) return { layer, fraction };
    const times = this.layerTimesMs;
    while (layer < times.length) {
      const left = (1 - fraction) * times[layer]!;
      if (elapsed < left) return { layer, fraction: fraction + elapsed / times[layer]! };
      elapsed -= left;
      layer++;
      fraction = 0;
    }
    return { layer: times.length - 1, fraction: 1 };
  }

  private cancel(): void {
    this.endEvent?.unsubscribe();
    this.boundaryEvent?.unsubscribe();
    this.endEvent = this.boundaryEvent = null;
  }

  private scheduleBoundary(): void {
    const run = this.current;
    if (!run || this.stalledUntilMs !== null || this.boundaryEvent) return;
    const pos = this.positionAt(this.now());
    // The last layer's boundary is the inference's end, where complete() applies the pending config.
    if (pos.layer >= this.layerTimesMs.length - 1) return;
    const delay = (1 - pos.fraction) * this.layerTimesMs[pos.layer]!;
    const layer = pos.layer;
    this.boundaryEvent = this.o.scheduler.schedule(() => this.boundary(layer), delay);
  }

  private setRates(): void {
    this.cancel();
    const running = this.current !== null && this.stalledUntilMs === null;
    // Utilisation as the kernel's governors see a policy's load: the busiest core's busy share.
    for (const cu of this.cp.units) {
      const id = cu.unit.id;
      const dnnHere = running && id === this.applied.unit;
      const co =
        cu.unit.kind === 'gpu'
          ? (this.contention.gpuShare ?? 0)
          : (this.contention.busyCores?.[id] ?? 0) > 0
            ? (this.contention.busyUtilisation?.[id] ?? 1)
            : 0;
      this.busiestShare[cu.index] = dnnHere ? 1 : Math.min(1, co);
    }
    const rates = this.ratesNow(running);
    this.boardW = rates.boardW;
    this.componentW.set(rates.componentW);
    if (!running) return;
    this.layerTimesMs = rates.layerTimesMs;
    const run = this.current!;
    let remainingMs = (1 - run.fraction) * this.layerTimesMs[run.layer]!;
    for (let l = run.layer + 1; l < this.layerTimesMs.length; l++) remainingMs += this.layerTimesMs[l]!;
    this.endEvent = this.o.scheduler.schedule(() => this.complete(), remainingMs);
    if (this.pending) this.scheduleBoundary();
  }

  /** Power (and layer times while running) under the conditions of now, with the truth's factors; cached. */
  private ratesNow(running: boolean): Rates {
    // Inferences alternate between running and idle under unchanged conditions: reuse the last pair.
    const slot = running ? this.lastRunning : this.lastIdle;
    if (slot && slot.epoch === this.epoch) return slot.rates;
    const rates = this.ratesFor(running);
    if (running) this.lastRunning = { epoch: this.epoch, rates };
    else this.lastIdle = { epoch: this.epoch, rates };
    return rates;
  }

  private ratesFor(running: boolean): Rates {
    const a = this.applied;
    const key = running
      ? `${a.groups}|${a.unit}|${a.cores}|${this.effectiveKey}|${this.contentionKey}|${this.tempKey}`
      : `idle|${this.effectiveKey}|${this.contentionKey}|${this.tempKey}`;
    let rates = this.cache.get(key);
    if (rates) return rates;
    const { powerFactor, timeFactor } = this.o.truth;
    if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
    if (running) {
      const config: Configuration = { ...a, freqMHz: this.effective };
      const p = evaluate(this.o.platform, this.o.dnn, config, { contention: this.contention, temperatureC: this.tempKey, thermalCaps: false }, true);
      rates = {
        layerTimesMs: p.layers.map((l) => l.timeMs * timeFactor),
        boardW: p.avgPowerW * powerFactor,
        componentW: Float64Array.from(this.cp.componentIds, (id) => p.powerByComponentW![id]! * powerFactor),
      };
    } else {
      const componentW = idlePowerByComponentW(this.o.platform, this.effective, this.contention, this.tempKey).map((w) => w * powerFactor);
      rates = { layerTimesMs: [], boardW: componentW.reduce((sum, w) => sum + w, 0), componentW };
    }
    this.cache.set(key, rates);
    return rates;
  }

  /** Integrates energy, busy time and temperature from lastMs to now at the current rates. */
  private advance(): void {
    const now = this.now();
    const dt = now - this.lastMs;
    if (dt <= 0) return;
    this.energyMJ += this.boardW * dt;
    for (let c = 0; c < this.componentW.length; c++) this.componentMJ[c]! += this.componentW[c]! * dt;
    for (const cu of this.cp.units) {
      this.busiestMs[cu.index]! += this.busiestShare[cu.index]! * dt;
      this.temps[cu.index] = stepTemperatureC(cu.unit.thermal, this.temps[cu.index]!, this.o.ambientC, this.componentW[cu.index]!, dt / 1000);
    }
    this.lastMs = now;
  }

  // ---- thermal and power-mode limits -----------------------------------------------------------

  /** At a sensor read, as the kernel's thermal polling: new caps or a new leakage level change the rates. */
  private updateThermal(): void {
    const die = this.dieTemperatureC;
    const key = Math.round(die);
    // Caps change only when the die crosses a trip; most reads cross none and change nothing.
    let level = 0;
    for (const trip of this.o.platform.thermalTrips) if (die >= trip.tempC) level++;
    if (level === this.tripLevel && key === this.tempKey) return;
    this.tripLevel = level;
    this.tempKey = key;
    this.epoch++;
    const effective = this.capped();
    const throttleChanged = Object.keys(effective).some((id) => effective[id] !== this.effective[id]);
    this.setEffective(effective);
    if (throttleChanged) this.o.events.onThrottle({ ...effective });
    this.changed();
  }

  private setEffective(effective: Record<string, number>): void {
    this.epoch++;
    this.effective = effective;
    this.effectiveKey = Object.values(effective).join(',');
  }

  private capped(): Record<string, number> {
    const die = this.dieTemperatureC;
    const effective: Record<string, number> = {};
    for (const cu of this.cp.units) {
      const id = cu.unit.id;
      const set = this.applied.freqMHz[id]!;
      const cap = thermalCapMHz(this.o.platform, id, die);
      effective[id] = set > cap ? highestAtOrBelow(cu.freqs, cap) : set;
    }
    return effective;
  }

  private clampToMode(config: Configuration): Configuration {
    const mode = powerModeOf(this.o.platform, this.mode ?? undefined);
    if (!mode) return config;
    const freqMHz: Record<string, number> = {};
    for (const cu of this.cp.units) {
      const allowed = allowedFreqs(cu.freqs, mode.limits[cu.unit.id]);
      freqMHz[cu.unit.id] = highestAtOrBelow(allowed, config.freqMHz[cu.unit.id]!);
    }
    const maxCores = mode.limits[config.unit]?.maxCores ?? Infinity;
    return { ...config, cores: Math.min(config.cores, maxCores), freqMHz };
  }
}
