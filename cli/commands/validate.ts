/**
 * `twinrtm validate DATASET`: the twin's predictions against a measurement table, per unit and
 * runtime: MAPE, mean signed error, share within +-10 %, Spearman's rank correlation, and the worst
 * rows. Three formats, told apart by the header: the calibration CSV (`twinrtm calibrate --help`),
 * Powmon's A15 table (data/public/powmon-xu3-a15/SOURCE.md) and ncnn's benchmark table
 * (calibration/validate/ncnnTable.ts; which rows are taken and how: ncnnRows.ts). Nothing is
 * fitted: this is the model as the platform file has it. --json adds every compared value, for
 * `twinrtm report` to plot.
 */
import type { Command } from 'commander';
import { loadMeasurementsFile } from '../../calibration/loadMeasurements.js';
import { formatMeasurementProblem, MeasurementError } from '../../calibration/measurementError.js';
import { isPowmonHeader, parsePowmonTable } from '../../calibration/powmon/powmonTable.js';
import type { Measurement } from '../../calibration/types.js';
import { calibrationPairs } from '../../calibration/validate/calibrationPairs.js';
import { ncnnPairs } from '../../calibration/validate/ncnnPairs.js';
import { ncnnNetworks } from '../../calibration/ncnn/networks.js';
import { type NcnnSelection, selectNcnnRows } from '../../calibration/validate/ncnnRows.js';
import { isNcnnHeader, parseNcnnTable } from '../../calibration/validate/ncnnTable.js';
import { powmonPairs } from '../../calibration/validate/powmonPairs.js';
import { summariseValidation } from '../../calibration/validate/summariseValidation.js';
import type { GroupMetrics, ValidationReport } from '../../calibration/validate/types.js';
import { networkById } from '../../dnn/builtinNetworks.js';
import { InputError } from '../../dnn/inputError.js';
import { loadNetworkFile } from '../../dnn/loadNetworkFile.js';
import type { Dnn } from '../../dnn/types.js';
import { parseRuntime, withRuntime } from '../../models/runtimes.js';
import type { Platform } from '../../models/types.js';
import { printJson, type Io } from '../io.js';
import { collect, parseAssignments, parseCount, parseNumber } from '../parse.js';
import { fixed, formatTable } from '../table.js';
import { resolvePlatform } from '../target.js';
import { readDataFile } from '../../dnn/readDataFile.js';

interface ValidateCliOptions {
  platform?: string;
  platformFile?: string;
  dnn?: string;
  dnnFile?: string;
  runtime?: string;
  worst: string;
  json?: boolean;
  device?: string;
  unit?: string;
  freqMhz?: string[];
}

/** What an ncnn table's rows were taken as: the devices, units and clocks, and the rows left out by each rule. */
export type NcnnValidation = Omit<NcnnSelection, 'taken'>;

/**
 * `twinrtm validate --json`: the report with what it was computed against: the metrics per group,
 * the worst pairs and every pair compared (`compared`: line, unit, runtime, quantity, label,
 * measured, predicted), which `twinrtm report` draws as predicted against measured.
 */
export interface ValidateJson extends ValidationReport {
  dataset: string;
  platform: string;
  /** The network the rows ran; null for a Powmon table (programs, not a network) and an ncnn table (each row names its own). */
  dnn: string | null;
  runtime: string | null;
  /** For ncnn's table only. */
  ncnn?: NcnnValidation;
}

/** A refused measurements file as one line: its first problem, and how many more there are. */
function oneLine(err: MeasurementError): InputError {
  const first = err.problems[0];
  if (!first) return new InputError(err.message.split('\n')[0]!, { cause: err });
  const more = err.problems.length - 1;
  return new InputError(
    `${formatMeasurementProblem(err.file, first)}${more > 0 ? ` (and ${more} more problem${more === 1 ? '' : 's'})` : ''}`,
    { cause: err },
  );
}

