/**
 * The twin's physics: the board core's executor, actuators and sensors (sim/boardParts.ts) worked
 * out from the models, on whatever clock it is given (virtual time in the simulator, the wall clock
 * in the board emulator).
 *
 * The DNN runs layer by layer at the model's per-layer times under the conditions of the moment
 * (clocks after thermal caps, co-workloads, die temperature). Conditions are piecewise constant, so
 * rather than an event per layer it keeps where the running inference stood when they last changed
 * and schedules only its end (and the end of a stall). A clock change stalls the DNN for the unit's
 * transition latency, a move to another unit for the migration cost. Energy, busy time and
 * temperature are integrated exactly between changes (twinMeter.ts, thermalState.ts).
 *
 * Simplification, documented in the README: while an inference runs, the board draws the
 * inference's average power under the current conditions (the per-layer shape is not kept).
 */
import type { SchedulerLike } from 'rxjs';
import type { Dnn } from '../../dnn/types.js';
import { anytimeProfileOf, stopOf, type AnytimeProfile } from '../../dnn/anytimeProfile.js';
import { compilePlatform, type CompiledPlatform } from '../../models/compilePlatform.js';
import { idlePowerByComponentW } from '../../models/idlePower.js';
import type { Configuration, Contention, Platform } from '../../models/types.js';
import type { Truth } from '../../scenarios/types.js';
import type { OrderedReading } from '../board.js';
import type { Actuators, BoardReading, Executor, InferenceOutcome, Sensors } from '../boardParts.js';
import { progressAfter, remainingMs, type Progress } from './inferenceProgress.js';
import { recordMaker, type RecordMaker } from '../recordMaker.js';
import { CpuMeter } from './cpuMeter.js';
import { DueTimer } from './dueTimer.js';
import { ThermalState } from './thermalState.js';
import { TwinMeter } from './twinMeter.js';
import { TwinRates, type Rates } from './twinRates.js';

/** What the twin's physics works from: the models, the scenario's truth and ambient, its clock. */
export interface TwinPhysicsOptions {
  /** The platform model. */
  platform: Platform;
  /** The network. */
  dnn: Dnn;
  /** How much slower and hungrier the board is than the model (1 and 1: the model is right). */
  truth: Truth;
  /** Ambient temperature, °C (the dies start at it). */
  ambientC: number;
  /** The configuration in force at the start. */
  initialConfig: Configuration;
  /** Stall when the DNN moves to another unit, ms. */
  migrationCostMs: number;
  /** Clock transition latency where the platform gives none, us. */
  defaultTransitionLatencyUs: number;
  /** The clock the physics schedules its own events on (inference ends, stall ends). */
  scheduler: SchedulerLike;
  /** Called when a thermal trip changes the clocks the units run at. */
  onThrottle?(effectiveFreqMHz: Record<string, number>): void;
  /** Keep each cpu's busy time too (the board emulator shows it; the simulator needs only the units'). */
  perCpu?: boolean;
  /**
   * Draws the image of each anytime inference (a configuration with a confidence threshold) from
   * the network's measured ones; uniform in [0, 1). Absent: Math.random.
   */
  drawImage?: () => number;
}

/** What the twin's sensors would read now, without starting a new window (the board emulator's files). */
export interface PhysicsSnapshot {
  /** The clocks the units run at, MHz. */
  freqMHz: Record<string, number>;
  /** Each unit's temperature, °C. */
  temperatureC: Record<string, number>;
  /** Each rail's power as its sensor shows it now, W. */
  railsW: Record<string, number>;
  /** Busy time of each cpu since the start, ms, in `cpus` order; empty unless perCpu. */
  cpuBusyMs: Float64Array;
  /** Each cpu's busy share now, in `cpus` order; empty unless perCpu. */
  cpuShare: Float64Array;
  /** The platform's cpu numbers, in unit order; empty unless perCpu. */
  cpus: readonly number[];
  /** Busy time of each unit's busiest core since the start, ms. */
  unitBusyMs: Record<string, number>;
  /** An inference is running (not stalled). */
  running: boolean;
  /** The physics' time of the snapshot, ms (busy times are up to it). */
  timeMs: number;
}

