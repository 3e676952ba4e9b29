/**
 * Shared fixtures for the simulator's tests: a board twin on a heap scheduler with a recording
 * BoardEvents, a scenario builder over the built-in scenarios, a spy policy and a trace collector.
 */
import { networkById } from '../../dnn/builtinNetworks.js';
import type { Dnn } from '../../dnn/types.js';
import { platformById } from '../../models/builtinPlatforms.js';
import { evaluate } from '../../models/predict.js';
import type { Configuration, Contention, Platform, PowerSensor, Prediction } from '../../models/types.js';
import type { InferenceRecord, Observation, Policy, PolicyContext } from '../../policies/types.js';
import { scenarioById } from '../../scenarios/builtinScenarios.js';
import type { Scenario } from '../../scenarios/types.js';
import type { BoardEvents } from '../../sim/board.js';
import { HeapScheduler, PRIORITY } from '../../sim/heapScheduler.js';
import type { TraceEvent } from '../../sim/traceEvents.js';
import { TwinBoard, type TwinBoardOptions } from '../../sim/twinBoard.js';

export const DNN_ID = 'alexnet-cifar10-g4';

/** Everything a board reported, in order. */
export interface BoardLog {
  inferences: InferenceRecord[];
  drops: number[];
  applies: { atMs: number; config: Configuration; stallMs: number }[];
  throttles: { atMs: number; effectiveFreqMHz: Record<string, number> }[];
}

export interface BoardRig {
  scheduler: HeapScheduler;
  board: TwinBoard;
  log: BoardLog;
  platform: Platform;
  dnn: Dnn;
  /** Runs f on the environment lane at an absolute time (before the DNN's events due then). */
  at(timeMs: number, f: () => void): void;
  /** The die temperature the board starts at (its idle steady state at the initial configuration), whole degrees. */
  startTemperatureC: number;
}

/** An energy counter, so the twin's sensors read exact averages over any window. */
export const COUNTER: PowerSensor = { kind: 'counter', prior: 'a test of exact energy' };

/**
 * A TwinBoard on a fresh HeapScheduler's DNN lane, its events recorded; `powerSensor` replaces the
 * platform's (COUNTER for exact energy, whatever the board's real sensors are).
 */
export function boardRig(
  options: { platformId?: string; initialConfig: Configuration; powerSensor?: PowerSensor } & Partial<
    Omit<TwinBoardOptions, 'scheduler' | 'events' | 'platform' | 'dnn'>
  >,
): BoardRig {
  const scheduler = new HeapScheduler();
  const builtin = platformById(options.platformId ?? 'odroid-xu3');
  const platform = options.powerSensor ? { ...builtin, powerSensor: options.powerSensor } : builtin;
  const dnn = networkById(DNN_ID);
  const log: BoardLog = { inferences: [], drops: [], applies: [], throttles: [] };
  const events: BoardEvents = {
    onInference: (record) => log.inferences.push(record),
    onDrop: (arrivalMs) => log.drops.push(arrivalMs),
    onApply: (config, stallMs) => log.applies.push({ atMs: scheduler.now(), config, stallMs }),
    onThrottle: (effectiveFreqMHz) => log.throttles.push({ atMs: scheduler.now(), effectiveFreqMHz }),
  };
  const board = new TwinBoard({
    platform,
    dnn,
    truth: options.truth ?? { timeFactor: 1, powerFactor: 1 },
    ambientC: options.ambientC ?? 25,
    initialConfig: options.initialConfig,
    powerMode: options.powerMode ?? platform.defaultPowerMode,
    queueLimit: options.queueLimit ?? 4,
    migrationCostMs: options.migrationCostMs ?? 2,
    defaultTransitionLatencyUs: options.defaultTransitionLatencyUs ?? 100,
    scheduler: scheduler.lane(PRIORITY.dnn),
    events,
  });
  const env = scheduler.lane(PRIORITY.environment);
  return {
    scheduler,
    board,
    log,
    platform,
    dnn,
    at: (timeMs, f) => {
      env.schedule(f, timeMs - scheduler.now());
    },
    startTemperatureC: Math.round(board.dieTemperatureC),
  };
}

/**
 * What the board's model says for a configuration: leakage at a temperature rounded as the board
 * rounds it (its start temperature, for energy), no caps. Time does not depend on it.
 */
export function boardPrediction(
  platform: Platform,
  dnn: Dnn,
  config: Configuration,
  temperatureC: number,
  contention?: Contention,
): Prediction {
  return evaluate(
    platform,
    dnn,
    config,
    { temperatureC: Math.round(temperatureC), thermalCaps: false, ...(contention ? { contention } : {}) },
    true,
  );
}

export function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

/** A mutable copy of a built-in scenario with overrides. */
export function scenario(id: string, overrides: Partial<Scenario> = {}): Scenario {
  return { ...(structuredClone(scenarioById(id)) as Scenario), ...overrides };
}

/** A policy that keeps the configuration and records what it was given. */
export function spyPolicy(): { policy: Policy; observations: Observation[]; contexts: PolicyContext[] } {
  const observations: Observation[] = [];
  const contexts: PolicyContext[] = [];
  return {
    observations,
    contexts,
    policy: {
      name: 'spy',
      reset: (context) => contexts.push(context),
      decide: (observation) => {
        observations.push(observation);
        return null;
      },
    },
  };
}

/** A trace sink and the events it received. */
export function traceCollector(): { events: TraceEvent[]; sink: (e: TraceEvent) => void } {
  const events: TraceEvent[] = [];
  return { events, sink: (e) => events.push(e) };
}

export { ofKind } from '../../sim/traceEvents.js';