/** The network the rows are of: the one asked for, or the single one they name. */
function networkOf(rows: readonly Measurement[], given: Dnn | undefined, path: string): Dnn {
  if (given) return given;
  const ids = [...new Set(rows.map((r) => r.dnn))];
  if (ids.length !== 1)
    throw new InputError(`${path}: the rows are of several networks (${ids.join(', ')}): pick one with --dnn`);
  return networkById(ids[0]!);
}

function calibrationReport(
  path: string,
  platform: Platform,
  options: ValidateCliOptions,
  worst: number,
): { report: ValidationReport; dnn: Dnn } {
  if (options.dnn !== undefined && options.dnnFile !== undefined)
    throw new InputError('give --dnn or --dnn-file, not both');
  const given =
    options.dnnFile !== undefined
      ? loadNetworkFile(options.dnnFile)
      : options.dnn !== undefined
        ? networkById(options.dnn)
        : undefined;
  let rows: Measurement[];
  try {
    rows = loadMeasurementsFile(path, { platform, ...(given ? { dnn: given } : {}) }).rows;
  } catch (err) {
    throw err instanceof MeasurementError ? oneLine(err) : err;
  }
  const dnn = networkOf(rows, given, path);
  const of = rows.filter((r) => r.dnn === dnn.id);
  if (of.length === 0) throw new InputError(`${path}: no rows of ${dnn.id}`);
  return { report: summariseValidation('calibration', of.length, calibrationPairs(platform, dnn, of), worst), dnn };
}

function powmonReport(
  path: string,
  text: string,
  platform: Platform,
  options: ValidateCliOptions,
  worst: number,
): ValidationReport {
  if (options.dnn !== undefined || options.dnnFile !== undefined)
    throw new InputError(`${path} is a Powmon table (programs, not a network): --dnn and --dnn-file do not apply`);
  if (options.runtime !== undefined)
    throw new InputError(
      `${path} is a Powmon table of power, which does not depend on the inference runtime: --runtime does not apply`,
    );
  const rows = parsePowmonTable(text, path);
  return summariseValidation('powmon', rows.length, powmonPairs(platform, rows), worst);
}

function ncnnReport(
  path: string,
  text: string,
  platform: Platform,
  options: ValidateCliOptions,
  worst: number,
): { report: ValidationReport; ncnn: NcnnValidation } {
  if (options.dnn !== undefined || options.dnnFile !== undefined)
    throw new InputError(
      `${path} is ncnn's benchmark table: each row names its network (costed from calibration/ncnn/params), so --dnn and --dnn-file do not apply`,
    );
  const rows = parseNcnnTable(text, path);
  const { taken, ...ncnn } = selectNcnnRows(rows, platform, ncnnNetworks(), {
    file: path,
    ...(options.device !== undefined ? { device: options.device } : {}),
    ...(options.unit !== undefined ? { cpuUnit: options.unit } : {}),
    // A bare MHz (key '') is the CPU unit's, whichever the rows run on.
    freqMHz: parseAssignments('--freq-mhz', options.freqMhz ?? [], '', (t) => parseNumber('--freq-mhz', t)),
  });
  return { report: summariseValidation('ncnn', rows.length, ncnnPairs(platform, taken), worst), ncnn };
}

/** The options that only an ncnn table takes, refused for the other formats. */
function refuseNcnnOptions(path: string, format: string, options: ValidateCliOptions): void {
  const given = [
    options.device !== undefined && '--device',
    options.unit !== undefined && '--unit',
    options.freqMhz !== undefined && '--freq-mhz',
  ].filter((o): o is string => o !== false);
  if (given.length > 0)
    throw new InputError(
      `${path} is ${format}: ${given.join(', ')} apply only to ncnn's benchmark table (its rows name their device, unit and threads, not their clock)`,
    );
}

