/**
 * The model's account of a board's energy: what the models say the board drew for what the board
 * core knows it did (idle, or running a configuration; co-workloads; the clocks and die temperature
 * its sensors last showed), integrated piecewise between changes, over the components the rails
 * measure. The core splits measured energy between inferences with it (boardCore.ts). Beside it, the
 * same power as the board's sensors would show it, so the two accounts of the board's energy are
 * compared like with like: a sampled sensor shows the average over its last update period, and the
 * core says when it saw the sensor update (its periods need not start with the board's), so the
 * model's average is taken over the same period.
 */
import type { Dnn } from '../dnn/types.js';
import { compilePlatform, type CompiledPlatform } from '../models/compilePlatform.js';
import { idlePowerByComponentW } from '../models/idlePower.js';
import { evaluate } from '../models/predict.js';
import type { Configuration, Contention, Platform } from '../models/types.js';

/** A configuration's clocks in unit order, and its key's digits without caps and their radix. */
interface ConfigFacts {
  freqs: Float64Array;
  digits: number;
  radix: number;
}

/** Bounds the cache of powers by condition, so memory stays flat. */
const CACHE_LIMIT = 4096;

/** The model's account of a board's energy, and of what its sensors would show (see the file's comment). */
export class ModelLedger {
  private readonly cp: CompiledPlatform;
  private energyMJ = 0;
  /** The energy the board's sensors would have shown for the model's power, mJ. */
  private shownMJ = 0;
  /** What a sampled sensor would show now for the model's power, W (null: an energy counter, which shows it all). */
  private shownW: number | null;
  private readonly periodMs: number | null;
  private readonly startMs: number;
  /** The model's energy at past moments (ascending), to average it over a sensor's last period. */
  private readonly pastMs: number[] = [];
  private readonly pastMJ: number[] = [];
  private lastMs: number;
  private powerW = 0;
  private busy = false;
  private config: Configuration;
  private contention: Contention = {};
  private temperatureC: number | undefined;
  /** Clocks a unit's sensors showed below the set one at the last read (a thermal cap), MHz. */
  private capMHz: Record<string, number> = {};
  /** The same in unit order (0: none), and whether any unit is capped. */
  private readonly capByUnit: Float64Array;
  private capped = false;
  /** Each configuration's clocks in unit order and its key digits, worked out once per configuration object. */
  private readonly facts = new WeakMap<Configuration, ConfigFacts>();
  private configFacts: ConfigFacts;
  /** Bumped whenever a condition changes; the two powers are worked out once per epoch. */
  private epoch = 0;
  /** The two powers and the epochs they were worked out in (-1: not yet), as numbers: they change at every clock change. */
  private busyW = 0;
  private busyEpoch = -1;
  private idleW = 0;
  private idleEpoch = -1;
  /** Powers by condition: a governor moves between the same few clocks thousands of times. */
  private readonly cache = new Map<number | string, number>();
  /** A small number per distinct contention, for the cache key. */
  private readonly contentionIds = new Map<string, number>([['{}', 0]]);
  private contentionId = 0;
  /** The key's configuration digits (without busy) and their radix, for this configuration and these caps. */
  private keyConfig: Configuration | null = null;
  private keyCaps: Record<string, number> | null = null;
  private keyDigits = 0;
  private keyRadix = 1;

  constructor(
    private readonly platform: Platform,
    private readonly dnn: Dnn,
    startMs: number,
    config: Configuration,
  ) {
    this.cp = compilePlatform(platform);
    this.capByUnit = new Float64Array(this.cp.units.length);
    this.lastMs = startMs;
    this.config = config;
    this.configFacts = this.factsOf(config);
    this.powerW = this.power();
    this.startMs = startMs;
    const spec = platform.powerSensor;
    this.periodMs = spec?.kind === 'sampled' ? spec.updatePeriodMs : null;
    // Until its first update, a sampled sensor shows the board as it was at the start.
    this.shownW = this.periodMs === null ? null : this.powerW;
  }

  /** The model's energy to timeMs as the board's sensors would have shown it, mJ. */
  shownAt(timeMs: number): number {
    return this.shownMJ + (this.shownW ?? this.powerW) * (timeMs - this.lastMs);
  }

  /**
   * The board's sampled sensor was seen to update at timeMs (its reading changed): from now on the
   * model's account shows the model's average over the period before it.
   */
  sensorUpdated(timeMs: number): void {
    if (this.periodMs === null) return;
    this.advance(timeMs);
    const from = Math.max(this.startMs, timeMs - this.periodMs);
    this.shownW = timeMs > from ? (this.at(timeMs) - this.pastAt(from)) / (timeMs - from) : this.powerW;
  }

