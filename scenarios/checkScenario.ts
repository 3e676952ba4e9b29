/**
 * Checks a parsed scenario file: first its JSON Schema, then the defaults filled in, then what a schema
 * cannot say (ids of the platform, DNN, units and power modes, a starting configuration the board can
 * run, timelines in order and inside the run). Every problem is one DataFileError naming the file and
 * the field.
 */
import type { Dnn } from '../dnn/types.js';
import { builtinNetworks } from '../dnn/builtinNetworks.js';
import { InputError } from '../dnn/inputError.js';
import { checkAgainstSchema, DataFileError } from '../dnn/schemaCheck.js';
import { builtinPlatforms } from '../models/builtinPlatforms.js';
import { checkConfiguration } from '../models/checkConfiguration.js';
import type { Configuration, Platform } from '../models/types.js';
import { RtappOptionError, rtappCoworkloads } from './rtapp/rtappCoworkloads.js';
import { rtappSource, type RtappFileReader } from './rtapp/rtappSource.js';
import schema from './schema/scenario.schema.json' with { type: 'json' };
import type {
  BudgetChange,
  Coworkload,
  PowerModeChange,
  RequestStream,
  RtappCoworkloadEntry,
  Scenario,
  SensorSpec,
  Truth,
} from './types.js';

/** A co-workload as the schema admits it: one that holds cores, or an rt-app workload (rtapp). */
type CoworkloadFileEntry = Pick<Coworkload, 'name' | 'startS'> &
  Partial<Coworkload> &
  Omit<Partial<RtappCoworkloadEntry>, 'name' | 'startS' | 'endS' | 'memoryIntensity'>;

/** Fields of a co-workload that holds cores, and options of an rt-app one: a file gives one kind. */
const HOLDING_FIELDS = ['unit', 'cores', 'utilisation', 'gpuShare'] as const;
const RTAPP_OPTIONS = ['unsupported', 'resolutionMs', 'freqMHz', 'referenceCpu', 'cpus'] as const;

/** A scenario as the schema admits it: the optional fields may be missing or partial. */
interface ScenarioFile {
  $schema?: string;
  id: string;
  description: string;
  platform: string;
  dnn?: string;
  dnnFile?: string;
  powerMode?: string;
  durationS: number;
  seed?: number;
  controlPeriodMs?: number;
  sensor?: { periodMs?: number; noise?: Partial<SensorSpec['noise']> };
  ambientC?: number;
  requests: RequestStream | { kind: 'closed-loop'; thinkMs?: number };
  queueLimit?: number;
  initialConfig: Configuration;
  budgets?: BudgetChange[];
  coworkloads?: CoworkloadFileEntry[];
  powerModes?: PowerModeChange[];
  truth?: Partial<Truth>;
  migrationCostMs?: number;
  defaultTransitionLatencyUs?: number;
}

/**
 * The value of every optional field left out of a scenario file. The schema's descriptions say why
 * each value was chosen; the two must agree (a test reads both).
 */
export const SCENARIO_DEFAULTS = {
  seed: 1,
  controlPeriodMs: 10,
  sensor: { periodMs: 10, noise: { powerRelative: 0, utilisation: 0, temperatureC: 0 } },
  ambientC: 25,
  queueLimit: 4,
  thinkMs: 0,
  truth: { timeFactor: 1, powerFactor: 1 },
  migrationCostMs: 2,
  defaultTransitionLatencyUs: 100,
  coworkload: { endS: null, cores: 1, utilisation: 1, memoryIntensity: 0, gpuShare: 0 },
  rtappCoworkload: { endS: null, unsupported: 'refuse', resolutionMs: 100, freqMHz: {}, memoryIntensity: 0 },
} as const;