/** Rates looked up under the conditions of one epoch. */
interface RatesSlot {
  epoch: number;
  stopGroups: number;
  rates: Rates | null;
}

interface Running extends Progress {
  /** When the core asked for the inference. */
  askedMs: number;
  /** Anytime inference: the measured image it runs and the g it stops at. */
  anytime: { image: number; stopGroups: number } | null;
  /** When it is due to end at the current rates. */
  dueMs: number;
  done(outcome: InferenceOutcome): void;
}

/** The twin's physics: executor, actuators and sensors of a board core, from the models (see the file's comment). */
export class TwinPhysics implements Executor, Actuators, Sensors {
  private readonly cp: CompiledPlatform;
  private readonly rates: TwinRates;
  private readonly thermal: ThermalState;
  private readonly meter: TwinMeter;
  /** The configuration set: clocks, and the mapping and groups of the next or running inference. */
  private config: Configuration;
  /** The clocks the units run at (the set ones after thermal caps). */
  private effective: Record<string, number>;
  private effectiveKey: string | null = null;
  /** The effective clocks as one number (each unit's operating-point index), or null where one is not an operating point. */
  private effectiveCode: number | null = null;
  private contention: Contention = {};
  private contentionKey = '{}';
  /** A small number per distinct contention (by its JSON), for the rates' cache key. */
  private readonly contentionIds = new Map<string, number>([['{}', 0]]);
  private contentionId = 0;
  /** How many values an effective-clock code can take. */
  private readonly codeRange: number;
  /** Each unit's busiest-core share from the co-workloads alone, under the contention in force. */
  private readonly coShare: Float64Array;
  /** Bumped whenever a condition the rates depend on changes. */
  private epoch = 0;
  /** The last rates looked up running and idle, and the epoch they hold for (-1: none yet); changed in place. */
  private readonly lastRunning: RatesSlot = { epoch: -1, stopGroups: 0, rates: null };
  private readonly lastIdle: RatesSlot = { epoch: -1, stopGroups: 0, rates: null };
  /** The measured images anytime inference draws from (loaded at the first one). */
  private profile: AnytimeProfile | null = null;

  private running: Running | null = null;
  private stalledUntilMs: number | null = null;
  private segmentStartMs: number;
  private lastMs: number;
  // The rates since the last change.
  private layerTimesMs: readonly number[] = [];
  private readonly componentW: Float64Array;
  private readonly busiestShare: Float64Array;

  private readonly cpuMeter: CpuMeter | null;
  private readonly endEvent: DueTimer;
  /** The temperature sensors measure the die (every unit reads the hottest). */
  private readonly dieSensor: boolean;
  /** The thermal caps last reported by a throttle event ('' for none). */
  private reportedCaps = '';
  /** The due time of the physics' own event being run, if one is. */
  private eventMs: number | null = null;
  private readonly stallEvent: DueTimer;
  /** When the last inference ended (an inference run since an earlier time cannot start before). */
  private lastEndMs = -Infinity;
  /** When the last stall ended, likewise. */
  private lastStallEndMs = -Infinity;

  /** A read's values, in unit and rail order, and the makers of its records. */
  private readonly readout: OrderedReading & { unitRecord: RecordMaker; railRecord: RecordMaker };

  /** Present when the platform's sensors count energy; absent, the core integrates the rails it reads. */
  readonly energyMJ?: () => number;