  /** The model's energy at a past moment within the kept history, mJ. */
  private pastAt(timeMs: number): number {
    if (timeMs >= this.lastMs) return this.at(timeMs);
    // The last kept moment at or before timeMs; power was constant from it to the next.
    let i = this.pastMs.length - 1;
    while (i > 0 && this.pastMs[i]! > timeMs) i--;
    if (i < 0 || this.pastMs[i]! > timeMs) return 0;
    const nextMs = this.pastMs[i + 1] ?? this.lastMs;
    const nextMJ = this.pastMJ[i + 1] ?? this.energyMJ;
    const w = nextMs > this.pastMs[i]! ? (nextMJ - this.pastMJ[i]!) / (nextMs - this.pastMs[i]!) : 0;
    return this.pastMJ[i]! + w * (timeMs - this.pastMs[i]!);
  }

  /** Energy the model says the board drew from the start to timeMs, mJ. */
  at(timeMs: number): number {
    return this.energyMJ + this.powerW * (timeMs - this.lastMs);
  }

  /** From nowMs the DNN runs (busy) or the board idles. */
  setBusy(nowMs: number, busy: boolean): void {
    this.advance(nowMs);
    this.busy = busy;
    this.powerW = this.power();
  }

  /** From nowMs this configuration is in force. */
  setConfig(nowMs: number, config: Configuration): void {
    this.advance(nowMs);
    this.config = config;
    this.configFacts = this.factsOf(config);
    this.changed();
  }

  /**
   * A configuration's clocks in unit order and its key's digits without caps (mixed radix: groups,
   * unit, cores, each unit's operating point): the run's configurations are its own, never changed,
   * and a governor moves between the same few thousands of times.
   */
  private factsOf(c: Configuration): ConfigFacts {
    let facts = this.facts.get(c);
    if (facts !== undefined) return facts;
    const freqs = new Float64Array(this.cp.units.length);
    for (const cu of this.cp.units) freqs[cu.index] = c.freqMHz[cu.unit.id]!;
    const { digits, radix } = this.digitsOf(c, freqs, null);
    facts = { freqs, digits, radix };
    this.facts.set(c, facts);
    return facts;
  }

  /** The key's configuration digits and their radix, with each unit's clock capped where caps says (0: not). */
  private digitsOf(
    c: Configuration,
    freqs: Float64Array,
    caps: Float64Array | null,
  ): { digits: number; radix: number } {
    let key = c.groups;
    let radix = 64;
    key = key * 16 + this.cp.unitIndex.get(c.unit)!;
    key = key * 256 + c.cores;
    radix *= 16 * 256;
    for (const cu of this.cp.units) {
      const cap = caps === null ? 0 : caps[cu.index]!;
      const f = cap > 0 ? Math.min(freqs[cu.index]!, cap) : freqs[cu.index]!;
      key = key * (cu.freqs.length + 1) + (cu.oppIndex.get(f) ?? cu.freqs.length);
      radix *= cu.freqs.length + 1;
    }
    return { digits: key, radix };
  }

  /** From nowMs the co-workloads hold this much of the board. */
  setContention(nowMs: number, contention: Contention): void {
    this.change(nowMs, () => {
      this.contention = contention;
      const text = JSON.stringify(contention);
      let id = this.contentionIds.get(text);
      if (id === undefined) {
        id = this.contentionIds.size;
        this.contentionIds.set(text, id);
      }
      this.contentionId = id;
    });
  }

  /**
   * What a sensor read showed: the clocks the units run at, and their temperatures, in the platform's
   * unit order (NaN where unknown).
   */
  setReading(nowMs: number, freqMHz: ArrayLike<number>, temperatureC: ArrayLike<number>): void {
    // Called at every read: plain loops, and a change only when the die crossed a degree or a cap moved.
    const units = this.cp.units;
    let max = -Infinity;
    for (let u = 0; u < units.length; u++) {
      const t = temperatureC[u]!;
      if (t > max) max = t;
    }
    const die = Number.isFinite(max) ? Math.round(max) : undefined;
    let capChanged = false;
    for (let u = 0; u < units.length; u++)
      if ((this.capOf(units[u]!, freqMHz[u]!) ?? 0) !== this.capByUnit[units[u]!.index]) capChanged = true;
    if (die === this.temperatureC && !capChanged) return;
    // Something changed: the caps as a new object.
    const cap: Record<string, number> = {};
    this.capped = false;
    for (let u = 0; u < units.length; u++) {
      const f = this.capOf(units[u]!, freqMHz[u]!);
      if (f !== undefined) {
        cap[units[u]!.unit.id] = f;
        this.capped = true;
      }
      this.capByUnit[units[u]!.index] = f ?? 0;
    }
    this.change(nowMs, () => {
      this.temperatureC = die;
      this.capMHz = cap;
    });
  }

