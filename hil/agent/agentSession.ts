/**
 * What the board agent does, free of HTTP: it holds the configuration in force, the DNN workload
 * process and the co-workloads, checks every request against the platform model and the board's
 * own capabilities, and guards the board with a watchdog. The express app (agentApp.ts) only
 * parses requests and calls this.
 *
 * A session runs from the first request after the board's state was saved to the moment it is
 * restored (watchdog or close); the next request saves the state again and starts a new one.
 */
import { performance } from 'node:perf_hooks';
import { checkThreshold } from '../../dnn/confidence.js';
import { InputError, unknownName } from '../../dnn/inputError.js';
import type { Dnn } from '../../dnn/types.js';
import { checkConfiguration } from '../../models/checkConfiguration.js';
import type { Configuration, Platform, Unit } from '../../models/types.js';
import type { BoardAdapter, Capabilities, SavedState, TelemetrySnapshot } from '../types.js';
import type { WorkloadProcess } from '../workload/workloadProcess.js';
import { AgentRtapp } from './agentRtapp.js';
import { StateConflict } from './stateConflict.js';
import { nodeTimers, Watchdog, type AgentTimers } from './watchdog.js';

/** Why the board was put back as it was. */
export type RestoreReason = 'watchdog' | 'close';

/** A running co-workload, as the agent's caller starts it. */
export interface BusyLoadHandle {
  /** Stops the co-workload. */
  stop(): void;
}

/** The board, the models and the process starters an agent works with. */
export interface AgentSessionOptions {
  /** The board: its sysfs adapter (or the emulator's), which sets, reads, saves and restores it. */
  adapter: BoardAdapter;
  /** The platform model: unit ids, kinds and cpus, and the configurations it allows. */
  platform: Platform;
  /** The DNN: the group counts an inference may ask for. */
  dnn: Dnn;
  /** Starts the DNN workload pinned to these cpus with this many threads. */
  startWorkload(unit: string, cores: number, cpus: readonly number[]): WorkloadProcess;
  /**
   * Starts a co-workload holding `cores` of the unit, on these cpus: busy processes on a board of
   * this machine (hil/workload/busyProcess.js startBusyLoad, with taskset chosen), the emulator's
   * model on an emulated board. `busiestShare` (the busiest cpu's share, where a packed load's
   * differs from its utilisation) reaches an emulated board's governors; busy processes show their own.
   */
  startBusyLoad(
    unit: string,
    cpus: readonly number[],
    cores: number,
    utilisation: number,
    busiestShare?: number,
  ): BusyLoadHandle;
  /** Silence from the controller after which everything is stopped and the board restored, ms. */
  watchdogMs: number;
  /**
   * The rt-app program that runs a controller's rt-app co-workloads here (found by the caller), and
   * where their folders go (default a temporary folder); absent or a null binary: the agent has none.
   */
  rtapp?: { binary: string | null; dir?: string };
  /** Agent time, ms (default: monotonic, zero at creation). */
  clock?: () => number;
  /** Timers for the watchdog and the ready wait (default: Node's). */
  timers?: AgentTimers;
  /** How long a workload start waits for the workload's ready line before answering anyway, ms (default 30000). */
  readyWaitMs?: number;
  /** Called after each restore, with the adapter's error message if it failed. */
  onRestore?(reason: RestoreReason, error: string | null): void;
  /**
   * Keeps the saved state on disk while a session is live, so `twinrtm hil restore` can undo a
   * killed agent: saved() is called with each state saved, before anything on the board changes
   * (when it throws, nothing changes: the request is refused), restored() once it is written back.
   */
  stateFile?: {
    /** Called with each state saved, before anything on the board changes. */
    saved(state: SavedState): void;
    /** Called once the state is written back. */
    restored(): void;
  };
}

/** One inference the agent ran; times on the agent's clock. */
export interface InferenceResult {
  /** Active groups asked for (with a confidence threshold: the most it runs). */
  groups: number;
  /** The unit the workload runs on. */
  unit: string;
  /** Its threads. */
  cores: number;
  /** The workload's own measure of the inference, ms. */
  latencyMs: number;
  /** When the agent sent the request to the workload and got the reply, ms. */
  startMs: number;
  /** When the reply came, ms. */
  endMs: number;
  /** The DNN's class was the label, when the workload ran a labelled image. */
  correct?: boolean;
  /** The answer's top-1 probability, where the workload gives it. */
  confidence?: number;
  /** Anytime inference (a confidence threshold): the threshold, and the g it stopped at. */
  confidenceThreshold?: number;
  /** With a threshold: the groups it ran before it stopped. */
  groupsRun?: number;
}

