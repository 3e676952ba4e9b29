/**
 * The board core: what every board does the same way, the twin, a real board on this machine and a
 * board behind an agent alike (DESIGN.md, "The board"). It holds the request queue and its drops,
 * the configuration in force and the one rule for when a new one takes effect, the record of each
 * inference, and power and energy from the sensors' windows. How the DNN runs, how the board is set
 * and how it is read are its plug-ins (boardParts.ts).
 *
 * The rule for a new configuration:
 * - a change of frequencies only takes effect at once, as the kernel applies a clock change (the
 *   inference in flight, if any, goes on at the new clock after the transition);
 * - any other change (groups, unit, cores, with whatever frequencies come with it) takes effect as a
 *   whole between inferences: at once when the DNN is idle, else when the inference in flight ends,
 *   before the next one starts. A later decision replaces one still waiting.
 * A power-mode switch clamps the configuration in force into the mode's limits at once, as nvpmodel
 * does, on boards that can switch modes.
 *
 * An inference's end is its start plus the DNN's own time for it (the executor's), so a real
 * board's records carry no controller round trip. Its energy is the model's energy for what the board
 * did between those two times (modelLedger.ts), scaled by how the board's measured energy so far
 * compares with the model's: the sensors set the level, the model splits it between inferences. A
 * power sensor that averages over a long period (the XU3's INA231s: 264 ms) cannot tell one 20 ms
 * inference from the idle time around it; this split can, and on a board without a sensor the level
 * is the model's own.
 */
import type { SchedulerLike } from 'rxjs';
import type { Dnn } from '../dnn/types.js';
import { clampToPowerMode } from '../models/clampToPowerMode.js';
import { modelledPowerW } from '../models/modelledPowerW.js';
import type { Configuration, Contention, Platform } from '../models/types.js';
import type { InferenceRecord } from '../policies/types.js';
import { sameConfig } from '../policies/sameConfig.js';
import type { Board, BoardEvents, SensorReading } from './board.js';
import type { Actuators, BoardReading, Executor, InferenceOutcome, Sensors } from './boardParts.js';
import { EnergyLedger } from './energyLedger.js';
import { ModelLedger } from './modelLedger.js';
import { freeCoresOf } from './freeCores.js';

/** What every board is given, whatever its plug-ins: the models, the scenario's start, the loop's clock and callbacks. */
export interface BoardSetting {
  /** The platform model: unit cores and cpus, power modes, and power where the board has no sensor. */
  platform: Platform;
  /** The network the board runs. */
  dnn: Dnn;
  /** The configuration in force at the start (checked and complete). */
  initialConfig: Configuration;
  /** The power mode at the start (null on boards without modes). */
  powerMode: string | null;
  /** Requests that may wait while one is served; beyond it they are dropped. */
  queueLimit: number;
  /** The loop's clock (its DNN lane): every record is stamped with it. */
  scheduler: SchedulerLike;
  /** Where the board reports inferences, drops, applied configurations and throttling. */
  events: BoardEvents;
}

/** A board core's setting and its three plug-ins: what runs the DNN, what sets the board, what reads it. */
export interface BoardCoreOptions extends BoardSetting {
  /** Runs one inference at a time under a configuration (the twin's physics or a workload process). */
  executor: Executor;
  /** Puts clocks, cores, co-workloads and power modes in force on the board. */
  actuators: Actuators;
  /** Reads the board's clocks, load, temperatures and rails. */
  sensors: Sensors;
  /** Things the user should know (a power mode the board cannot switch to, a failed inference). */
  note?(text: string): void;
}

/** The setting's fields of a larger options object (a board's own options carry more). */
export function boardSetting(o: BoardSetting): BoardSetting {
  return {
    platform: o.platform,
    dnn: o.dnn,
    initialConfig: o.initialConfig,
    powerMode: o.powerMode,
    queueLimit: o.queueLimit,
    scheduler: o.scheduler,
    events: o.events,
  };
}

interface Waiting {
  arrivalMs: number;
  /** The latency budget in force at arrival (null: none). */
  deadlineMs: number | null;
}

interface InFlight extends Waiting {
  startMs: number;
  /** The model's energy account at the start. */
  modelAtStartMJ: number;
  config: Configuration;
}

