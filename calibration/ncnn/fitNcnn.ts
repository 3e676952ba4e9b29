/**
 * An `ncnn` runtime profile fitted to rows of ncnn's published benchncnn table (Tencent/ncnn,
 * benchmark/README.md): each row is one network's mean time per inference on a board, on its CPU
 * with n threads (gpu_device -1) or on its Vulkan GPU, for the networks the twin can cost
 * (networks.ts). The fit is calibration's: its linear time form and its least squares.
 */
import { createHash } from 'node:crypto';
import type { Dnn, LayerKind } from '../../dnn/types.js';
import type { PerfParams, Platform, RuntimeProfile, Unit } from '../../models/types.js';
import { nonNegativeLeastSquares } from '../leastSquares.js';
import { layerFeatures, measuredLayers } from '../timeFeatures.js';
import type { Measurement } from '../types.js';
import { type NcnnDevice, parseNcnnTable } from '../validate/ncnnTable.js';

/** One row of the copied table: where it stands in the published README, and what it measured. */
export interface NcnnRow {
  readmeLine: number;
  /** The README heading the row stands under (the board, as its contributor described it). */
  section: string;
  threads: number;
  /** Where it ran: the CPU, or a Vulkan GPU (the `unit` column). */
  device: NcnnDevice;
  model: string;
  avgMs: number;
}

/** Reads the copied rows (validate's reader of ncnn's table; each row must say its README line). */
export function parseNcnnRows(text: string): NcnnRow[] {
  return parseNcnnTable(text, 'the copied ncnn rows').map((r) => {
    if (r.readmeLine === null) throw new Error(`line ${r.line}: the copied rows need a readme_line column`);
    return {
      readmeLine: r.readmeLine,
      section: r.section,
      threads: r.threads,
      device: r.device,
      model: r.model,
      avgMs: r.avgMs,
    };
  });
}

export interface NcnnFitOptions {
  /** The platform the rows were measured on. */
  platform: Platform;
  /** The unit a CPU row (gpu_device -1) and a GPU row ran on (a board without a Vulkan unit has no GPU rows). */
  cpuUnit: string;
  gpuUnit?: string;
  /** The clock each unit ran at (benchncnn does not set clocks: the board's under a busy load). */
  freqMHz: Record<string, number>;
  /**
   * The clock of each board whose rows stand in for the unit, by README heading, where the rows
   * come from other boards than the platform's (another SoC with the same cores): the fit is per
   * cycle, so each row is taken at its own board's clock. Absent: every row at freqMHz.
   */
  sectionFreqMHz?: Record<string, number>;
  /** What the note says of the clocks after 'CPU (gpu_device -1)'; absent: the unit's freqMHz, a busy board at its top point. */
  clockNote?: string;
  /** The command that prints this fit, for the note (absent: the Nano's, printProfile.ts jetson-nano). */
  reproduce?: string;
  /** The twin networks of the table's models, by id (ncnn-<model>). */
  networks: ReadonlyMap<string, Dnn>;
  /** The copied table's bytes (its SHA-256 goes into the provenance) and what the note says of it. */
  table: string;
  citation: string;
  date: string;
}

export interface NcnnRowError {
  readmeLine: number;
  unit: string;
  model: string;
  cores: number;
  measuredMs: number;
  fittedMs: number;
}

export interface NcnnFit {
  /** The fitted ncnn block of each unit that has rows. */
  profiles: Record<string, RuntimeProfile>;
  rows: NcnnRowError[];
}

function round(value: number, digits: number): number {
  return Number(value.toPrecision(digits));
}

/** Which parameter set a layer kind uses: conv and pool share one (a pool's compares are a few per million MACs here). */
const GROUP_OF: Record<LayerKind, 0 | 1> = { conv: 0, pool: 0, fc: 1 };

/**
 * A row's features: per parameter set (conv and pool, fc), the serial and parallel work terms of
 * calibration's linear form (timeFeatures.ts) on a CPU, the work term alone on a GPU; then the
 * number of costed nodes, whose coefficient is the per-node overhead c (one for every kind).
 */
function features(unit: Unit, dnn: Dnn, row: Measurement): number[] {
  const perSet = unit.kind === 'gpu' ? 1 : 2;
  const x = new Array<number>(2 * perSet + 1).fill(0);
  for (const layer of measuredLayers(dnn, row)) {
    const f = layerFeatures(unit, layer, row);
    const at = GROUP_OF[layer.kind] * perSet;
    if (unit.kind === 'gpu') x[at]! += f[1]!;
    else {
      x[at]! += f[0]!;
      x[at + 1]! += f[1]!;
    }
    x[2 * perSet]! += 1;
  }
  return x;
}

function fitWeighted(x: readonly number[][], y: readonly number[]): number[] {
  return nonNegativeLeastSquares(
    x,
    y,
    y.map((t) => 1 / (t * t)),
  ).coefficients;
}

const dot = (x: readonly number[], c: readonly number[]) => x.reduce((t, v, j) => t + v * c[j]!, 0);

/** Mean absolute percentage error of each network's rows predicted by a fit on the other networks' rows. */
function leaveOneNetworkOut(x: readonly number[][], y: readonly number[], nets: readonly string[]): number | null {
  const ids = [...new Set(nets)];
  if (ids.length < 3) return null;
  const errors = ids.flatMap((id) => {
    const train = nets.map((n, i) => (n === id ? -1 : i)).filter((i) => i >= 0);
    const c = fitWeighted(
      train.map((i) => x[i]!),
      train.map((i) => y[i]!),
    );
    return nets.flatMap((n, i) => (n === id ? [Math.abs(dot(x[i]!, c) - y[i]!) / y[i]!] : []));
  });
  return (100 * errors.reduce((a, b) => a + b, 0)) / errors.length;
}

