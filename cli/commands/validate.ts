/**
 * `twinrtm validate DATASET`: the twin's predictions against a measurement table, per unit and
 * runtime: MAPE, mean signed error, share within +-10 %, Spearman's rank correlation, and the worst
 * rows. Two formats, told apart by the header: the calibration CSV (`twinrtm calibrate --help`) and
 * Powmon's A15 table (data/public/powmon-xu3-a15/SOURCE.md). Nothing is fitted: this is the model as
 * the platform file has it.
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { loadMeasurementsFile } from '../../calibration/loadMeasurements.js';
import { formatMeasurementProblem, MeasurementError } from '../../calibration/measurementError.js';
import { isPowmonHeader, parsePowmonTable } from '../../calibration/powmon/powmonTable.js';
import type { Measurement } from '../../calibration/types.js';
import { calibrationPairs } from '../../calibration/validate/calibrationPairs.js';
import { powmonPairs } from '../../calibration/validate/powmonPairs.js';
import { summariseValidation } from '../../calibration/validate/summariseValidation.js';
import type { GroupMetrics, ValidationReport } from '../../calibration/validate/types.js';
import { networkById } from '../../dnn/builtinNetworks.js';
import { InputError } from '../../dnn/inputError.js';
import { loadNetworkFile } from '../../dnn/loadNetworkFile.js';
import { DataFileError } from '../../dnn/schemaCheck.js';
import type { Dnn } from '../../dnn/types.js';
import { parseRuntime, withRuntime } from '../../models/runtimes.js';
import type { Platform } from '../../models/types.js';
import { printJson, type Io } from '../io.js';
import { parseCount } from '../parse.js';
import { fixed, formatTable } from '../table.js';
import { resolvePlatform } from '../target.js';

interface ValidateCliOptions {
  platform?: string;
  platformFile?: string;
  dnn?: string;
  dnnFile?: string;
  runtime?: string;
  worst: string;
  json?: boolean;
}

/** `twinrtm validate --json`: the report with what it was computed against. */
export interface ValidateJson extends ValidationReport {
  dataset: string;
  platform: string;
  /** The network the rows ran; null for a Powmon table (programs, not a network). */
  dnn: string | null;
  runtime: string | null;
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new DataFileError(
      path,
      '',
      code === 'ENOENT' ? 'no such file' : `cannot be read (${code ?? (err as Error).message})`,
    );
  }
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
    json.format === 'powmon' ? "Powmon's A15 table" : `${json.dnn}${json.runtime ? ` on ${json.runtime}` : ''}`;
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
  if (json.worst.length === 0) return;
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
  if (json.format === 'powmon')
    io.out(
      "\n(power at each run's measured clock, voltage, temperature and cycle rate; every run at the co-workload events per cycle)\n",
    );
}

export function registerValidate(program: Command, io: Io): void {
  program
    .command('validate')
    .description(
      'the twin against measurements, nothing fitted: MAPE, bias, share within +-10 % and Spearman per unit and runtime, and the worst rows',
    )
    .argument(
      '<dataset.csv>',
      "a measurements CSV in the calibration format (see twinrtm calibrate --help), or Powmon's A15 table (data/public/powmon-xu3-a15/SOURCE.md)",
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
    .option('--worst <n>', 'how many of the worst rows to list', '10')
    .option('--json', 'print JSON')
    .action((path: string, options: ValidateCliOptions) => {
      const worst = parseCount('--worst', options.worst, 0);
      const base = resolvePlatform(options);
      const runtime = options.runtime === undefined ? null : parseRuntime(options.runtime);
      const text = readText(path);
      const powmon = isPowmonHeader(text.split('\n', 1)[0] ?? '');
      // Runtime profiles: the platform running every unit on the runtime the rows were measured with.
      const platform = runtime === null || powmon ? base : withRuntime(base, runtime);
      const { report, dnn } = powmon
        ? { report: powmonReport(path, text, platform, options, worst), dnn: null }
        : calibrationReport(path, platform, options, worst);
      const json: ValidateJson = { dataset: path, platform: base.id, dnn: dnn?.id ?? null, runtime, ...report };
      if (options.json) return printJson(io, json);
      printReport(io, json);
    });
}