/** How checkScenario reaches what a scenario refers to outside itself. */
export interface CheckScenarioOptions {
  /**
   * Reads an rt-app file a co-workload names by path, relative to the scenario file
   * (loadScenarioFile gives one). Without it, only built-in rt-app workloads can be named.
   */
  readRtappFile?: RtappFileReader;
  /**
   * Told each thing an rt-app file asks for that is ignored or approximated, as one line naming the
   * scenario field and the place in the file (e.g. "x.json: coworkloads[0].rtapp: w.json: global,
   * key 'pi_enabled': ignored: ..."), for a caller to show. Without it the notes are dropped.
   */
  onNote?: (line: string) => void;
  /**
   * Reads the network file `dnnFile` names, relative to the scenario file (loadScenarioFile gives
   * one): the network, and the path to keep in the checked scenario. Without it a scenario with a
   * dnnFile is refused. Its errors (InputError, DataFileError) are reported on the field dnnFile.
   */
  readNetworkFile?: (path: string) => { dnn: Dnn; file: string };
}

function fillRequests(r: ScenarioFile['requests']): RequestStream {
  switch (r.kind) {
    case 'periodic':
      return { kind: 'periodic', fps: r.fps };
    case 'poisson':
      return { kind: 'poisson', ratePerS: r.ratePerS };
    case 'closed-loop':
      return { kind: 'closed-loop', thinkMs: r.thinkMs ?? SCENARIO_DEFAULTS.thinkMs };
    case 'trace':
      return { kind: 'trace', arrivalsMs: [...r.arrivalsMs] };
  }
}

/** Copies a budget change keeping only the fields given: a missing field means "unchanged", not null. */
function copyBudget(b: BudgetChange): BudgetChange {
  const out: BudgetChange = { atS: b.atS };
  if (b.latencyMs !== undefined) out.latencyMs = b.latencyMs;
  if (b.powerW !== undefined) out.powerW = b.powerW;
  if (b.energyPerInferenceMJ !== undefined) out.energyPerInferenceMJ = b.energyPerInferenceMJ;
  if (b.minAccuracy !== undefined) out.minAccuracy = b.minAccuracy;
  return out;
}

/**
 * The file with every default filled in: a new object sharing nothing with the input. `network` is
 * the network it runs (checkScenario resolves it first): its id, and the file it was read from.
 */
function fillDefaults(f: ScenarioFile, network: { dnn: Dnn; file?: string }): Scenario {
  const d = SCENARIO_DEFAULTS;
  return {
    ...(f.$schema !== undefined ? { $schema: f.$schema } : {}),
    id: f.id,
    description: f.description,
    platform: f.platform,
    dnn: network.dnn.id,
    ...(network.file !== undefined ? { dnnFile: network.file } : {}),
    ...(f.powerMode !== undefined ? { powerMode: f.powerMode } : {}),
    durationS: f.durationS,
    seed: f.seed ?? d.seed,
    controlPeriodMs: f.controlPeriodMs ?? d.controlPeriodMs,
    sensor: {
      periodMs: f.sensor?.periodMs ?? d.sensor.periodMs,
      noise: { ...d.sensor.noise, ...f.sensor?.noise },
    },
    ambientC: f.ambientC ?? d.ambientC,
    requests: fillRequests(f.requests),
    queueLimit: f.queueLimit ?? d.queueLimit,
    initialConfig: { ...f.initialConfig, freqMHz: { ...f.initialConfig.freqMHz } },
    budgets: (f.budgets ?? []).map(copyBudget),
    // Filled in by checkScenario, which needs the platform to run rt-app co-workloads.
    coworkloads: [],
    powerModes: (f.powerModes ?? []).map((m) => ({ atS: m.atS, mode: m.mode })),
    truth: { ...d.truth, ...f.truth },
    migrationCostMs: f.migrationCostMs ?? d.migrationCostMs,
    defaultTransitionLatencyUs: f.defaultTransitionLatencyUs ?? d.defaultTransitionLatencyUs,
  };
}