/** One board: the core with its plug-ins (see the file's comment). */
export class BoardCore implements Board {
  private applied: Configuration;
  private pending: Configuration | null = null;
  private mode: string | null;
  private readonly queue: Waiting[] = [];
  private inFlight: InFlight | null = null;
  private contention: Contention = {};
  private free: Readonly<Record<string, number>> | null = null;
  /** Energy as the board measures it (its counter, or its sensors' readings). */
  private readonly energy: EnergyLedger;
  /** Energy as the model accounts for what the board did. */
  private readonly model: ModelLedger;
  /** Measured over modelled energy at the last read: the scale of every inference's modelled energy. */
  private scale = 1;
  /**
   * Where the comparison of measured and modelled energy starts: a sampled sensor's readings in its
   * first two update periods after the start may average over time before it (a warm-up, another
   * run; its periods need not start with ours), which the model knows nothing of; so the accounts
   * are compared from then on.
   */
  private scaleFrom: { measuredMJ: number; modelledMJ: number } | null = null;
  private readonly scaleFromMs: number;
  /** DNN busy time in the current sensor window, for the modelled power of a board with no sensor. */
  private busyMsInWindow = 0;
  private lastReadMs: number;
  private shut = false;
  /** The rail that measures the whole board, if the platform has one. */
  private readonly totalRail: string | null;
  private readonly railNames: readonly string[];
  /** The total rail's place among them (-1: none). */
  private readonly totalIndex: number;
  /** A read's clocks and temperatures in unit order, for the model, where the board gives them by name. */
  private readonly unitFreqMHz: Float64Array;
  private readonly unitTemperatureC: Float64Array;
  /** Each rail's reading at the previous read, for spotting a sampled sensor's updates. */
  private readonly lastRailsW: (number | undefined)[] = [];
  /** The same for a board that gives its rails in order (a board gives them one way or the other). */
  private readonly lastRailsF: Float64Array;
  private readonly sampled: boolean;
  /** Each unit's frequency at the last read, for the records of a board whose executor cannot say. */
  private lastFreqMHz: Record<string, number> = {};

  constructor(private readonly o: BoardCoreOptions) {
    // The board's own copy: every configuration it holds is the run's and never changes (the model
    // ledger and the policy's view keep what they work out per configuration object), while the
    // caller's may be changed between runs.
    const initial = { ...o.initialConfig, freqMHz: { ...o.initialConfig.freqMHz } };
    this.applied = initial;
    this.mode = o.powerMode;
    this.totalRail = o.platform.rails.find((rail) => rail.total)?.name ?? null;
    this.railNames = o.platform.rails.map((rail) => rail.name);
    this.totalIndex = o.platform.rails.findIndex((rail) => rail.total);
    this.lastRailsF = new Float64Array(this.railNames.length).fill(Number.NaN);
    this.unitFreqMHz = new Float64Array(o.platform.units.length);
    this.unitTemperatureC = new Float64Array(o.platform.units.length);
    this.lastReadMs = this.now();
    this.energy = new EnergyLedger(this.lastReadMs, o.sensors.energyMJ ? () => o.sensors.energyMJ!() : null);
    this.model = new ModelLedger(o.platform, o.dnn, this.lastReadMs, initial);
    const sensor = o.platform.powerSensor;
    this.scaleFromMs = this.lastReadMs + (sensor?.kind === 'sampled' ? 2 * sensor.updatePeriodMs : 0);
    this.sampled = sensor?.kind === 'sampled';
    o.actuators.configure(initial, initial);
    // A first read starts the sensors' windows and gives the model the clocks and temperatures.
    this.readSensors();
  }

  private now(): number {
    return this.o.scheduler.now();
  }

  /** The configuration in force, or the one waiting for the inference in flight to end. */
  get config(): Configuration {
    return this.pending ?? this.applied;
  }

  /** The power mode in force (null on boards without modes). */
  get powerMode(): string | null {
    return this.mode;
  }

  /** Requests waiting, not counting the one being served. */
  get queueLength(): number {
    return this.queue.length;
  }

  /**
   * Cores not held by co-workloads, per unit: the same frozen object until the co-workloads change
   * (it is handed to policies as it is).
   */
  freeCores(): Readonly<Record<string, number>> {
    this.free ??= Object.freeze(freeCoresOf(this.o.platform, this.contention));
    return this.free;
  }

  /**
   * The board is being closed: answers still to come (a workload stopped mid-inference) are neither
   * inferences nor drops, and nothing more starts.
   */
  protected shutDown(): void {
    this.shut = true;
    this.queue.length = 0;
  }

  /** Board energy so far, mJ. */
  energyNowMJ(): number {
    return this.energy.at(this.now());
  }

  /** A request arrives now: it starts, waits in the queue, or is dropped when the queue is full. */
  request(deadlineMs: number | null): void {
    if (this.shut) return;
    const w = { arrivalMs: this.now(), deadlineMs };
    if (this.inFlight === null) this.start(w);
    else if (this.queue.length < this.o.queueLimit) this.queue.push(w);
    else this.o.events.onDrop(w.arrivalMs);
  }

