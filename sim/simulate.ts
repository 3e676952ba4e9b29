/**
 * simulate(): one scenario under one policy in virtual time, on the board twin.
 *
 * The heap scheduler runs every event up to the scenario's end in one synchronous flush; the same
 * scenario, seed and policy give byte-identical traces and metrics (wall-clock figures aside). The
 * wall clock is read only here, to report wallMs and the policy's decide() time.
 */
import { InputError } from '../dnn/inputError.js';
import type { Dnn } from '../dnn/types.js';
import { platformById } from '../models/builtinPlatforms.js';
import { checkConfiguration } from '../models/checkConfiguration.js';
import type { Platform } from '../models/types.js';
import type { Policy } from '../policies/types.js';
import { scenarioNetwork } from '../scenarios/loadScenarioFile.js';
import type { Scenario } from '../scenarios/types.js';
import { HeapScheduler } from './heapScheduler.js';
import { streams } from './random.js';
import { runLoop, type RunLoopOptions, type RunResult } from './runLoop.js';
import type { TraceSink } from './traceEvents.js';
import { TwinBoard } from './twinBoard.js';

/** Options of {@link simulate}: all optional. */
export interface SimulateOptions {
  /** The platform to use instead of the built-in one the scenario names (e.g. a calibrated file). */
  platform?: Platform;
  /**
   * The network to run instead of the scenario's (e.g. loadNetworkFile of an .onnx model). A scenario
   * that starts with more groups than it has starts with all of them, and onNote is told.
   */
  dnn?: Dnn;
  /** Told, in one line, what was changed to fit the scenario to `dnn`; without it the notes are dropped. */
  onNote?: (line: string) => void;
  /** Overrides the scenario's seed. */
  seed?: number;
  /** Overrides the scenario's duration. */
  durationS?: number;
  /** Receives every trace event as it happens (the JSON Lines trace `--trace` writes). */
  trace?: TraceSink;
  /** Monotonic clock in ns for decide() timing; default process.hrtime.bigint. */
  wallNs?: () => bigint;
  /** Gives the policy the scenario's future (the oracle); default true in simulation. */
  foresight?: boolean;
  /** How long after a control tick its decision is in force, ms (default 0; RunLoopOptions). */
  controlLatencyMs?: number;
}

/** What a run needs, resolved: the scenario with the overrides applied, its platform and its network. */
export interface SimulationSetup {
  /** The scenario, with the options' seed and duration (and start) in it. */
  scenario: Scenario;
  /** The platform model the run uses. */
  platform: Platform;
  /** The network the run uses. */
  dnn: Dnn;
}

/** The scenario with the option overrides, its platform and its DNN. */
export function simulationSetup(scenario: Scenario, options: SimulateOptions = {}): SimulationSetup {
  const platform = options.platform ?? platformById(scenario.platform);
  if (platform.id !== scenario.platform) {
    throw new InputError(
      `the platform file is for '${platform.id}' but scenario ${scenario.id} runs on '${scenario.platform}'`,
    );
  }
  const dnn = options.dnn ?? scenarioNetwork(scenario);
  const initialConfig = options.dnn ? initialConfigFor(scenario, platform, options.dnn, options.onNote) : undefined;
  // On a chosen runtime (withRuntime) the scenario's first unit may have no profile for it
  // (initialConfigFor checked that already on another network).
  if (platform.runtime !== undefined && !options.dnn)
    checkConfiguration(platform, dnn, scenario.initialConfig, scenario.powerMode);
  return {
    scenario: {
      ...scenario,
      ...(initialConfig !== undefined ? { initialConfig } : {}),
      ...(options.seed !== undefined ? { seed: options.seed } : {}),
      ...(options.durationS !== undefined ? { durationS: options.durationS } : {}),
    },
    platform,
    dnn,
  };
}

/**
 * The scenario's starting configuration on another network than its own: the groups clamped to the
 * network's G (every built-in scenario starts with 4, and a network read from ONNX has 1: refusing
 * would keep --dnn-file off every built-in scenario, while the full width is what "all groups" meant),
 * then checked as checkScenario checks its own. Undefined when nothing changed.
 *
 * @throws InputError naming the scenario, the network and what does not fit (a confidence threshold on
 *   a network without measured probabilities, say)
 */