/**
 * Fits each unit's ncnn block from the rows of the networks given (others are left out), by
 * calibration's non-negative least squares on relative error. Published rows are whole inferences,
 * but the networks split their work between conv and fc differently (AlexNet 8 %, VGG-16 0.8 % fc),
 * so two parameter sets are fitted: conv (pools with it) and fc, each MACs per cycle and, on a CPU,
 * a parallel fraction, and one overhead per costed node. The memory and contention terms are not
 * fitted (null, 0): whole-network times at two thread counts cannot separate them from the work
 * terms, which absorb them. The provenance is a calibration record: the table's SHA-256, the rows,
 * and in its note the source and each row's fitted time; mapePct is leave-one-network-out (null
 * with fewer than three networks).
 */
export function fitNcnn(options: NcnnFitOptions): NcnnFit {
  const dnns = options.networks;
  const modelIds = new Map([...dnns.keys()].map((id) => [id.replace(/^ncnn-/, ''), id]));
  const sha = createHash('sha256').update(options.table).digest('hex');
  const used = parseNcnnRows(options.table).filter((r) => modelIds.has(r.model));
  const measurements: Measurement[] = used.map((r) => {
    const unit = r.device === 'cpu' ? options.cpuUnit : options.gpuUnit;
    if (unit === undefined) throw new Error(`line ${r.readmeLine}: a Vulkan row, but no gpu unit is given`);
    const freqMHz = options.sectionFreqMHz === undefined ? options.freqMHz[unit] : options.sectionFreqMHz[r.section];
    if (freqMHz === undefined) throw new Error(`line ${r.readmeLine}: no clock given for '${r.section}'`);
    return {
      line: r.readmeLine,
      platform: options.platform.id,
      unit,
      dnn: modelIds.get(r.model)!,
      groups: 1,
      cores: r.device === 'cpu' ? r.threads : 1,
      freqMHz,
      busyCores: 0,
      temperatureC: null,
      layer: null,
      timeMs: r.avgMs,
      powerW: {},
      voltageV: null,
    };
  });
  const profiles: Record<string, RuntimeProfile> = {};
  const rows: NcnnRowError[] = [];
  for (const unit of options.platform.units) {
    const mine = measurements.filter((m) => m.unit === unit.id);
    if (mine.length === 0) continue;
    const x = mine.map((m) => features(unit, dnns.get(m.dnn)!, m));
    const y = mine.map((m) => m.timeMs);
    const coefficients = fitWeighted(x, y);
    const overheadMs = coefficients[coefficients.length - 1]!;
    const mapePct = leaveOneNetworkOut(
      x,
      y,
      mine.map((m) => m.dnn),
    );
    const errors = mine.map((m, i) => ({
      readmeLine: m.line,
      unit: unit.id,
      model: m.dnn,
      cores: m.cores,
      measuredMs: m.timeMs,
      fittedMs: dot(x[i]!, coefficients),
    }));
    rows.push(...errors);
    const described = errors
      .map(
        (e) =>
          `line ${e.readmeLine} ${e.model.replace(/^ncnn-/, '')} x${e.cores} ${e.measuredMs} ms (fit ${round(e.fittedMs, 4)})`,
      )
      .join('; ');
    const clocks =
      options.clockNote ??
      `at ${options.freqMHz[unit.id]} MHz (benchncnn leaves clocks to the governor: a busy board at its top point assumed)`;
    const note =
      `fitted to ${options.citation}, rows ${described}; ${unit.kind === 'gpu' ? 'Vulkan (gpu_device 0)' : 'CPU (gpu_device -1)'} ${clocks}. ` +
      'Two work sets, conv (pools and adds share it) and fc, from networks whose work splits differently between them, and one overhead per costed node; ' +
      "work is counted as direct-convolution MACs, so Winograd or packed kernels show as MACs per cycle above the core's peak, and fc's weight streaming as a low MACs per cycle; " +
      'the memory and contention terms are not separable in these rows (null, 0: the work terms carry them); mapePct: each network predicted by a fit on the others. ' +
      `Reproduce: ${options.reproduce ?? 'npx tsx calibration/ncnn/printProfile.ts jetson-nano'}`;
    const calibration = {
      dataSha256: sha,
      date: options.date,
      rows: mine.length,
      mapePct: mapePct === null ? null : round(mapePct, 3),
      note,
    };
    const block = (set: 0 | 1): PerfParams => {
      if (unit.kind === 'gpu') {
        const a = coefficients[set]!;
        if (!(a > 0)) throw new Error(`${unit.id}: the rows give no ${set === 0 ? 'conv' : 'fc'} work term`);
        return {
          workPerCycle: round(1 / a, 6),
          parallelFraction: 1,
          bandwidthGBs: null,
          overheadMs: round(overheadMs, 6),
          calibration,
        };
      }
      const [serial, parallel] = [coefficients[2 * set]!, coefficients[2 * set + 1]!];
      if (!(serial + parallel > 0))
        throw new Error(`${unit.id}: the rows give no ${set === 0 ? 'conv' : 'fc'} work term`);
      return {
        workPerCycle: round(1 / (serial + parallel), 6),
        parallelFraction: round(parallel / (serial + parallel), 6),
        bandwidthGBs: null,
        overheadMs: round(overheadMs, 6),
        calibration,
      };
    };
    profiles[unit.id] = { perf: { conv: block(0), fc: block(1), pool: block(0) } };
  }
  return { profiles, rows };
}