  /**
   * Puts a checked, complete configuration in force: at once, or, when the groups, the threshold, the
   * unit or the cores change while an inference runs, once it ends (clocks alone change at once).
   */
  apply(config: Configuration): void {
    // The same checked object (the loop's checker hands one out for equal decisions) is the same configuration.
    if (config === this.applied || sameConfig(config, this.applied)) {
      this.pending = null;
      return;
    }
    const mapping =
      config.groups !== this.applied.groups ||
      config.confidenceThreshold !== this.applied.confidenceThreshold ||
      config.unit !== this.applied.unit ||
      config.cores !== this.applied.cores;
    if (this.inFlight !== null && mapping) {
      this.pending = config;
      return;
    }
    this.pending = null;
    this.put(config);
  }

  /** The co-workloads' hold on the board from now on (the model and the actuators are told). */
  setContention(contention: Contention): void {
    this.model.setContention(this.now(), contention);
    this.contention = contention;
    this.free = null;
    this.o.actuators.setContention(contention);
  }

  /**
   * Switches the power mode and brings the configuration in force (and a pending one) inside its
   * limits; a board that cannot switch modes notes it and keeps its limits.
   */
  setPowerMode(mode: string): void {
    if (!this.o.actuators.setPowerMode(mode)) {
      this.o.note?.(`power mode ${mode} asked for: this board does not switch power modes; limits unchanged`);
      return;
    }
    this.mode = mode;
    if (this.pending) this.pending = clampToPowerMode(this.o.platform, mode, this.pending);
    const clamped = clampToPowerMode(this.o.platform, mode, this.applied);
    if (!sameConfig(clamped, this.applied)) this.put(clamped, false);
  }

  /**
   * The board's readings averaged since the previous call; the board power is the whole-board rail's
   * (else the rails' sum), or the model's where no rail is measured.
   */
  readSensors(): SensorReading {
    const now = this.now();
    const r = this.o.sensors.read();
    const windowMs = now - this.lastReadMs;
    if (this.inFlight) this.busyMsInWindow += now - Math.max(this.inFlight.startMs, this.lastReadMs);
    // Called every sensor period: the reading's own objects are completed in place, without copies.
    const powerByRailW = r.railsW;
    // A board that has every rail in order (the twin) is read by index, in the same order.
    const ordered = r.ordered !== undefined && r.ordered.railsW.length === this.railNames.length ? r.ordered : null;
    let powerW = 0;
    let measured = false;
    for (let i = 0; i < this.railNames.length; i++) {
      const w = ordered ? ordered.railsW[i]! : powerByRailW[this.railNames[i]!];
      if (w === undefined) continue;
      measured = true;
      powerW += w;
    }
    if (measured && this.totalRail !== null) {
      const w = ordered ? ordered.railsW[this.totalIndex]! : powerByRailW[this.totalRail];
      if (w !== undefined) powerW = w;
    }
    if (!measured) {
      const busyShare = windowMs > 0 ? Math.min(1, this.busyMsInWindow / windowMs) : 0;
      const modelled = modelledPowerW(this.o.platform, this.o.dnn, this.applied, this.contention, busyShare);
      Object.assign(powerByRailW, modelled.rails);
      powerW = modelled.board;
    }
    // A sampled sensor's reading changes only when it updates: tell the model when that was seen.
    if (measured && this.sampled && this.railsChanged(ordered?.railsW ?? powerByRailW)) this.model.sensorUpdated(now);
    this.energy.record(now, powerW);
    this.lastReadMs = now;
    this.busyMsInWindow = 0;
    if (r.complete !== true) completeReading(r, this.applied);
    const freqMHz = r.freqMHz as Record<string, number>;
    const temperatureC = r.temperatureC as Record<string, number>;
    this.lastFreqMHz = freqMHz;
    if (ordered) this.model.setReading(now, ordered.freqMHz, ordered.temperatureC);
    else {
      const units = this.o.platform.units;
      for (let u = 0; u < units.length; u++) {
        this.unitFreqMHz[u] = freqMHz[units[u]!.id] ?? Number.NaN;
        this.unitTemperatureC[u] = temperatureC[units[u]!.id] ?? Number.NaN;
      }
      this.model.setReading(now, this.unitFreqMHz, this.unitTemperatureC);
    }
    if (now >= this.scaleFromMs) {
      this.scaleFrom ??= { measuredMJ: this.energy.at(now), modelledMJ: this.model.shownAt(now) };
      const modelledMJ = this.model.shownAt(now) - this.scaleFrom.modelledMJ;
      if (modelledMJ > 0) this.scale = (this.energy.at(now) - this.scaleFrom.measuredMJ) / modelledMJ;
    }
    // The ordered numbers go on where they are the records' whole story (nothing filled in by name).
    return {
      windowMs,
      freqMHz,
      utilisation: r.utilisation as Record<string, number>,
      temperatureC,
      powerByRailW,
      powerW,
      ordered: ordered !== null && measured && r.complete === true ? ordered : undefined,
    };
  }