function groupRow(g: GroupMetrics): (string | number)[] {
  return [
    g.quantity,
    g.unit,
    g.runtime ?? '-',
    g.n,
    fixed(g.mapePct, 2),
    `${g.biasPct >= 0 ? '+' : ''}${fixed(g.biasPct, 2)}`,
    fixed(100 * g.within10, 1),
    fixed(g.spearman, 4),
  ];
}

function printReport(io: Io, json: ValidateJson): void {
  const what =
    json.format === 'powmon'
      ? "Powmon's A15 table"
      : json.format === 'ncnn'
        ? `ncnn's benchmark table, ${json.ncnn!.devices.join('; ')}${json.runtime ? `, on ${json.runtime}` : ''}`
        : `${json.dnn}${json.runtime ? ` on ${json.runtime}` : ''}`;
  io.out(
    `twinrtm validate: ${json.platform} against ${json.dataset} (${what}): ${json.rows} rows, ${json.pairs} values compared\n\n`,
  );
  io.out(
    formatTable(
      [
        { header: 'quantity' },
        { header: 'unit' },
        { header: 'runtime' },
        { header: 'n', right: true },
        { header: 'MAPE %', right: true },
        { header: 'bias %', right: true },
        { header: '+-10 %', right: true },
        { header: 'Spearman', right: true },
      ],
      json.groups.map(groupRow),
    ),
  );
  if (json.worst.length > 0) printWorst(io, json);
  if (json.format === 'powmon')
    io.out(
      "\n(power at each run's measured clock, voltage, temperature and cycle rate; every run at the co-workload events per cycle)\n",
    );
  if (json.ncnn) printNcnnNotes(io, json.ncnn);
}

function printNcnnNotes(io: Io, ncnn: NcnnValidation): void {
  const clocks = Object.entries(ncnn.clocksMHz)
    .map(([unit, mhz]) => `${unit} ${mhz} MHz`)
    .join(', ');
  io.out(
    `\nclocks: benchncnn does not set clocks; every row predicted at ${clocks} (--freq-mhz, else the unit's highest operating point, where a busy board's governor holds it)\n`,
  );
  io.out(
    "measured: avg_ms, the mean over the run's loops (the steady time the twin predicts; min_ms is the luckiest loop)\n",
  );
  for (const s of ncnn.skipped) io.out(`skipped: ${s.note}\n`);
}

function printWorst(io: Io, json: ValidateJson): void {
  io.out(`\nworst ${json.worst.length}\n`);
  io.out(
    formatTable(
      [
        { header: 'line', right: true },
        { header: 'unit' },
        { header: 'quantity' },
        { header: 'what' },
        { header: 'measured', right: true },
        { header: 'predicted', right: true },
        { header: 'error %', right: true },
      ],
      json.worst.map((w) => [
        w.line,
        w.unit,
        w.quantity,
        w.label,
        w.measured.toPrecision(4),
        w.predicted.toPrecision(4),
        `${w.errorPct >= 0 ? '+' : ''}${w.errorPct.toFixed(1)}`,
      ]),
    ),
  );
}

const NCNN_HELP = `
ncnn's benchmark table (Tencent/ncnn benchmark/README.md as a CSV; told apart by its header):
  device_section, block, loop_count, num_threads, powersave, gpu_device, cooling_down, unit, model,
  min_ms, max_ms, avg_ms (a leading readme_line column is allowed, as in calibration/ncnn/*.csv).
  Each row is one network's time per inference; the twin runs it as a whole inference, G = 1:
  - device: the rows of one device_section; a file naming several needs --device (a section, or
    part of one: every section containing it, case-insensitively).
  - network: from the param files the repository has (calibration/ncnn/params: alexnet, vgg16,
    resnet18, squeezenet); rows of other networks and int8 rows (*_int8) are skipped.
  - unit: CPU rows on --unit, else the platform's only CPU cluster, else its only one with an ncnn
    profile; GPU:... (Vulkan) rows on the gpu unit (skipped when the platform has none).
  - cores: num_threads on a CPU (rows with more threads than the unit has cores are skipped); a GPU
    row uses the whole GPU. powersave 0 (all cores) is taken as the CPU unit, the board standing for
    it; powersave 1 (little only) / 2 (big only) only when the platform has several CPU clusters and
    the CPU unit is its little (lowest top clock) / big one. Each skip rule prints one line.
  - clock: benchncnn does not set clocks: every row at --freq-mhz (bare: the CPU unit; or unit=MHz),
    else the unit's highest operating point in the platform's default power mode.
  - measured: avg_ms (the steady time the twin predicts; min_ms is the luckiest loop).
`;

