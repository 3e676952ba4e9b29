/**
 * Which rows of ncnn's benchmark table (ncnnTable.ts) the twin can be held against, and how each is
 * run in the twin. The rules, in the order they are applied (a row is counted under the first that
 * leaves it out):
 * 1. device: the rows of the device_section chosen (`device`: a section exactly, else every section
 *    containing it, case-insensitively); with no choice the file must name one device only.
 * 2. int8: models named *_int8 or *-int8 run ncnn's quantised kernels; the twin costs float networks.
 * 3. network: a row is taken only for a network the repository has the param file of
 *    (calibration/ncnn/params), costed node by node as `ncnn-<model>`; the others are left out.
 * 4. unit: a `CPU` row runs on the platform's CPU unit the rows' board stands for (`cpuUnit`, else
 *    the platform's only CPU cluster, else its only cluster with an ncnn time profile); a `GPU:...`
 *    row (Vulkan) on the platform's gpu unit, and is left out when the platform has none.
 * 5. powersave: 0 (all the board's cores) is taken as the CPU unit, the board standing for it (on a
 *    big.LITTLE board such a run mixes clusters, which the twin does not: choose the rows' device
 *    accordingly); 1 (little cores only) and 2 (big only) only when the platform has several CPU
 *    clusters and the unit is its little (lowest top clock) or big (highest) one. GPU rows: any.
 * 6. threads: a CPU row with more threads than the unit has cores is left out; a CPU row runs on
 *    num_threads cores, a GPU row on the whole GPU (num_threads drives only its CPU side).
 * Clocks: benchncnn does not set them, so every row of a unit is run at one clock: `freqMHz`'s for
 * it, else the unit's highest operating point in the platform's default power mode (where a busy
 * board's governor holds it).
 */
import { InputError, unknownName } from '../../dnn/inputError.js';
import type { Dnn } from '../../dnn/types.js';
import { allowedFreqs, powerModeOf } from '../../models/checkConfiguration.js';
import type { Platform, Unit } from '../../models/types.js';
import type { NcnnTableRow } from './ncnnTable.js';
import { runtimesOfUnit } from '../../models/runtimes.js';

/** Why rows were left out (the rule of the module comment). */
export type NcnnSkipReason = 'device' | 'int8' | 'network' | 'no-gpu-unit' | 'powersave' | 'threads';

/** The rows one rule left out. */
export interface NcnnSkipped {
  reason: NcnnSkipReason;
  rows: number;
  /** What they were: the devices, models, powersave values or thread counts, each once. */
  names: string[];
  /** One line saying how many, what and why. */
  note: string;
}

/** A row the twin is held against, and how the twin runs it. */
export interface NcnnTakenRow {
  row: NcnnTableRow;
  dnn: Dnn;
  unit: string;
  cores: number;
  freqMHz: number;
}

export interface NcnnSelection {
  /** The device_sections taken. */
  devices: string[];
  /** The unit CPU rows ran on; null when no CPU row is taken. */
  cpuUnit: string | null;
  /** The unit Vulkan rows ran on; null when the platform has none or no such row is taken. */
  gpuUnit: string | null;
  /** The clock every row of a unit is run at, by unit. */
  clocksMHz: Record<string, number>;
  taken: NcnnTakenRow[];
  /** Per rule with rows left out, in the rules' order. */
  skipped: NcnnSkipped[];
}

export interface NcnnSelectOptions {
  /** The file's name, for refusals. */
  file: string;
  /** A device_section, or part of one (rule 1). */
  device?: string;
  /** The CPU unit CPU rows ran on (rule 4). */
  cpuUnit?: string;
  /** Clocks by unit id, MHz; the key '' is the CPU unit's, whichever it is. */
  freqMHz?: Readonly<Record<string, number>>;
}

/** Whether a benchncnn model name is an int8 variant. */
export function isInt8Model(model: string): boolean {
  return /[_-]int8$/.test(model);
}

const unique = <T>(values: readonly T[]): T[] => [...new Set(values)];
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function listed(names: readonly string[], most = 6): string {
  return names.length <= most
    ? names.join('; ')
    : `${names.slice(0, most).join('; ')}; and ${names.length - most} more`;
}