  constructor(private readonly o: TwinPhysicsOptions) {
    this.endEvent = new DueTimer(o.scheduler, (dueMs) => this.runAt(dueMs, this.completeNow));
    this.stallEvent = new DueTimer(o.scheduler, (dueMs) => this.runAt(dueMs, this.stallEndNow));
    this.cp = compilePlatform(o.platform);
    const unitCount = this.cp.units.length;
    const unitIds = this.cp.units.map((cu) => cu.unit.id);
    const railNames = o.platform.rails.map((rail) => rail.name);
    this.readout = {
      unitIds,
      railNames,
      freqMHz: new Float64Array(unitCount),
      utilisation: new Float64Array(unitCount),
      temperatureC: new Float64Array(unitCount),
      railsW: new Float64Array(railNames.length),
      unitRecord: recordMaker(unitIds),
      railRecord: recordMaker(railNames),
    };
    this.codeRange = this.cp.units.reduce((n, cu) => n * cu.freqs.length, 1);
    this.coShare = new Float64Array(this.cp.units.length);
    this.dieSensor = o.platform.temperatureSensor?.kind === 'die';
    this.rates = new TwinRates(this.cp, o.dnn, o.truth);
    this.thermal = new ThermalState(this.cp, o.ambientC);
    this.config = o.initialConfig;
    this.effective = { ...o.initialConfig.freqMHz };
    this.effectiveCode = this.codeOf(this.effective);
    this.componentW = new Float64Array(this.cp.componentIds.length);
    this.busiestShare = new Float64Array(this.cp.units.length);
    this.lastMs = this.segmentStartMs = this.now();
    this.cpuMeter = o.perCpu ? new CpuMeter(this.cp) : null;
    // The board starts as one that has idled at its initial configuration: each unit at its idle
    // steady state, not at the room's temperature (a real board, or an emulated one, sits there).
    for (let round = 0; round < 4; round++) {
      this.thermal.settleAt(idlePowerByComponentW(o.platform, this.effective, {}, this.thermal.rateKeyC));
    }
    this.setRates();
    this.meter = new TwinMeter(this.cp, o.platform.powerSensor, this.lastMs, this.componentW);
    if (this.meter.counts) {
      this.energyMJ = () => {
        const began = this.begin();
        try {
          this.advance();
          return this.meter.energyMJ;
        } finally {
          this.end(began);
        }
      };
    }
  }

  /**
   * The physics' time: the scheduler's, except inside one of its own events, which happens at the
   * time it was scheduled for. In virtual time the two are the same; on the wall clock (the board
   * emulator) a timer fires a little late, and the inference it ends must not take longer for it.
   */
  private now(): number {
    return this.eventMs ?? this.o.scheduler.now();
  }

  /**
   * Fixes the physics' time for one call from outside (a wall clock moves while a call runs: every
   * part of the call must see one time); returns whether this call fixed it.
   */
  private begin(): boolean {
    if (this.eventMs !== null) return false;
    this.eventMs = this.o.scheduler.now();
    return true;
  }

  private end(began: boolean): void {
    if (began) this.eventMs = null;
  }

  /** Runs one of the physics' own events at the time it was due. */
  private runAt(dueMs: number, event: () => void): void {
    const outer = this.eventMs;
    this.eventMs = Math.max(dueMs, this.lastMs);
    try {
      event();
    } finally {
      this.eventMs = outer;
    }
  }

  private readonly completeNow = () => this.complete();
  private readonly stallEndNow = () => this.stallEnd();

  /** The hottest unit now, C. */
  get dieTemperatureC(): number {
    return this.thermal.dieC();
  }

  // ---- executor -------------------------------------------------------------------------------------

  /** Starts one inference of the configuration in force; done is called at its modelled end. */
  run(_config: Configuration, done: (outcome: InferenceOutcome) => void): void {
    const began = this.begin();
    try {
      this.advance();
      // configure() has set the configuration: the core puts one in force before it runs it. A new
      // inference has no position to settle: its rates start now (one reading of a wall clock).
      this.start(done);
    } finally {
      this.end(began);
    }
  }