function initialConfigFor(
  scenario: Scenario,
  platform: Platform,
  dnn: Dnn,
  onNote: SimulateOptions['onNote'],
): Scenario['initialConfig'] | undefined {
  const given = scenario.initialConfig;
  const config = given.groups > dnn.groups ? { ...given, groups: dnn.groups } : given;
  try {
    checkConfiguration(platform, dnn, config, scenario.powerMode);
  } catch (err) {
    if (err instanceof InputError)
      throw new InputError(`scenario ${scenario.id}: initialConfig on network ${dnn.id}: ${err.message}`);
    throw err;
  }
  if (config === given) return undefined;
  onNote?.(
    `scenario ${scenario.id} starts with ${given.groups} groups; network ${dnn.id} has ${dnn.groups}, so the run starts with ${dnn.groups}`,
  );
  return config;
}

/** The board twin a scenario describes, for runLoop's createBoard. */
export function twinBoardFor(scenario: Scenario, platform: Platform, dnn: Dnn): RunLoopOptions['createBoard'] {
  return (events, dnnLane) => {
    const images = streams(scenario.seed).images;
    return new TwinBoard({
      platform,
      dnn,
      truth: scenario.truth,
      ambientC: scenario.ambientC,
      initialConfig: scenario.initialConfig,
      powerMode: scenario.powerMode ?? platform.defaultPowerMode,
      queueLimit: scenario.queueLimit,
      migrationCostMs: scenario.migrationCostMs,
      defaultTransitionLatencyUs: scenario.defaultTransitionLatencyUs,
      scheduler: dnnLane,
      events,
      drawImage: () => images.next(),
    });
  };
}

/**
 * Runs one scenario under one policy in virtual time, on the board twin: every event up to the
 * scenario's end in one synchronous flush. The same scenario, seed and policy give the same trace
 * and metrics (the wall-clock figures aside: wallMs and the policy's decide() time).
 *
 * @param scenarioIn - a checked scenario ({@link scenarioById}, {@link loadScenarioFile}, {@link checkScenario})
 * @param policy - the policy; its reset(), if it has one, is called before the run
 * @param options - overrides of the scenario (platform, seed, duration), a trace sink, the decide() clock
 * @returns the scenario's id, the policy's name and the metrics, with the scheduler's event count
 * @throws InputError when the options do not fit the scenario (a platform file for another board, say)
 *   or the policy's reset() refuses the run with one (the oracle without foresight); a policy's other
 *   errors are counted as rejected decisions, not thrown
 *
 * @example
 * ```ts
 * import { createPolicy, scenarioById, simulate, type TraceEvent } from 'twinrtm';
 *
 * const events: TraceEvent[] = [];
 * const { metrics } = simulate(scenarioById('xu3-default'), createPolicy('ondemand'), {
 *   seed: 7,
 *   trace: (e) => events.push(e),
 * });
 * console.log(metrics.deadlineMissRate, metrics.energyPerInferenceMJ, events.length);
 * ```
 */
export function simulate(
  scenarioIn: Scenario,
  policy: Policy,
  options: SimulateOptions = {},
): RunResult & { events: number } {
  const { scenario, platform, dnn } = simulationSetup(scenarioIn, options);
  const wallNs = options.wallNs ?? (() => process.hrtime.bigint());
  const startedNs = wallNs();
  const scheduler = new HeapScheduler();
  let result: RunResult | undefined;
  let failure: { error: unknown } | undefined;
  const subscription = runLoop({
    scenario,
    platform,
    dnn,
    policy,
    lanes: scheduler,
    random: streams(scenario.seed),
    wallNs,
    foresight: options.foresight ?? true,
    ...(options.controlLatencyMs !== undefined ? { controlLatencyMs: options.controlLatencyMs } : {}),
    ...(options.trace ? { trace: options.trace } : {}),
    runStats: () => ({ events: scheduler.eventCount, wallMs: Number(wallNs() - startedNs) / 1e6 }),
    createBoard: twinBoardFor(scenario, platform, dnn),
  }).subscribe({ next: (r) => (result = r), error: (error: unknown) => (failure = { error }) });
  if (!failure) scheduler.flush(scenario.durationS * 1000);
  subscription.unsubscribe();
  if (failure) throw failure.error;
  if (!result) throw new Error(`simulation of ${scenario.id} ended without a result`);
  return { ...result, events: scheduler.eventCount };
}
