/**
 * The model's account of a board's energy: what the models say the board drew for what the board
 * core knows it did (idle, or running a configuration; co-workloads; the clocks and die temperature
 * its sensors last showed), integrated piecewise between changes, over the components the rails
 * measure. The core splits measured energy between inferences with it (boardCore.ts). Beside it, the
 * same power as the board's sensors would show it (a sampled sensor lags by up to two update
 * periods), so the two accounts of the board's energy are compared like with like.
 */
import type { Dnn } from '../dnn/types.js';
import { compilePlatform, type CompiledPlatform } from '../models/compilePlatform.js';
import { idlePowerByComponentW } from '../models/idlePower.js';
import { evaluate } from '../models/predict.js';
import type { Configuration, Contention, Platform } from '../models/types.js';
import { SampledSensor } from './sampledSensor.js';

/** Bounds the cache of powers by condition, so memory stays flat. */
const CACHE_LIMIT = 4096;

export class ModelLedger {
  private readonly cp: CompiledPlatform;
  private energyMJ = 0;
  /** The energy the board's sensors would have shown for the model's power, mJ. */
  private shownMJ = 0;
  private sensor: SampledSensor | null = null;
  private readonly startMs: number;
  private readonly one = new Float64Array(1);
  private readonly energyOne = new Float64Array(1);
  private lastMs: number;
  private powerW = 0;
  private busy = false;
  private config: Configuration;
  private contention: Contention = {};
  private temperatureC: number | undefined;
  /** Clocks a unit's sensors showed below the set one at the last read (a thermal cap), MHz. */
  private capMHz: Record<string, number> = {};
  /** Bumped whenever a condition changes; the two powers are worked out once per epoch. */
  private epoch = 0;
  private busyW: { epoch: number; w: number } | null = null;
  private idleW: { epoch: number; w: number } | null = null;
  /** Powers by condition: a governor moves between the same few clocks thousands of times. */
  private readonly cache = new Map<number | string, number>();
  /** A small number per distinct contention, for the cache key. */
  private readonly contentionIds = new Map<string, number>([['{}', 0]]);
  private contentionId = 0;

  constructor(private readonly platform: Platform, private readonly dnn: Dnn, startMs: number, config: Configuration) {
    this.cp = compilePlatform(platform);
    this.lastMs = startMs;
    this.config = config;
    this.powerW = this.power();
    this.startMs = startMs;
    this.startSensor();
  }

  /** The sensor has shown the board's power at the start since before it: (re)started until time passes. */
  private startSensor(): void {
    const spec = this.platform.powerSensor;
    this.sensor = spec?.kind === 'sampled' ? new SampledSensor(spec.updatePeriodMs, this.startMs, [this.powerW]) : null;
  }

  /** The model's energy to timeMs as the board's sensors would have shown it, mJ. */
  shownAt(timeMs: number): number {
    const w = this.sensor ? this.sensor.shownW[0]! : this.powerW;
    return this.shownMJ + w * (timeMs - this.lastMs);
  }

  /** Energy the model says the board drew from the start to timeMs, mJ. */
  at(timeMs: number): number {
    return this.energyMJ + this.powerW * (timeMs - this.lastMs);
  }

  setBusy(nowMs: number, busy: boolean): void {
    this.advance(nowMs);
    this.busy = busy;
    this.powerW = this.power();
  }

  setConfig(nowMs: number, config: Configuration): void {
    this.change(nowMs, () => (this.config = config));
  }

  setContention(nowMs: number, contention: Contention): void {
    this.change(nowMs, () => {
      this.contention = contention;
      const text = JSON.stringify(contention);
      let id = this.contentionIds.get(text);
      if (id === undefined) this.contentionIds.set(text, (id = this.contentionIds.size));
      this.contentionId = id;
    });
  }

  /** What a sensor read showed: the clocks the units run at, and their temperatures. */
  setReading(nowMs: number, freqMHz: Record<string, number>, temperatureC: Record<string, number>): void {
    // Called at every read: plain loops, and a change only when the die crossed a degree or a cap moved.
    let max = -Infinity;
    for (const id in temperatureC) if (temperatureC[id]! > max) max = temperatureC[id]!;
    const die = Number.isFinite(max) ? Math.round(max) : undefined;
    let capChanged = false;
    const cap: Record<string, number> = {};
    for (const cu of this.cp.units) {
      const id = cu.unit.id;
      const f = freqMHz[id];
      if (f !== undefined && f < this.config.freqMHz[id]! && cu.oppIndex.has(f)) cap[id] = f;
      if (cap[id] !== this.capMHz[id]) capChanged = true;
    }
    if (die === this.temperatureC && !capChanged) return;
    this.change(nowMs, () => {
      this.temperatureC = die;
      this.capMHz = cap;
    });
  }