  /** Starts an inference now, at the rates of now. */
  private start(done: (outcome: InferenceOutcome) => void): void {
    const now = this.lastMs;
    this.running = { askedMs: now, dueMs: now, done, layer: 0, fraction: 0, anytime: this.drawAnytime() };
    this.segmentStartMs = now;
    this.setRates();
  }

  /**
   * Runs an inference that began at sinceMs, in the past: the board emulator hears of a request a
   * millisecond or two after the controller sent it, and on a board the inference would have run
   * from the send. The time between is booked as the inference's (its progress, busy time and
   * energy), never before the last inference ended or a stall, nor after now.
   */
  runSince(sinceMs: number, done: (outcome: InferenceOutcome) => void): void {
    const began = this.begin();
    try {
      this.advance();
      const now = this.lastMs;
      const idleW = Float64Array.from(this.componentW);
      const idleShare = Float64Array.from(this.busiestShare);
      const idleCpuShare = this.cpuMeter ? Float64Array.from(this.cpuMeter.shares()) : null;
      this.start(done);
      // Not before the last inference or stall ended, and never longer ago than the whole inference
      // takes (it then ends now, having run all of the gap's end).
      const wholeMs = this.layerTimesMs.reduce((a, b) => a + b, 0);
      const from =
        this.stalledUntilMs !== null
          ? now
          : Math.min(now, Math.max(sinceMs, this.lastEndMs, this.lastStallEndMs, now - wholeMs));
      if (from < now && this.running !== null) {
        this.running.askedMs = from;
        this.segmentStartMs = from;
        // Where the inference stands now, and what the gap cost as running instead of idle. The
        // temperature is left as it is: a millisecond on a time constant of seconds.
        this.settle();
        this.setRates();
        this.meter.credit(now - from, idleW, this.componentW, idleShare, this.busiestShare);
        if (idleCpuShare) this.cpuMeter!.credit(now - from, idleCpuShare);
      }
    } finally {
      this.end(began);
    }
  }

  /**
   * Anytime inference: an image drawn from the measured ones, and the g it stops at under the
   * configuration's threshold (checkConfiguration has made sure the network has measured images).
   */
  private drawAnytime(): Running['anytime'] {
    const threshold = this.config.confidenceThreshold;
    if (threshold === undefined) return null;
    this.profile ??= anytimeProfileOf(this.o.dnn);
    const profile = this.profile;
    if (profile === null) throw new Error(`${this.o.dnn.id} has no measured images for anytime inference`);
    const image = Math.min(profile.images - 1, Math.floor((this.o.drawImage ?? Math.random)() * profile.images));
    return { image, stopGroups: stopOf(profile, image, threshold, this.config.groups) };
  }

  private complete(): void {
    this.advance();
    const run = this.running!;
    this.running = null;
    this.lastEndMs = this.lastMs;
    this.cancelEnd();
    this.setRates();
    const outcome: InferenceOutcome = {
      serviceMs: run.dueMs - run.askedMs,
      freqMHz: this.effective[this.config.unit]!,
    };
    if (run.anytime !== null) {
      const { image, stopGroups } = run.anytime;
      const profile = this.profile!;
      Object.assign(outcome, {
        groups: stopGroups,
        correct: profile.right[stopGroups - 1]![image] === 1,
        confidence: profile.top[stopGroups - 1]![image]!,
      });
    }
    run.done(outcome);
  }

  // ---- actuators ------------------------------------------------------------------------------------

  /** Puts a configuration in force now; returns the stall its clock change or move costs, ms. */
  configure(config: Configuration, previous: Configuration): number {
    const began = this.begin();
    try {
      this.advance();
      const stallMs = this.stallMs(previous, config);
      this.config = config;
      this.setEffective(this.thermal.capped(config.freqMHz));
      if (stallMs > 0) {
        const until = this.now() + stallMs;
        if (this.stalledUntilMs === null || until > this.stalledUntilMs) {
          // Where a running inference stood: it stands still until the stall ends.
          this.settle();
          this.stalledUntilMs = until;
          this.stallEvent.at(until, stallMs);
        }
      }
      this.changed();
      return stallMs;
    } finally {
      this.end(began);
    }
  }