export function registerValidate(program: Command, io: Io): void {
  program
    .command('validate')
    .description(
      'the twin against measurements, nothing fitted: MAPE, bias, share within +-10 % and Spearman per unit and runtime, and the worst rows',
    )
    .argument(
      '<dataset.csv>',
      "a measurements CSV in the calibration format (see twinrtm calibrate --help), Powmon's A15 table (data/public/powmon-xu3-a15/SOURCE.md), or ncnn's benchmark table (below)",
    )
    .option('--platform <id>', 'built-in platform the measurements were taken on (default odroid-xu3)')
    .option('--platform-file <file>', 'platform JSON file instead (e.g. the output of twinrtm calibrate)')
    .option('--dnn <id>', 'network the measurements ran (default: the one the rows name)')
    .option(
      '--dnn-file <file>',
      'network file instead: JSON spec, .onnx model, or a per-group ONNX manifest (.groups.json)',
    )
    .option(
      '--runtime <name>',
      'inference runtime the times were measured with: each unit is predicted with its time profile for it',
    )
    .option(
      '--device <name>',
      "ncnn's table: the device_section whose rows to take, or part of one (default: the file's only one)",
    )
    .option(
      '--unit <id>',
      "ncnn's table: the CPU cluster CPU rows ran on (default: the only one, else the only one with an ncnn profile)",
    )
    .option(
      '--freq-mhz <MHz|unit=MHz>',
      "ncnn's table: the clock rows are predicted at, bare for the CPU unit; repeatable (default: each unit's highest operating point)",
      collect,
    )
    .option('--worst <n>', 'how many of the worst rows to list', '10')
    .option(
      '--json',
      'print JSON: the metrics per group, the worst rows and every value compared (compared: line, unit, runtime, quantity, label, measured, predicted), which twinrtm report draws',
    )
    .addHelpText('after', NCNN_HELP)
    .action((path: string, options: ValidateCliOptions) => {
      const worst = parseCount('--worst', options.worst, 0);
      const base = resolvePlatform(options);
      const runtime = options.runtime === undefined ? null : parseRuntime(options.runtime);
      const text = readDataFile(path).toString('utf8');
      const header = text.split('\n', 1)[0] ?? '';
      const powmon = isPowmonHeader(header);
      const ncnnTable = !powmon && isNcnnHeader(header);
      if (!ncnnTable) refuseNcnnOptions(path, powmon ? "Powmon's A15 table" : 'a calibration CSV', options);
      // Runtime profiles: the platform running every unit on the runtime the rows were measured with.
      const platform = runtime === null || powmon ? base : withRuntime(base, runtime);
      let json: ValidateJson;
      if (ncnnTable) {
        const { report, ncnn } = ncnnReport(path, text, platform, options, worst);
        json = { dataset: path, platform: base.id, dnn: null, runtime, ...report, ncnn };
      } else {
        const { report, dnn } = powmon
          ? { report: powmonReport(path, text, platform, options, worst), dnn: null }
          : calibrationReport(path, platform, options, worst);
        json = { dataset: path, platform: base.id, dnn: dnn?.id ?? null, runtime, ...report };
      }
      if (options.json) return printJson(io, json);
      printReport(io, json);
    });
}