  private change(nowMs: number, apply: () => void): void {
    this.advance(nowMs);
    apply();
    this.epoch++;
    this.powerW = this.power();
    // The first reading (clocks, temperature) comes at the start: the sensor shows that board.
    if (this.lastMs === this.startMs) this.startSensor();
  }

  private advance(nowMs: number): void {
    if (nowMs <= this.lastMs) return;
    this.energyMJ += this.powerW * (nowMs - this.lastMs);
    if (this.sensor) {
      // The shown value changes at each update in the step: integrate it piece by piece.
      this.one[0] = this.powerW;
      let t = this.lastMs;
      while (this.sensor.nextUpdate <= nowMs) {
        const update = this.sensor.nextUpdate;
        this.shownMJ += this.sensor.shownW[0]! * (update - t);
        this.energyOne[0] = this.energyMJ - this.powerW * (nowMs - t);
        this.sensor.step(t, update, this.energyOne, this.one);
        t = update;
      }
      this.shownMJ += this.sensor.shownW[0]! * (nowMs - t);
    } else {
      this.shownMJ = this.energyMJ;
    }
    this.lastMs = nowMs;
  }

  private power(): number {
    const slot = this.busy ? this.busyW : this.idleW;
    if (slot && slot.epoch === this.epoch) return slot.w;
    const key = this.key();
    let w = this.cache.get(key);
    if (w === undefined) {
      const effective = this.effective();
      w = this.busy ? this.runningW(effective) : this.restingW(effective);
      if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
      this.cache.set(key, w);
    }
    if (this.busy) this.busyW = { epoch: this.epoch, w };
    else this.idleW = { epoch: this.epoch, w };
    return w;
  }

  /**
   * The condition as one number (mixed radix: busy, groups, unit, cores, each unit's operating point,
   * contention, whole degrees), cheaper to build than a string at every change of clocks.
   */
  private key(): number | string {
    const c = this.config;
    let key = (this.busy ? 1 : 0) * 64 + c.groups;
    key = key * 16 + this.cp.unitIndex.get(c.unit)!;
    key = key * 256 + c.cores;
    for (const cu of this.cp.units) {
      const id = cu.unit.id;
      const f = Math.min(c.freqMHz[id]!, this.capMHz[id] ?? Infinity);
      key = key * (cu.freqs.length + 1) + (cu.oppIndex.get(f) ?? cu.freqs.length);
    }
    key = key * 4096 + this.contentionId;
    key = key * 2048 + (this.temperatureC === undefined ? 0 : Math.min(2047, Math.max(1, this.temperatureC + 301)));
    // A platform with many units could run past exact integers: spell the key out there.
    return Number.isSafeInteger(key) ? key : `${key}|${JSON.stringify([c, this.capMHz, this.contentionId, this.temperatureC, this.busy])}`;
  }

  private effective(): Record<string, number> {
    const freqMHz: Record<string, number> = {};
    for (const [id, f] of Object.entries(this.config.freqMHz)) freqMHz[id] = Math.min(f, this.capMHz[id] ?? Infinity);
    return freqMHz;
  }

  private runningW(effective: Record<string, number>): number {
    const options = { contention: this.contention, thermalCaps: false, ...(this.temperatureC !== undefined ? { temperatureC: this.temperatureC } : {}) };
    const p = evaluate(this.platform, this.dnn, { ...this.config, freqMHz: effective }, options, false);
    return this.sensed((r) => p.powerByRailW[this.platform.rails[r]!.name]!, p.avgPowerW);
  }

  private restingW(effective: Record<string, number>): number {
    const components = idlePowerByComponentW(this.platform, effective, this.contention, this.temperatureC);
    const whole = components.reduce((s, w) => s + w, 0);
    return this.sensed((r) => this.cp.railComponents[r]!.reduce((s, c) => s + components[c]!, 0), whole);
  }

  /** The power the rails measure: the total rail, else every rail's sum; the whole board without rails. */
  private sensed(railW: (rail: number) => number, wholeW: number): number {
    const rails = this.platform.rails;
    if (rails.length === 0) return wholeW;
    const total = rails.findIndex((r) => r.total);
    if (total >= 0) return railW(total);
    let w = 0;
    for (let r = 0; r < rails.length; r++) w += railW(r);
    return w;
  }
}