  /** The co-workloads' hold on the board from now on. */
  setContention(contention: Contention): void {
    const began = this.begin();
    try {
      this.advance();
      this.contention = contention;
      this.contentionKey = JSON.stringify(contention);
      let id = this.contentionIds.get(this.contentionKey);
      if (id === undefined) {
        id = this.contentionIds.size;
        this.contentionIds.set(this.contentionKey, id);
      }
      this.contentionId = id;
      this.setCoShares();
      this.epoch++;
      this.changed();
    } finally {
      this.end(began);
    }
  }

  /** The twin switches modes at once; the core clamps the configuration into the mode's limits. */
  setPowerMode(): boolean {
    return true;
  }

  /**
   * Stall of a change for the DNN: its unit's clock transition if that clock changes (another unit's
   * transition does not hold it up), plus a migration if it moves to another unit, ms.
   */
  private stallMs(from: Configuration, to: Configuration): number {
    const unit = this.cp.units[this.cp.unitIndex.get(to.unit)!]!.unit;
    const transitionMs =
      from.freqMHz[unit.id] !== to.freqMHz[unit.id]
        ? (unit.transitionLatency.us ?? this.o.defaultTransitionLatencyUs) / 1000
        : 0;
    return transitionMs + (from.unit !== to.unit ? this.o.migrationCostMs : 0);
  }

  private stallEnd(): void {
    this.advance();
    this.stalledUntilMs = null;
    this.stallEvent.drop();
    this.lastStallEndMs = this.lastMs;
    // The inference stood still during the stall: it resumes from where it stopped, now.
    this.segmentStartMs = this.now();
    this.changed();
  }

  // ---- sensors --------------------------------------------------------------------------------------

  /** Every sensor now: a thermal poll first, as the kernel's, then the windows since the last read. */
  read(): BoardReading {
    const began = this.begin();
    try {
      this.advance();
      this.updateThermal();
      const r = this.readout;
      this.meter.read(this.now(), this.busiestShare, this.componentW, r.utilisation, r.railsW);
      const die = this.dieSensor ? this.thermal.dieC() : null;
      const units = this.cp.units;
      for (let u = 0; u < units.length; u++) {
        r.temperatureC[u] = die ?? this.thermal.temps[u]!;
        r.freqMHz[u] = this.effective[units[u]!.unit.id]!;
      }
      // A new reading each time (the loop keeps one until the next), made whole by each record's maker.
      return {
        freqMHz: r.unitRecord(r.freqMHz),
        utilisation: r.unitRecord(r.utilisation),
        temperatureC: r.unitRecord(r.temperatureC),
        railsW: r.railRecord(r.railsW),
        complete: true,
        ordered: r,
      };
    } finally {
      this.end(began);
    }
  }

  /** What the sensors would read now, without a read's side effects (a thermal poll comes first). */
  snapshot(): PhysicsSnapshot {
    const began = this.begin();
    try {
      this.advance();
      this.updateThermal();
      const temperatureC: Record<string, number> = {};
      const freqMHz: Record<string, number> = {};
      this.fillTemperatures(temperatureC);
      for (const cu of this.cp.units) freqMHz[cu.unit.id] = this.effective[cu.unit.id]!;
      return {
        freqMHz,
        temperatureC,
        railsW: this.meter.shownRailsW(this.componentW),
        cpuBusyMs: this.cpuMeter?.busyMs() ?? new Float64Array(0),
        cpuShare: this.cpuMeter?.shares() ?? new Float64Array(0),
        cpus: this.cpuMeter?.cpus ?? [],
        unitBusyMs: this.meter.unitBusyMs(),
        running: this.progressing,
        timeMs: this.lastMs,
      };
    } finally {
      this.end(began);
    }
  }