/** What a watchdog trip did. */
export interface WatchdogReport {
  /** When it tripped, on the agent's clock, ms. */
  timeMs: number;
  /** The silence that tripped it (the watchdog period), ms. */
  silentMs: number;
  /** A DNN workload was running and was stopped. */
  stoppedWorkload: boolean;
  /** The co-workloads stopped, by name (rt-app's as "rt-app NAME"). */
  stoppedCoworkloads: string[];
  /** The saved state was written back (false when restore() threw: see error). */
  restored: boolean;
  /** The restore's error message; null when it worked. */
  error: string | null;
}

/** Something the agent's event streams pass on. */
export type AgentEvent = ({ kind: 'inference' } & InferenceResult) | ({ kind: 'watchdog' } & WatchdogReport);

/** Where a workload runs: the unit, its thread count and the cpus it is pinned to. */
export interface WorkloadInfo {
  /** The unit's id. */
  unit: string;
  /** Its thread count (the cores it holds). */
  cores: number;
  /** The board cpus it is pinned to. */
  cpus: number[];
}

/** A named co-workload and where it runs. */
export interface CoworkloadInfo extends WorkloadInfo {
  /** The name the controller gave it. */
  name: string;
  /** Its busy share in [0, 1] (the contention's busyUtilisation). */
  utilisation: number;
  /** Its busiest cpu's share in [0, 1], when the controller gave one (the contention's busiestShare). */
  busiestShare?: number;
}

/** The session as GET /v1/session shows it. */
export interface SessionStatus {
  /** The agent's clock now, ms. */
  timeMs: number;
  /** The watchdog's period, ms. */
  watchdogMs: number;
  /** The board's state is saved and will be restored (false after a restore until the next request). */
  live: boolean;
  /** The configuration in force; null before the session's first one (a restore clears it). */
  config: Configuration | null;
  /** The DNN workload running; null when none is. */
  workload: WorkloadInfo | null;
  /** The co-workloads running. */
  coworkloads: CoworkloadInfo[];
}

interface RunningWorkload extends WorkloadInfo {
  process: WorkloadProcess;
  /** Its ready line once it came (null: none in time, or not yet). */
  ready: Record<string, unknown> | null;
}

interface RunningCoworkload extends CoworkloadInfo {
  load: BusyLoadHandle;
}

const DEFAULT_READY_WAIT_MS = 30_000;

/** The agent's state and every operation on the board (see the file's comment). */
export class AgentSession {
  private readonly clock: () => number;
  private readonly timers: AgentTimers;
  private readonly watchdog: Watchdog;
  private readonly listeners = new Set<(event: AgentEvent) => void>();
  private readonly coworkloads = new Map<string, RunningCoworkload>();
  private readonly closing = new Set<Promise<void>>();
  private saved: SavedState | null;
  private config: Configuration | null = null;
  private workload: RunningWorkload | null = null;
  private closed = false;
  /** Workload starts and stops, one at a time: concurrent starts must not leave a process behind. */
  private workloadQueue: Promise<unknown> = Promise.resolve();
  /** rt-app workloads the controller starts here (agentRtapp.ts); stopped with everything else. */
  readonly rtapp: AgentRtapp;
  /** Bumped by every stopAll(): a start that spans one gives up and stops what it started. */
  private epoch = 0;

  /** Saves the board's state: what the first restore writes back. */
  constructor(private readonly o: AgentSessionOptions) {
    const start = performance.now();
    this.clock = o.clock ?? (() => performance.now() - start);
    this.timers = o.timers ?? nodeTimers;
    this.watchdog = new Watchdog(o.watchdogMs, this.timers, () => this.onSilence());
    this.saved = null;
    this.rtapp = new AgentRtapp(o.rtapp?.binary ?? null, o.rtapp?.dir);
    this.resume();
  }

  /** A request from the controller began: feeds the watchdog, and saves the board if no session is live. */
  begin(): void {
    // Counted before any check can throw, so the matching end() always balances it.
    this.watchdog.begin();
    if (this.closed) throw new StateConflict('the agent is shutting down');
    this.resume();
  }

  /** The request begun last is over. */
  end(): void {
    if (!this.closed) this.watchdog.end();
  }

  /** A request that stays open (an event stream) began: a sign of life that holds nothing. */
  touch(): void {
    if (this.closed) throw new StateConflict('the agent is shutting down');
    this.watchdog.touch();
    this.resume();
  }