function fillCoworkload(c: CoworkloadFileEntry & { unit: string }): Coworkload {
  const d = SCENARIO_DEFAULTS.coworkload;
  return {
    name: c.name,
    startS: c.startS,
    endS: c.endS ?? d.endS,
    unit: c.unit,
    cores: c.cores ?? d.cores,
    utilisation: c.utilisation ?? d.utilisation,
    ...(c.busiestShare !== undefined ? { busiestShare: c.busiestShare } : {}),
    memoryIntensity: c.memoryIntensity ?? d.memoryIntensity,
    gpuShare: c.gpuShare ?? d.gpuShare,
  };
}

function isObject(data: unknown): data is Record<string, unknown> {
  return typeof data === 'object' && data !== null && !Array.isArray(data);
}

/**
 * The network a scenario runs: the built-in one `dnn` names, or the one read from `dnnFile`. Both
 * given name two networks unless `dnn` is the file's network's id (as in a checked scenario, which
 * keeps checkScenario idempotent).
 */
function networkOf(
  f: ScenarioFile,
  read: CheckScenarioOptions['readNetworkFile'],
  fail: (field: string, problem: string) => never,
): { dnn: Dnn; file?: string } {
  if (f.dnnFile === undefined) {
    const id = f.dnn ?? fail('dnn', 'is required but missing (or give dnnFile, the path of a network file)');
    const dnn =
      builtinNetworks().find((n) => n.id === id) ??
      fail(
        'dnn',
        `'${id}' is not a built-in network (valid: ${builtinNetworks()
          .map((n) => n.id)
          .join(', ')})`,
      );
    return { dnn };
  }
  if (!read)
    return fail(
      'dnnFile',
      `'${f.dnnFile}' is a file, read relative to the scenario file: load the scenario from its file (loadScenarioFile, or the CLI) to read it`,
    );
  let network: { dnn: Dnn; file: string };
  try {
    network = read(f.dnnFile);
  } catch (err) {
    if (err instanceof InputError || err instanceof DataFileError) return fail('dnnFile', err.message);
    throw err;
  }
  if (f.dnn !== undefined && f.dnn !== network.dnn.id)
    fail(
      'dnn',
      `'${f.dnn}' and dnnFile '${f.dnnFile}' (network '${network.dnn.id}') name two networks: give dnn (a built-in network) or dnnFile, not both`,
    );
  return network;
}

/** Index of the first value smaller than the one before it, -1 when the list is in ascending order. */
function firstOutOfOrder(values: readonly number[]): number {
  return values.findIndex((v, i) => i > 0 && v < values[i - 1]!);
}

/**
 * Checks a parsed scenario and completes it.
 *
 * In plain words: the schema first (types, ranges, unknown fields); then every optional field left out
 * takes its default (see the schema's descriptions for the values and why); then the rules that need
 * the platform and the DNN. The starting configuration is completed by checkConfiguration: a unit whose
 * frequency is left out runs at its lowest operating point in the starting power mode, and the
 * scenario holds that completed configuration. On a platform with power modes, a missing powerMode
 * becomes the platform's default, so the result says which mode the run starts in.
 *
 * A co-workload given as an rt-app workload (`rtapp`) is run on the platform and replaced, where it
 * stands in the list, by ordinary co-workloads, one per stretch of constant load on a unit
 * (scenarios/rtapp/rtappCoworkloads.ts); a checked scenario holds ordinary co-workloads only.
 *
 * A network file (`dnnFile`) is read with options.readNetworkFile; the checked scenario's `dnn` is
 * the id of the network in it and its `dnnFile` the path the reader gives (absolute, from
 * loadScenarioFile), and its starting configuration is checked against that network.
 *
 * Checking a checked scenario gives an equal scenario (the function is idempotent), and the input is
 * never modified.
 *
 * @param data - the parsed JSON of a scenario file
 * @param file - the name shown in errors (a path, or "built-in scenario xu3-default")
 * @param options - how to read rt-app files and the network file named by path
 * @returns a new, complete Scenario
 * @throws DataFileError naming the file and the field, e.g. "x.json: coworkloads[1].cores: ...", or
 *   "x.json: coworkloads[0].rtapp: w.json: task 'a', phase 'p', key 'mem': ..." for an rt-app file
 *
 * @example
 * A scenario written in code, its left-out fields filled with {@link SCENARIO_DEFAULTS}:
 * ```ts
 * import { checkScenario, createPolicy, simulate } from 'twinrtm';
 *
 * const scenario = checkScenario(
 *   {
 *     id: 'xu3-cap-at-2s',
 *     description: 'A 30 ms deadline at 25 fps, and a 2.5 W power cap from 2 s.',
 *     platform: 'odroid-xu3',
 *     dnn: 'alexnet-cifar10-g4',
 *     durationS: 4,
 *     requests: { kind: 'periodic', fps: 25 },
 *     initialConfig: { groups: 4, unit: 'a15', cores: 4, freqMHz: { a15: 2000 } },
 *     budgets: [{ atS: 0, latencyMs: 30 }, { atS: 2, powerW: 2.5 }],
 *   },
 *   'scenario xu3-cap-at-2s',
 * );
 * console.log(simulate(scenario, createPolicy('rtm')).metrics.overPowerCapFraction);
 * ```
 */