  /** Each unit's temperature as the board's sensors show it: its own, or the die's where they measure the die. */
  private fillTemperatures(out: Record<string, number | null>): void {
    const die = this.dieSensor ? this.thermal.dieC() : null;
    const units = this.cp.units;
    for (let u = 0; u < units.length; u++) out[units[u]!.unit.id] = die ?? this.thermal.temps[u]!;
  }

  private updateThermal(): void {
    if (!this.thermal.check()) return;
    this.epoch++;
    const effective = this.thermal.capped(this.config.freqMHz);
    this.setEffective(effective);
    // A throttle event when the caps in force change (a board that starts hot reports its caps at the first read).
    let caps = '';
    for (const id in effective) if (effective[id]! < this.config.freqMHz[id]!) caps += `${id}=${effective[id]} `;
    if (caps !== this.reportedCaps) this.o.onThrottle?.({ ...effective });
    this.reportedCaps = caps;
    this.changed();
  }

  private setEffective(effective: Record<string, number>): void {
    this.epoch++;
    this.effective = effective;
    this.effectiveKey = null;
    this.effectiveCode = this.codeOf(effective);
  }

  /**
   * Each unit's busiest-core share from the co-workloads alone: a GPU's share; the busiest cpu's share
   * where the contention carries it (rt-app co-workloads, whose held cores are packed and show about
   * twice it); else a held core's utilisation.
   */
  private setCoShares(): void {
    for (const cu of this.cp.units) {
      const id = cu.unit.id;
      const co =
        cu.unit.kind === 'gpu'
          ? (this.contention.gpuShare ?? 0)
          : (this.contention.busyCores?.[id] ?? 0) > 0
            ? (this.contention.busiestShare?.[id] ?? this.contention.busyUtilisation?.[id] ?? 1)
            : 0;
      this.coShare[cu.index] = Math.min(1, co);
    }
  }

  /** Each unit's clock as its operating-point index, in one number (mixed radix); null where one is not an operating point. */
  private codeOf(freqMHz: Record<string, number>): number | null {
    let code = 0;
    const units = this.cp.units;
    for (let u = 0; u < units.length; u++) {
      const cu = units[u]!;
      const j = cu.oppIndex.get(freqMHz[cu.unit.id]!);
      if (j === undefined) return null;
      code = code * cu.freqs.length + j;
    }
    return Number.isSafeInteger(code) ? code : null;
  }

  /**
   * The conditions of the rates as one number: cheaper to build and look up than a string at every
   * change of clocks, and equal exactly when the string key (below) would name the same conditions;
   * null where a part is out of its range (the string then names them).
   */
  private numericKey(running: boolean, stopGroups: number, temperatureC: number): number | null {
    const c = this.config;
    const code = this.effectiveCode;
    if (
      code === null ||
      this.contentionId >= 4096 ||
      !Number.isInteger(temperatureC) ||
      temperatureC < -300 ||
      temperatureC > 1700
    )
      return null;
    let key = 0;
    if (running) {
      const unit = this.cp.unitIndex.get(c.unit);
      const g = stopGroups > 0 ? stopGroups : c.groups;
      if (
        unit === undefined ||
        unit >= 16 ||
        !Number.isInteger(g) ||
        g < 1 ||
        g > 63 ||
        !Number.isInteger(c.cores) ||
        c.cores < 0 ||
        c.cores > 255
      )
        return null;
      key = ((stopGroups > 0 ? 2 : 1) * 64 + g) * 16 + unit;
      key = key * 256 + c.cores;
    }
    key = key * this.codeRange + code;
    key = key * 4096 + this.contentionId;
    key = key * 2048 + (temperatureC + 301);
    return Number.isSafeInteger(key) ? key : null;
  }

  // ---- segments and rates ---------------------------------------------------------------------------

  private get progressing(): boolean {
    return this.running !== null && this.stalledUntilMs === null;
  }