  /** A unit's cap: the clock its sensors showed, where that is an operating point below the set one. */
  private capOf(cu: CompiledPlatform['units'][number], f: number): number | undefined {
    return f < this.configFacts.freqs[cu.index]! && cu.oppIndex.has(f) ? f : undefined;
  }

  private change(nowMs: number, apply: () => void): void {
    this.advance(nowMs);
    apply();
    this.changed();
  }

  /** A condition has just changed: the power from now on. */
  private changed(): void {
    this.epoch++;
    this.powerW = this.power();
    // The first reading (clocks, temperature) comes at the start: the sensor shows that board.
    if (this.lastMs === this.startMs && this.periodMs !== null) this.shownW = this.powerW;
  }

  private advance(nowMs: number): void {
    if (nowMs <= this.lastMs) return;
    this.shownMJ += (this.shownW ?? this.powerW) * (nowMs - this.lastMs);
    // Kept for sensorUpdated(): the moments power changed over the last two periods.
    if (this.periodMs !== null) {
      this.pastMs.push(this.lastMs);
      this.pastMJ.push(this.energyMJ);
      if (this.pastMs.length > 256 && this.pastMs[128]! < nowMs - 2 * this.periodMs) {
        this.pastMs.splice(0, 128);
        this.pastMJ.splice(0, 128);
      }
    }
    this.energyMJ += this.powerW * (nowMs - this.lastMs);
    this.lastMs = nowMs;
  }

  private power(): number {
    if (this.busy ? this.busyEpoch === this.epoch : this.idleEpoch === this.epoch)
      return this.busy ? this.busyW : this.idleW;
    const key = this.key();
    let w = this.cache.get(key);
    if (w === undefined) {
      const effective = this.effective();
      w = this.busy ? this.runningW(effective) : this.restingW(effective);
      if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
      this.cache.set(key, w);
    }
    if (this.busy) {
      this.busyW = w;
      this.busyEpoch = this.epoch;
    } else {
      this.idleW = w;
      this.idleEpoch = this.epoch;
    }
    return w;
  }

  /**
   * The condition as one number (mixed radix: busy, groups, unit, cores, each unit's operating point,
   * contention, whole degrees), cheaper to build than a string at every change of clocks.
   */
  private key(): number | string {
    const c = this.config;
    // The configuration's digits change only with the configuration or the caps (each a new object
    // then): worked out once for both powers and for every degree and contention in between.
    if (this.keyConfig !== c || this.keyCaps !== this.capMHz) {
      const facts = this.configFacts;
      const { digits, radix } = this.capped ? this.digitsOf(c, facts.freqs, this.capByUnit) : facts;
      this.keyConfig = c;
      this.keyCaps = this.capMHz;
      this.keyDigits = digits;
      this.keyRadix = radix;
    }
    // busy is the leading digit; while the key is a safe integer every step above is exact, so this is
    // the number the digits give in one pass (past that the key is spelled out below anyway).
    let key = (this.busy ? 1 : 0) * this.keyRadix + this.keyDigits;
    key = key * 4096 + this.contentionId;
    key = key * 2048 + (this.temperatureC === undefined ? 0 : Math.min(2047, Math.max(1, this.temperatureC + 301)));
    // A platform with many units could run past exact integers: spell the key out there.
    return Number.isSafeInteger(key)
      ? key
      : `${key}|${JSON.stringify([c, this.capMHz, this.contentionId, this.temperatureC, this.busy])}`;
  }

  private effective(): Record<string, number> {
    const freqMHz: Record<string, number> = {};
    for (const [id, f] of Object.entries(this.config.freqMHz)) freqMHz[id] = Math.min(f, this.capMHz[id] ?? Infinity);
    return freqMHz;
  }

  private runningW(effective: Record<string, number>): number {
    const options = {
      contention: this.contention,
      thermalCaps: false,
      ...(this.temperatureC !== undefined ? { temperatureC: this.temperatureC } : {}),
    };
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
