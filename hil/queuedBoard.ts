/**
 * What a board on this machine (RealBoard) and one behind an agent (RemoteBoard) share as the control
 * loop's Board: the configuration in force and the one waiting for the DNN to be idle, the request
 * queue, free cores, the report of each inference, and sensor readings turned into power and energy
 * (measured rails where there are some, the twin's prediction otherwise). Subclasses say how an
 * inference starts, how a configuration is put in force and where the sensors come from.
 */
import type { SchedulerLike } from 'rxjs';
import type { Dnn } from '../dnn/types.js';
import type { Configuration, Contention, Platform } from '../models/types.js';
import { sameConfig } from '../policies/sameConfig.js';
import type { Board, BoardEvents, SensorReading } from '../sim/board.js';
import { freeCoresOf } from '../sim/freeCores.js';
import { modelledPowerW } from './modelledPower.js';
import { RequestQueue, type Waiting } from './requestQueue.js';

/** The options both boards take. */
export interface QueuedBoardOptions {
  /** The platform model: unit cpus, and power where the board has no sensor. */
  platform: Platform;
  dnn: Dnn;
  initialConfig: Configuration;
  powerMode: string | null;
  queueLimit: number;
  /** The loop's clock: every inference is stamped with it. */
  scheduler: SchedulerLike;
  events: BoardEvents;
  /** Called with things the user should know (a frequency the board cannot set, a lost stream, ...). */
  note(text: string): void;
}

/** How an inference ended: an error (reported as a drop), or what ran. */
export type InferenceOutcome = { error: string } | { serviceMs: number; groups: number; unit: string; cores: number };

export abstract class QueuedBoard implements Board {
  protected applied: Configuration;
  protected pending: Configuration | null = null;
  protected readonly requests: RequestQueue;
  protected contention: Contention = {};
  protected lastReadMs = 0;
  private free: Readonly<Record<string, number>> | null = null;
  private busyMsInWindow = 0;
  private energyMJ = 0;
  private lastBoardW = 0;

  constructor(private readonly shared: QueuedBoardOptions) {
    this.requests = new RequestQueue(shared.queueLimit, (w) => this.start(w), (arrivalMs) => shared.events.onDrop(arrivalMs));
    this.applied = shared.initialConfig;
  }

  /** Serves a request now: calls requests.begin() and, when the inference ends, finish(). */
  protected abstract start(w: Waiting): void;

  /** Puts a configuration in force at once (the DNN is idle, or the change does not need it to be). */
  protected abstract applyNow(config: Configuration): void;

  abstract setContention(contention: Contention): void;
  abstract setPowerMode(mode: string): void;
  abstract readSensors(): SensorReading;

  protected now(): number {
    return this.shared.scheduler.now();
  }

  get config(): Configuration {
    return this.pending ?? this.applied;
  }

  get powerMode(): string | null {
    return this.shared.powerMode;
  }

  get queueLength(): number {
    return this.requests.length;
  }

  freeCores(): Record<string, number> {
    this.free ??= freeCoresOf(this.shared.platform, this.contention);
    return this.free;
  }

  request(deadlineMs: number | null): void {
    this.requests.arrive({ arrivalMs: this.now(), deadlineMs });
  }

  apply(config: Configuration): void {
    if (sameConfig(config, this.applied)) {
      this.pending = null;
      return;
    }
    // Groups change per request; a new mapping moves the DNN (another process, or a restart), so it
    // waits for the inference in flight to finish.
    if (this.requests.inFlight && (config.unit !== this.applied.unit || config.cores !== this.applied.cores)) this.pending = config;
    else this.applyNow(config);
  }

  energyNowMJ(): number {
    return this.energyMJ;
  }

  /** Records new contention: free cores are worked out again when next asked. */
  protected contentionChanged(contention: Contention): void {
    this.contention = contention;
    this.free = null;
  }

  /**
   * Ends the inference in flight at endMs: reports it (its failure as a drop), then puts a waiting
   * configuration in force and serves the next request.
   */
  protected finish(endMs: number, outcome: InferenceOutcome): void {
    const run = this.requests.end();
    this.busyMsInWindow += endMs - Math.max(run.startMs, this.lastReadMs);
    if ('error' in outcome) {
      this.shared.note(`inference failed: ${outcome.error}`);
      this.shared.events.onDrop(run.arrivalMs);
    } else {
      const latencyMs = endMs - run.arrivalMs;
      this.shared.events.onInference({
        arrivalMs: run.arrivalMs,
        startMs: endMs - outcome.serviceMs,
        endMs,
        latencyMs,
        serviceMs: outcome.serviceMs,
        energyMJ: this.lastBoardW * outcome.serviceMs,
        groups: outcome.groups,
        unit: outcome.unit,
        cores: outcome.cores,
        freqMHz: this.applied.freqMHz[outcome.unit]!,
        deadlineMet: run.deadlineMs === null || latencyMs <= run.deadlineMs,
      });
    }
    if (this.pending) this.applyNow(this.pending);
    this.requests.next();
  }

  /**
   * The reading for the window since the previous one: board power from the measured rails (the
   * platform's total rail where it is among them, else their sum) or, without any, the twin's
   * prediction for what the board did (the DNN's busy share of the window); energy integrated.
   *
   * @param measuredRailsW - watts per measured rail; empty when the board has no power sensor
   */
  protected reading(
    freqMHz: Record<string, number>,
    utilisation: Record<string, number>,
    temperatureC: Record<string, number>,
    measuredRailsW: Record<string, number>,
  ): SensorReading {
    const now = this.now();
    const windowMs = now - this.lastReadMs;
    if (this.requests.inFlight) this.busyMsInWindow += now - Math.max(this.requests.inFlight.startMs, this.lastReadMs);
    const busyShare = windowMs > 0 ? Math.min(1, this.busyMsInWindow / windowMs) : 0;
    const powerByRailW: Record<string, number> = { ...measuredRailsW };
    let powerW: number;
    if (Object.keys(measuredRailsW).length > 0) {
      const total = this.shared.platform.rails.find((r) => r.total && powerByRailW[r.name] !== undefined);
      powerW = total ? powerByRailW[total.name]! : Object.values(powerByRailW).reduce((s, w) => s + w, 0);
    } else {
      const modelled = modelledPowerW(this.shared.platform, this.shared.dnn, this.applied, this.contention, busyShare);
      Object.assign(powerByRailW, modelled.rails);
      powerW = modelled.board;
    }
    if (windowMs > 0) this.energyMJ += powerW * windowMs;
    this.lastBoardW = powerW;
    this.lastReadMs = now;
    this.busyMsInWindow = 0;
    return { windowMs, freqMHz, utilisation, temperatureC, powerByRailW, powerW };
  }
}