  /** Records where the running inference stands now, as the start of a new segment. */
  private settle(): void {
    const run = this.running;
    if (run && this.stalledUntilMs === null) {
      const at = progressAfter(run, this.layerTimesMs, this.now() - this.segmentStartMs);
      run.layer = at.layer;
      run.fraction = at.fraction;
    }
    this.segmentStartMs = this.now();
  }

  /** Conditions changed now: settle where the inference stands, then rebuild the rates and its end. */
  private changed(): void {
    const run = this.running;
    if (run !== null && this.stalledUntilMs === null && this.endEvent.pending && this.now() >= run.dueMs) {
      // On a wall clock an inference's end can fire late, after a change that came once it was over:
      // it ended when it was due, before the change.
      this.endEvent.drop();
      this.runAt(run.dueMs, this.completeNow);
    }
    this.settle();
    this.setRates();
  }

  private cancelEnd(): void {
    this.endEvent.drop();
  }

  private setRates(): void {
    this.cancelEnd();
    const running = this.progressing;
    // Utilisation as the kernel's governors see a policy's load: the busiest core's busy share (the
    // co-workloads' shares are worked out when the contention changes).
    const dnnUnit = running ? this.cp.unitIndex.get(this.config.unit) : undefined;
    const co = this.coShare;
    for (let u = 0; u < co.length; u++) this.busiestShare[u] = u === dnnUnit ? 1 : co[u]!;
    this.cpuMeter?.setShares(this.config, running, this.contention);
    const rates = this.ratesNow(running);
    this.componentW.set(rates.componentW);
    if (!running) return;
    this.layerTimesMs = rates.layerTimesMs;
    const leftMs = remainingMs(this.running!, this.layerTimesMs);
    this.running!.dueMs = this.now() + leftMs;
    this.endEvent.at(this.running!.dueMs, leftMs);
  }

  /** The rates under the conditions of now, cached; inferences alternate running and idle under unchanged conditions. */
  private ratesNow(running: boolean): Rates {
    const slot = running ? this.lastRunning : this.lastIdle;
    // An anytime inference's rates are those of the cascade to where it stops (0: a fixed-g one).
    const stopGroups = running ? (this.running!.anytime?.stopGroups ?? 0) : 0;
    if (slot.rates !== null && slot.epoch === this.epoch && slot.stopGroups === stopGroups) return slot.rates;
    const c = this.config;
    const temperatureC = this.thermal.rateKeyC;
    let key: number | string | null = this.numericKey(running, stopGroups, temperatureC);
    if (key === null) {
      this.effectiveKey ??= Object.values(this.effective).join(',');
      const effectiveKey = this.effectiveKey;
      key = running
        ? `${stopGroups > 0 ? `cascade ${stopGroups}` : c.groups}|${c.unit}|${c.cores}|${effectiveKey}|${this.contentionKey}|${temperatureC}`
        : `idle|${effectiveKey}|${this.contentionKey}|${temperatureC}`;
    }
    const rates = this.rates.ratesFor(
      running,
      c,
      this.effective,
      this.contention,
      temperatureC,
      key,
      stopGroups > 0 ? stopGroups : undefined,
    );
    slot.epoch = this.epoch;
    slot.stopGroups = stopGroups;
    slot.rates = rates;
    return rates;
  }

  /** Integrates energy, busy time and temperature from the last change to now at the current rates. */
  private advance(): void {
    // Never past the physics' own next event: on a wall clock it can fire late, and until it has run
    // the rates after it are not known (an inference that ended must not go on drawing busy power).
    const due = this.running !== null ? (this.stalledUntilMs ?? this.running.dueMs) : (this.stalledUntilMs ?? Infinity);
    const now = Math.min(this.now(), due);
    const dt = now - this.lastMs;
    if (dt <= 0) return;
    this.meter.advance(now, this.componentW, this.busiestShare);
    this.cpuMeter?.advance(dt);
    this.thermal.step(this.componentW, dt);
    this.lastMs = now;
  }
}