  private resume(): void {
    if (this.saved !== null) return;
    const state = this.o.adapter.save();
    // On disk first: an agent killed after its first change must leave the state to restore from.
    this.o.stateFile?.saved(state);
    this.saved = state;
  }

  /** Listens to inference and watchdog events; returns the function that stops listening. */
  subscribe(listener: (event: AgentEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(event: AgentEvent): void {
    for (const l of this.listeners) l(event);
  }

  /** The agent's time, ms. */
  now(): number {
    return this.clock();
  }

  /** What the board can do, as its adapter says. */
  capabilities(): Capabilities {
    return this.o.adapter.capabilities();
  }

  /** One read of every sensor, stamped with the agent's time. */
  telemetry(): TelemetrySnapshot & { timeMs: number } {
    const snapshot = this.o.adapter.telemetry();
    return { timeMs: this.clock(), ...snapshot };
  }

  /** The session's state, for GET /v1/session. */
  status(): SessionStatus {
    const info = ({ unit, cores, cpus }: WorkloadInfo): WorkloadInfo => ({ unit, cores, cpus });
    return {
      timeMs: this.clock(),
      watchdogMs: this.o.watchdogMs,
      live: this.saved !== null,
      config: this.config,
      workload: this.workload && info(this.workload),
      coworkloads: [...this.coworkloads.values()].map((c) => ({
        name: c.name,
        utilisation: c.utilisation,
        ...info(c),
      })),
    };
  }

  private unitOf(id: string): Unit {
    const unit = this.o.platform.units.find((u) => u.id === id);
    if (!unit)
      throw unknownName(
        `unit of ${this.o.platform.id}`,
        id,
        this.o.platform.units.map((u) => u.id),
      );
    return unit;
  }

  /** The unit's cpus that are online now; the model's list when the adapter cannot tell. */
  private cpusOf(unit: Unit): number[] {
    const caps = this.o.adapter.capabilities().units.find((u) => u.id === unit.id);
    return caps && caps.onlineCpus.length > 0 ? [...caps.onlineCpus] : [...unit.cpus];
  }

  /** The cpus `cores` may use on the unit; refuses counts the unit cannot hold now. */
  private checkCores(unit: Unit, cores: number): number[] {
    if (unit.kind === 'gpu') {
      if (cores !== 1) throw new InputError(`cores ${cores} is not valid for ${unit.id}, a GPU (valid: 1)`);
      return [];
    }
    const cpus = this.cpusOf(unit);
    if (!Number.isInteger(cores) || cores < 1)
      throw new InputError(`cores ${cores} is not valid for ${unit.id} (valid: 1..${cpus.length})`);
    if (cores > cpus.length)
      throw new InputError(
        `cores ${cores} is more than the ${cpus.length} online cpus of ${unit.id} (${cpus.join(', ')})`,
      );
    return cpus;
  }

  /**
   * Puts a configuration in force: checked against the platform model, then against the board
   * (each frequency in the unit's available list where it has DVFS; cores within its online cpus).
   * The running workload is left alone: the caller restarts it when the mapping changes.
   *
   * @returns the complete configuration (every unit's frequency filled in)
   * @throws InputError with the reason the configuration does not fit
   */
  configure(config: Configuration): Configuration {
    const checked = checkConfiguration(this.o.platform, this.o.dnn, config);
    const caps = this.o.adapter.capabilities();
    for (const u of caps.units) {
      const f = checked.freqMHz[u.id];
      if (f === undefined || !u.dvfs || u.availableMHz.includes(f)) continue;
      const given = config.freqMHz[u.id] === undefined ? ' (the lowest operating point, given for no frequency)' : '';
      throw new InputError(
        `frequency ${f} MHz${given} is not available for ${u.id} on this board (available: ${u.availableMHz.join(', ')} MHz)`,
      );
    }
    this.checkCores(this.unitOf(checked.unit), checked.cores);
    for (const u of caps.units) {
      const f = checked.freqMHz[u.id];
      if (f !== undefined && u.dvfs) this.o.adapter.setFrequencyMHz(u.id, f);
    }
    this.config = checked;
    return checked;
  }

  /**
   * Starts the DNN workload on the unit's first `cores` online cpus (the co-workloads take the
   * last ones), replacing a running one; waits for its ready line (up to readyWaitMs).
   *
   * @param want - unit and cores; each defaults to the configuration in force
   */
  startWorkload(want: {
    unit?: string;
    cores?: number;
  }): Promise<WorkloadInfo & { ready: Record<string, unknown> | null }> {
    return this.oneAtATime(() => this.startWorkloadNow(want));
  }

  /** Runs workload starts and stops in the order they came, each after the previous has ended. */
  private oneAtATime<T>(task: () => Promise<T>): Promise<T> {
    const next = this.workloadQueue.then(task, task);
    this.workloadQueue = next.catch(() => undefined);
    return next;
  }

  private async startWorkloadNow(want: {
    unit?: string;
    cores?: number;
  }): Promise<WorkloadInfo & { ready: Record<string, unknown> | null }> {
    if (this.closed) throw new StateConflict('the agent is shutting down');
    const epoch = this.epoch;
    const unitId = want.unit ?? this.config?.unit;
    const cores = want.cores ?? this.config?.cores;
    if (unitId === undefined || cores === undefined)
      throw new StateConflict('no configuration is in force: POST /v1/config first, or give unit and cores');
    const unit = this.unitOf(unitId);
    const cpus = this.checkCores(unit, cores).slice(0, cores);
    // Asked for the workload that runs (a controller's first configuration after its warm-up): it is
    // kept, warm, rather than restarted, which would stall the first requests for its start-up.
    const running = this.workload;
    if (
      running &&
      running.ready !== null &&
      running.process.failure === null &&
      running.unit === unit.id &&
      running.cores === cores &&
      running.cpus.join() === cpus.join()
    ) {
      return { unit: running.unit, cores, cpus: [...running.cpus], ready: running.ready };
    }
    // The old workload goes first: two DNNs on the same cpus would time each other.
    const previous = this.workload;
    this.workload = null;
    if (previous) await previous.process.close();
    if (this.closed || this.epoch !== epoch)
      throw new StateConflict('the workloads were stopped (watchdog or shutdown) while this one was to start');
    const handle: RunningWorkload = {
      unit: unit.id,
      cores,
      cpus,
      process: this.o.startWorkload(unit.id, cores, cpus),
      ready: null,
    };
    this.workload = handle;
    const ready = await this.waitReady(handle.process);
    handle.ready = ready;
    if (this.workload !== handle) {
      // stopAll() took it and is closing it; anything else is a defect, but must not leave a process.
      if (this.epoch === epoch) void handle.process.close();
      throw new StateConflict('the workload was stopped or replaced while it started');
    }
    if (ready !== null && typeof ready.error === 'string') {
      this.workload = null;
      await handle.process.close();
      throw new Error(`the workload did not start: ${ready.error}`);
    }
    return { unit: handle.unit, cores, cpus, ready };
  }

  /** The ready line, or null when the workload says nothing in time (the protocol makes it optional). */
  private waitReady(process: WorkloadProcess): Promise<Record<string, unknown> | null> {
    return new Promise((resolve) => {
      const timer = this.timers.setTimeout(() => resolve(null), this.o.readyWaitMs ?? DEFAULT_READY_WAIT_MS);
      void process.ready().then((info) => {
        this.timers.clearTimeout(timer);
        resolve(info);
      });
    });
  }

  /** Stops the workload, if one runs (after any start in progress). */
  stopWorkload(): Promise<{ stopped: boolean }> {
    return this.oneAtATime(async () => {
      const w = this.workload;
      this.workload = null;
      if (w) await w.process.close();
      return { stopped: w !== null };
    });
  }

  /**
   * Runs one inference on the running workload and tells the event streams.
   *
   * @param want - groups (with a confidence threshold: the most it runs); both default to the
   *   configuration in force
   * @throws StateConflict when no workload runs, or it stops during the inference
   */
  async infer(want: { groups?: number; confidenceThreshold?: number }): Promise<InferenceResult> {
    const w = this.workload;
    if (!w) throw new StateConflict('no workload is running: POST /v1/workload/start first');
    const groups = want.groups ?? this.config?.groups;
    if (groups === undefined) throw new InputError('groups is needed: no configuration is in force');
    if (!Number.isInteger(groups) || groups < 1 || groups > this.o.dnn.groups)
      throw new InputError(`groups ${groups} is outside 1..${this.o.dnn.groups} for ${this.o.dnn.id}`);
    const threshold = want.groups === undefined ? this.config?.confidenceThreshold : want.confidenceThreshold;
    if (threshold !== undefined) checkThreshold(threshold, groups, 'confidenceThreshold');
    const startMs = this.clock();
    const reply = await w.process.infer(groups, false, threshold);
    const endMs = this.clock();
    if (this.workload !== w) throw new StateConflict('the workload was stopped during the inference');
    if ('error' in reply) throw new Error(`inference failed: ${reply.error}`);
    const result: InferenceResult = {
      groups,
      unit: w.unit,
      cores: w.cores,
      latencyMs: reply.latencyMs,
      startMs,
      endMs,
      ...(reply.class === undefined ? {} : { correct: reply.class === reply.label }),
      ...(reply.confidence === undefined ? {} : { confidence: reply.confidence }),
      ...(threshold === undefined ? {} : { confidenceThreshold: threshold, groupsRun: reply.groupsRun ?? groups }),
    };
    this.emit({ kind: 'inference', ...result });
    return result;
  }

  /**
   * Starts a named co-workload: busy processes on the unit's last `cores` online cpus, replacing
   * one of the same name.
   */
  startCoworkload(spec: {
    name: string;
    unit: string;
    cores: number;
    utilisation: number;
    busiestShare?: number;
  }): CoworkloadInfo {
    const unit = this.unitOf(spec.unit);
    if (unit.kind === 'gpu')
      throw new InputError(`${unit.id} is a GPU: co-workloads are busy processes on CPU clusters`);
    // Co-runners take the unit's last cpus, the DNN its first: they meet only when both want them all.
    const cpus = this.checkCores(unit, spec.cores).slice(-spec.cores);
    this.coworkloads.get(spec.name)?.load.stop();
    const load = this.o.startBusyLoad(unit.id, cpus, spec.cores, spec.utilisation, spec.busiestShare);
    const info: CoworkloadInfo = {
      name: spec.name,
      unit: unit.id,
      cores: spec.cores,
      cpus,
      utilisation: spec.utilisation,
      ...(spec.busiestShare === undefined ? {} : { busiestShare: spec.busiestShare }),
    };
    this.coworkloads.set(spec.name, { ...info, load });
    return info;
  }

  /** Stops a named co-workload. */
  stopCoworkload(name: string): { name: string; stopped: true } {
    const c = this.coworkloads.get(name);
    if (!c)
      throw new StateConflict(
        `co-workload '${name}' is not running (running: ${[...this.coworkloads.keys()].join(', ') || 'none'})`,
      );
    c.load.stop();
    this.coworkloads.delete(name);
    return { name, stopped: true };
  }

  /** Stops every process without waiting for the workload to exit (close() waits). */
  private stopAll(): { stoppedWorkload: boolean; stoppedCoworkloads: string[] } {
    this.epoch++;
    const stoppedCoworkloads = [...this.coworkloads.keys(), ...this.rtapp.status().running.map((n) => `rt-app ${n}`)];
    for (const c of this.coworkloads.values()) c.load.stop();
    this.coworkloads.clear();
    const rtappStopped = this.rtapp.stopAll().finally(() => this.closing.delete(rtappStopped));
    this.closing.add(rtappStopped);
    const w = this.workload;
    this.workload = null;
    if (w) {
      // Kept until the process exits, so close() can wait for workloads a watchdog trip stopped.
      const exited = w.process.close().finally(() => this.closing.delete(exited));
      this.closing.add(exited);
    }
    return { stoppedWorkload: w !== null, stoppedCoworkloads };
  }

  /** Writes the saved state back and ends the session; returns the adapter's error, if any. */
  private restore(reason: RestoreReason): string | null {
    const saved = this.saved;
    this.saved = null;
    // The frequencies the configuration set are gone; a new session must configure again.
    this.config = null;
    if (saved === null) return null;
    let error: string | null = null;
    try {
      this.o.adapter.restore(saved);
    } catch (err) {
      error = err instanceof Error ? err.message : String(err);
    }
    if (error === null) {
      try {
        this.o.stateFile?.restored();
      } catch (err) {
        error = `the board is restored but its state file could not be removed: ${err instanceof Error ? err.message : String(err)}`;
      }
    } else {
      // Kept, with the state file: the next restore (watchdog, close, or `twinrtm hil restore`)
      // tries again from the original state, never from a state saved after the changes.
      this.saved = saved;
    }
    this.o.onRestore?.(reason, error);
    return error;
  }

  private onSilence(): void {
    if (this.saved === null) return;
    const stopped = this.stopAll();
    const error = this.restore('watchdog');
    this.emit({
      kind: 'watchdog',
      timeMs: this.clock(),
      silentMs: this.o.watchdogMs,
      ...stopped,
      restored: error === null,
      error,
    });
  }

  /** Stops the watchdog and every process, and restores the board if a session is live. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.watchdog.stop();
    this.stopAll();
    this.restore('close');
    this.listeners.clear();
    await Promise.all([...this.closing]);
  }
}