  /** Whether any rail reads otherwise than at the previous read (remembering this read); by name, or by index in rail order. */
  private railsChanged(railsW: Record<string, number> | Float64Array): boolean {
    let changed = false;
    if (railsW instanceof Float64Array) {
      // A twin's, every sensor period: numbers against numbers (NaN at first, which no reading equals).
      const last = this.lastRailsF;
      for (let i = 0; i < last.length; i++) {
        const w = railsW[i]!;
        if (w !== last[i]) changed = true;
        last[i] = w;
      }
      return changed;
    }
    for (let i = 0; i < this.railNames.length; i++) {
      const w = railsW[this.railNames[i]!];
      if (w !== this.lastRailsW[i]) changed = true;
      this.lastRailsW[i] = w;
    }
    return changed;
  }

  // ---- the DNN -------------------------------------------------------------------------------------

  private start(w: Waiting): void {
    const startMs = this.now();
    const config = this.applied;
    this.model.setBusy(startMs, true);
    const run: InFlight = {
      arrivalMs: w.arrivalMs,
      deadlineMs: w.deadlineMs,
      startMs,
      modelAtStartMJ: this.model.at(startMs),
      config,
    };
    this.inFlight = run;
    this.o.executor.run(config, (outcome) => this.finish(run, outcome));
  }

  private finish(run: InFlight, outcome: InferenceOutcome): void {
    // An answer for a run the board has given up on, or one that comes after it was shut down.
    if (this.inFlight !== run || this.shut) return;
    const now = this.now();
    this.inFlight = null;
    this.busyMsInWindow += now - Math.max(run.startMs, this.lastReadMs);
    if ('error' in outcome) {
      this.model.setBusy(now, false);
      this.o.note?.(`inference failed: ${outcome.error}`);
      this.o.events.onDrop(run.arrivalMs);
    } else {
      const endMs = Math.min(now, run.startMs + outcome.serviceMs);
      this.model.setBusy(endMs, false);
      const latencyMs = endMs - run.arrivalMs;
      const c = run.config;
      const serviceMs = endMs - run.startMs;
      const energyMJ = (this.model.at(endMs) - run.modelAtStartMJ) * this.scale;
      const groups = outcome.groups ?? c.groups;
      const freqMHz = outcome.freqMHz ?? this.lastFreqMHz[c.unit] ?? c.freqMHz[c.unit]!;
      const deadlineMet = run.deadlineMs === null || latencyMs <= run.deadlineMs;
      // Two literals, the fields in one order (a trace writes them so), rather than spreads of
      // optional parts: an inference ends about 30 times a simulated second.
      const record: InferenceRecord =
        c.confidenceThreshold === undefined
          ? {
              arrivalMs: run.arrivalMs,
              startMs: run.startMs,
              endMs,
              latencyMs,
              serviceMs,
              energyMJ,
              groups,
              unit: c.unit,
              cores: c.cores,
              freqMHz,
              deadlineMet,
            }
          : {
              arrivalMs: run.arrivalMs,
              startMs: run.startMs,
              endMs,
              latencyMs,
              serviceMs,
              energyMJ,
              groups,
              confidenceThreshold: c.confidenceThreshold,
              groupLimit: c.groups,
              unit: c.unit,
              cores: c.cores,
              freqMHz,
              deadlineMet,
            };
      if (outcome.correct !== undefined) record.correct = outcome.correct;
      if (outcome.confidence !== undefined) record.confidence = outcome.confidence;
      this.o.events.onInference(record);
    }
    if (this.pending) {
      const next = this.pending;
      this.pending = null;
      this.put(next);
    }
    const w = this.queue.shift();
    if (w) this.start(w);
  }

  /** Puts a configuration in force now. */
  private put(config: Configuration, report = true): void {
    const stallMs = this.o.actuators.configure(config, this.applied);
    this.model.setConfig(this.now(), config);
    this.applied = config;
    // Until a read says otherwise (a thermal cap), the units run at the clocks just set (the
    // configuration is the run's own and never changed, so its clocks need no copy).
    this.lastFreqMHz = config.freqMHz;
    if (report) this.o.events.onApply(config, stallMs);
  }
}

/** Replaces every unknown of a reading in place: frequencies by the set ones, the rest by NaN. */
function completeReading(r: BoardReading, applied: Configuration): void {
  for (const id in applied.freqMHz) {
    if (r.freqMHz[id] == null) r.freqMHz[id] = applied.freqMHz[id]!;
    if (r.utilisation[id] == null) r.utilisation[id] = Number.NaN;
    if (r.temperatureC[id] == null) r.temperatureC[id] = Number.NaN;
  }
}