export function checkScenario(data: unknown, file: string, options: CheckScenarioOptions = {}): Scenario {
  const fail = (field: string, problem: string): never => {
    throw new DataFileError(file, field, problem);
  };
  // Before the schema, whose anyOf would report both branches' missing fields.
  if (isObject(data) && data.dnn === undefined && data.dnnFile === undefined)
    fail('dnn', 'is required but missing (or give dnnFile, the path of a network file)');
  const f = checkAgainstSchema<ScenarioFile>(schema, data, file);
  const network = networkOf(f, options.readNetworkFile, fail);
  const s = fillDefaults(f, network);

  const platform: Platform =
    builtinPlatforms().find((p) => p.id === s.platform) ??
    fail(
      'platform',
      `'${s.platform}' is not a built-in platform (valid: ${builtinPlatforms()
        .map((p) => p.id)
        .join(', ')})`,
    );
  const dnn = network.dnn;

  const modeIds = platform.powerModes.map((m) => m.id);
  const checkMode = (field: string, mode: string): void => {
    if (modeIds.length === 0) fail(field, `'${mode}' is not a power mode: platform ${platform.id} has none`);
    if (!modeIds.includes(mode))
      fail(field, `'${mode}' is not a power mode of ${platform.id} (valid: ${modeIds.join(', ')})`);
  };
  if (s.powerMode !== undefined) checkMode('powerMode', s.powerMode);
  // Filled here rather than in fillDefaults because it depends on the platform.
  else if (platform.defaultPowerMode !== null) s.powerMode = platform.defaultPowerMode;

  try {
    s.initialConfig = checkConfiguration(platform, dnn, s.initialConfig, s.powerMode);
  } catch (err) {
    if (err instanceof InputError) fail('initialConfig', err.message);
    throw err;
  }

  if (s.requests.kind === 'trace') {
    const bad = firstOutOfOrder(s.requests.arrivalsMs);
    if (bad >= 0) {
      fail(
        `requests.arrivalsMs[${bad}]`,
        `${s.requests.arrivalsMs[bad]} ms comes before the arrival listed above it; list arrivals in ascending order`,
      );
    }
  }

  const durationMs = s.durationS * 1000;
  if (s.controlPeriodMs > durationMs)
    fail('controlPeriodMs', `${s.controlPeriodMs} ms is longer than the run (${durationMs} ms)`);
  if (s.sensor.periodMs > durationMs)
    fail('sensor.periodMs', `${s.sensor.periodMs} ms is longer than the run (${durationMs} ms)`);

  // Timelines: equal times are allowed (applied in file order), going back in time is not.
  const checkTimeline = (name: string, changes: readonly { atS: number }[]): void => {
    const bad = firstOutOfOrder(changes.map((c) => c.atS));
    if (bad >= 0) {
      fail(
        `${name}[${bad}].atS`,
        `${changes[bad]!.atS} s is before the change listed above it (${changes[bad - 1]!.atS} s); list changes in time order`,
      );
    }
    changes.forEach((c, i) => {
      if (c.atS > s.durationS)
        fail(`${name}[${i}].atS`, `${c.atS} s is after the end of the run (durationS ${s.durationS} s)`);
    });
  };
  checkTimeline('budgets', s.budgets);
  checkTimeline('powerModes', s.powerModes);
  s.powerModes.forEach((m, i) => {
    checkMode(`powerModes[${i}].mode`, m.mode);
  });

  const unitIds = platform.units.map((u) => u.id);
  s.coworkloads = (f.coworkloads ?? []).flatMap((entry, i) => {
    const at = `coworkloads[${i}]`;
    if (entry.rtapp !== undefined) {
      const holding = HOLDING_FIELDS.find((k) => entry[k] !== undefined);
      if (holding)
        fail(
          `${at}.${holding}`,
          'belongs to a co-workload that holds cores: an rt-app co-workload takes its load from its file (give unit or rtapp, not both)',
        );
      return rtappEntry({ ...entry, rtapp: entry.rtapp }, at);
    }
    const option = RTAPP_OPTIONS.find((k) => entry[k] !== undefined);
    if (option) fail(`${at}.${option}`, 'is an option of an rt-app co-workload: give rtapp too');
    const unitId = entry.unit ?? fail(`${at}.unit`, 'is required but missing (or give rtapp, an rt-app workload)');
    const c = fillCoworkload({ ...entry, unit: unitId });
    const unit =
      platform.units.find((u) => u.id === c.unit) ??
      fail(`${at}.unit`, `'${c.unit}' is not a unit of ${platform.id} (valid: ${unitIds.join(', ')})`);
    if (unit.kind === 'cpu-cluster' && c.cores > unit.cores)
      fail(`${at}.cores`, `${c.cores} is more than the ${unit.cores} cores of ${unit.id}`);
    if (c.startS >= s.durationS)
      fail(`${at}.startS`, `${c.startS} s is not before the end of the run (durationS ${s.durationS} s)`);
    if (c.endS !== null && c.endS <= c.startS) fail(`${at}.endS`, `${c.endS} s is not after startS (${c.startS} s)`);
    return [c];
  });
  return s;

  /** The co-workloads an rt-app entry becomes. */
  function rtappEntry(c: RtappCoworkloadEntry, at: string): Coworkload[] {
    const d = SCENARIO_DEFAULTS.rtappCoworkload;
    if (c.startS >= s.durationS)
      fail(`${at}.startS`, `${c.startS} s is not before the end of the run (durationS ${s.durationS} s)`);
    const endS = c.endS ?? d.endS;
    if (endS !== null && endS <= c.startS) fail(`${at}.endS`, `${endS} s is not after startS (${c.startS} s)`);
    try {
      const source = rtappSource(c.rtapp, options.readRtappFile);
      const spec = {
        name: c.name,
        startS: c.startS,
        endS,
        unsupported: c.unsupported ?? d.unsupported,
        resolutionMs: c.resolutionMs ?? d.resolutionMs,
        freqMHz: { ...(c.freqMHz ?? d.freqMHz) },
        referenceCpu: c.referenceCpu ?? null,
        cpus: c.cpus ? [...c.cpus] : null,
        memoryIntensity: c.memoryIntensity ?? d.memoryIntensity,
      };
      const out = rtappCoworkloads(source.text, source.file, spec, {
        platform,
        durationS: s.durationS,
        powerMode: s.powerMode ?? null,
      });
      for (const note of out.notes) options.onNote?.(`${file}: ${at}.rtapp: ${source.file}: ${note}`);
      return out.coworkloads;
    } catch (err) {
      if (err instanceof RtappOptionError) fail(`${at}.${err.option}`, err.problem);
      if (err instanceof InputError || err instanceof DataFileError) fail(`${at}.rtapp`, err.message);
      throw err;
    }
  }
}