function chooseDevices(rows: readonly NcnnTableRow[], options: NcnnSelectOptions): string[] {
  const sections = unique(rows.map((r) => r.section));
  if (options.device === undefined) {
    if (sections.length > 1)
      throw new InputError(
        `${options.file}: the rows are of ${sections.length} devices (${listed(sections)}): pick with --device (a device_section, or part of one)`,
      );
    return sections;
  }
  const exact = sections.filter((s) => s === options.device);
  if (exact.length > 0) return exact;
  const part = options.device.toLowerCase();
  const matching = sections.filter((s) => s.toLowerCase().includes(part));
  if (matching.length === 0)
    throw new InputError(
      `--device '${options.device}' matches no device_section of ${options.file} (${listed(sections)})`,
    );
  return matching;
}

const cpuClusters = (platform: Platform) => platform.units.filter((u) => u.kind === 'cpu-cluster');

/** The CPU unit CPU rows ran on (rule 4). */
export function ncnnCpuUnit(platform: Platform, given: string | undefined): Unit {
  const clusters = cpuClusters(platform);
  if (given !== undefined) {
    const unit = clusters.find((u) => u.id === given);
    if (!unit)
      throw unknownName(
        `CPU cluster of ${platform.id} (--unit)`,
        given,
        clusters.map((u) => u.id),
      );
    return unit;
  }
  if (clusters.length === 1) return clusters[0]!;
  const withNcnn = clusters.filter((u) => runtimesOfUnit(platform, u).includes('ncnn'));
  if (withNcnn.length === 1) return withNcnn[0]!;
  throw new InputError(
    `${platform.id} has ${clusters.length} CPU clusters (${clusters.map((u) => u.id).join(', ')})${clusters.length > 0 ? ` and ${withNcnn.length === 0 ? 'none' : 'several'} with an ncnn profile` : ''}: name the one the rows' board stands for with --unit`,
  );
}

function topFreq(platform: Platform, unit: Unit): number {
  const allowed = allowedFreqs(
    unit.opps.points.map((p) => p.freqMHz),
    powerModeOf(platform, undefined)?.limits[unit.id],
  );
  return allowed[allowed.length - 1]!;
}

function clockOf(platform: Platform, unit: Unit, given: number | undefined, key: string): number {
  if (given === undefined) return topFreq(platform, unit);
  const allowed = allowedFreqs(
    unit.opps.points.map((p) => p.freqMHz),
    powerModeOf(platform, undefined)?.limits[unit.id],
  );
  if (!allowed.includes(given))
    throw new InputError(
      `--freq-mhz ${key === '' ? '' : `${key}=`}${given}: not an operating point of ${unit.id} of ${platform.id} (valid: ${allowed.join(', ')} MHz)`,
    );
  return given;
}

/** The cluster powersave 1 or 2 pins a run to, when the platform has one: little = lowest top clock, big = highest. */
function pinnedCluster(platform: Platform, powersave: 1 | 2): Unit | null {
  const clusters = cpuClusters(platform);
  if (clusters.length < 2) return null;
  const byTop = [...clusters].sort((a, b) => topFreq(platform, a) - topFreq(platform, b));
  return powersave === 1 ? byTop[0]! : byTop[byTop.length - 1]!;
}

/**
 * Applies the rules of the module comment to a table's rows.
 *
 * @param networks the twin networks of the benchmark's models, by id (`ncnn-<model>`)
 * @throws InputError (one line) for several devices and no choice, a device choice matching none, a
 *   CPU unit that cannot be told, a clock that is not an operating point, or no row left
 */
export function selectNcnnRows(
  rows: readonly NcnnTableRow[],
  platform: Platform,
  networks: ReadonlyMap<string, Dnn>,
  options: NcnnSelectOptions,
): NcnnSelection {
  const devices = chooseDevices(rows, options);
  const freq = options.freqMHz ?? {};
  for (const id of Object.keys(freq)) {
    if (id !== '' && !platform.units.some((u) => u.id === id))
      throw unknownName(
        `unit in --freq-mhz`,
        id,
        platform.units.map((u) => u.id),
      );
  }
  const mine = rows.filter((r) => devices.includes(r.section));
  const needsCpu = mine.some((r) => r.device === 'cpu') || options.cpuUnit !== undefined || '' in freq;
  const cpu = needsCpu ? ncnnCpuUnit(platform, options.cpuUnit) : null;
  const gpus = platform.units.filter((u) => u.kind === 'gpu');
  const hasGpuRows = mine.some((r) => r.device === 'gpu');
  if (hasGpuRows && gpus.length > 1)
    throw new InputError(
      `${platform.id} has ${gpus.length} GPU units (${gpus.map((u) => u.id).join(', ')}): a Vulkan row of ${options.file} cannot say which it ran on`,
    );
  const gpu = hasGpuRows ? (gpus[0] ?? null) : null;
  if (cpu && '' in freq && freq[cpu.id] !== undefined) throw new InputError(`--freq-mhz gives ${cpu.id} twice`);
  const clocksMHz: Record<string, number> = {};
  if (cpu) clocksMHz[cpu.id] = clockOf(platform, cpu, freq[''] ?? freq[cpu.id], freq[''] !== undefined ? '' : cpu.id);
  if (gpu) clocksMHz[gpu.id] = clockOf(platform, gpu, freq[gpu.id], gpu.id);

  const out: Record<NcnnSkipReason, NcnnTableRow[]> = {
    device: [],
    int8: [],
    network: [],
    'no-gpu-unit': [],
    powersave: [],
    threads: [],
  };
  const taken: NcnnTakenRow[] = [];
  for (const row of rows) {
    const dnn = networks.get(`ncnn-${row.model}`);
    if (!devices.includes(row.section)) out.device.push(row);
    else if (isInt8Model(row.model)) out.int8.push(row);
    else if (!dnn) out.network.push(row);
    else if (row.device === 'gpu') {
      if (!gpu) out['no-gpu-unit'].push(row);
      else taken.push({ row, dnn, unit: gpu.id, cores: 1, freqMHz: clocksMHz[gpu.id]! });
    } else if (row.powersave !== 0 && pinnedCluster(platform, row.powersave)?.id !== cpu!.id) out.powersave.push(row);
    else if (row.threads > cpu!.cores) out.threads.push(row);
    else taken.push({ row, dnn, unit: cpu!.id, cores: row.threads, freqMHz: clocksMHz[cpu!.id]! });
  }

  const have = [...networks.keys()].map((id) => id.replace(/^ncnn-/, '')).join(', ');
  const notes: Record<NcnnSkipReason, (of: NcnnTableRow[]) => [string[], string]> = {
    device: (of) => {
      const names = unique(of.map((r) => r.section));
      return [names, `of ${plural(names.length, 'other device')}, left out by --device`];
    },
    int8: (of) => {
      const names = unique(of.map((r) => r.model));
      return [names, `of int8 models (ncnn's quantised kernels; the twin costs float networks): ${names.join(', ')}`];
    },
    network: (of) => {
      const names = unique(of.map((r) => r.model));
      return [names, `of networks with no param file here (the twin has ${have}): ${names.join(', ')}`];
    },
    'no-gpu-unit': (of) => {
      const names = unique(of.map((r) => r.unitLabel));
      return [names, `on a Vulkan GPU (${names.join(', ')}): ${platform.id} has no gpu unit`];
    },
    powersave: (of) => {
      const names = unique(of.map((r) => `powersave ${r.powersave}`));
      return [
        names,
        `pinned to a big.LITTLE board's ${of.every((r) => r.powersave === 1) ? 'little' : of.every((r) => r.powersave === 2) ? 'big' : 'little or big'} cores (${names.join(', ')}): ${cpuClusters(platform).length < 2 ? `${platform.id} has one CPU cluster, which stands for the whole board` : `${cpu!.id} is not that cluster of ${platform.id}`}`,
      ];
    },
    threads: (of) => {
      const names = unique(of.map((r) => `${r.threads}`));
      return [names, `with more threads (${names.join(', ')}) than ${cpu!.id}'s ${cpu!.cores} cores`];
    },
  };
  const skipped: NcnnSkipped[] = (Object.keys(out) as NcnnSkipReason[]).flatMap((reason) => {
    const of = out[reason];
    if (of.length === 0) return [];
    const [names, what] = notes[reason](of);
    return [{ reason, rows: of.length, names, note: `${plural(of.length, 'row')} ${what}` }];
  });
  if (taken.length === 0)
    throw new InputError(
      `${options.file}: no row is left to compare (${skipped.map((s) => `${plural(s.rows, 'row')} ${s.reason}`).join(', ')}; see twinrtm validate --help for the rules)`,
    );
  return {
    devices,
    cpuUnit: taken.some((t) => t.unit === cpu?.id) ? cpu!.id : null,
    gpuUnit: taken.some((t) => t.unit === gpu?.id) ? gpu!.id : null,
    clocksMHz: Object.fromEntries(Object.entries(clocksMHz).filter(([id]) => taken.some((t) => t.unit === id))),
    taken,
    skipped,
  };
}
