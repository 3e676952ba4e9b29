/** `twinrtm calibrate`: fit a platform to measurements, cross-validate it, write the calibrated file. */
import type { Command } from 'commander';
import { calibrate, checkEnoughConfigurations, type QuantityMetrics } from '../../calibration/calibrate.js';
import { loadMeasurementsFile } from '../../calibration/loadMeasurements.js';
import { P_AND_K_INSEPARABLE } from '../../calibration/fitTime.js';
import { startOnRuntime, withFittedRuntime } from '../../calibration/runtimeBlocks.js';
import type { Measurement } from '../../calibration/types.js';
import { networkById } from '../../dnn/builtinNetworks.js';
import { InputError } from '../../dnn/inputError.js';
import { loadNetworkFile } from '../../dnn/loadNetworkFile.js';
import type { Dnn } from '../../dnn/types.js';
import { parseRuntime } from '../../models/runtimes.js';
import type { AccuracyMetrics } from '../../calibration/accuracyMetrics.js';
import { checkOutputFile, writeFileAtomic } from '../files.js';
import { printJson, type Io } from '../io.js';
import type { CalibrateJson } from '../outputTypes.js';
import { parseInteger } from '../parse.js';
import { fixed, formatTable } from '../table.js';
import { resolvePlatform } from '../target.js';

interface CalibrateCliOptions {
  platform?: string;
  platformFile?: string;
  dnn?: string;
  dnnFile?: string;
  out: string;
  folds?: string;
  holdout?: string;
  lenient?: boolean;
  runtime?: string;
  json?: boolean;
}

/** The network the rows are of: the one asked for, or the single one the rows name. */
function networkOf(rows: readonly Measurement[], options: CalibrateCliOptions): Dnn {
  if (options.dnnFile !== undefined) return loadNetworkFile(options.dnnFile);
  if (options.dnn !== undefined) return networkById(options.dnn);
  const ids = [...new Set(rows.map((r) => r.dnn))];
  if (ids.length !== 1)
    throw new InputError(`the measurements are of several networks (${ids.join(', ')}): pick one with --dnn`);
  return networkById(ids[0]!);
}

function metricsRows(label: string, m: QuantityMetrics): (string | number | null)[][] {
  const row = (what: string, a: AccuracyMetrics | null) =>
    a === null
      ? []
      : [
          [
            label,
            what,
            a.n,
            fixed(a.mape, 2),
            fixed(a.rmse, 4),
            fixed(100 * a.within10, 1),
            fixed(100 * a.within5, 1),
            fixed(a.spearman, 4),
          ],
        ];
  return [
    ...row('time', m.time),
    ...row('inference time', m.inferenceTime),
    ...row('configuration time', m.configurationTime),
    ...row('power', m.power),
    ...row('energy', m.energy),
  ];
}

export function registerCalibrate(program: Command, io: Io): void {
  program
    .command('calibrate')
    .description(
      "fit a platform's time and power parameters to measurements (CSV), cross-validate, and write a calibrated platform file",
    )
    .argument(
      '<measurements.csv>',
      'measurements: platform, unit, dnn, groups, cores, freqMHz, busyCores, temperatureC, layer, timeMs, power_<rail>_W..., voltageV',
    )
    .option('--platform <id>', 'built-in platform the measurements were taken on (default odroid-xu3)')
    .option('--platform-file <file>', 'platform JSON file instead (e.g. a calibrated one, to refine it)')
    .option('--dnn <id>', 'network the measurements ran (default: the one the rows name)')
    .option(
      '--dnn-file <file>',
      'network file instead: JSON spec, .onnx model, or a per-group ONNX manifest (.groups.json)',
    )
    .requiredOption('--out <file.json>', 'where to write the calibrated platform file')
    .option('--folds <k>', 'cross-validation folds (default 5)')
    .option('--holdout <file.csv>', 'measurements kept out of the fit, predicted by it')
    .option(
      '--runtime <name>',
      "inference runtime the measurements ran on (ts-engine, onnxruntime, pytorch, ncnn, tensorrt): fits that runtime's time profile, starting from the unit's own where it has none yet, and writes it as that runtime's block (default: each unit's own)",
    )
    .option('--lenient', 'drop bad rows (saying how many and why) instead of refusing the file')
    .option('--json', 'print JSON')
    .action((path: string, options: CalibrateCliOptions) => {
      // Before the fit: an --out that cannot be written is refused now, not after the work.
      checkOutputFile('--out', options.out);
      const platform = resolvePlatform(options);
      const runtime = options.runtime === undefined ? undefined : parseRuntime(options.runtime);
      const folds = options.folds === undefined ? 5 : parseInteger('--folds', options.folds);
      if (folds < 2) throw new InputError(`--folds ${folds} must be at least 2`);
      const lenient = options.lenient === true;
      const given =
        options.dnnFile !== undefined
          ? loadNetworkFile(options.dnnFile)
          : options.dnn !== undefined
            ? networkById(options.dnn)
            : undefined;
      const loaded = loadMeasurementsFile(path, { platform, lenient, ...(given ? { dnn: given } : {}) });
      const dnn = given ?? networkOf(loaded.rows, options);
      const rows = loaded.rows.filter((r) => r.dnn === dnn.id);
      const holdout =
        options.holdout === undefined
          ? undefined
          : loadMeasurementsFile(options.holdout, { platform, dnn, lenient }).rows;
      // Refused before any progress is printed: one line says what is missing.
      checkEnoughConfigurations(rows, path);
      const measured = [...new Set([...rows, ...(holdout ?? [])].map((r) => r.unit))];
      const start = runtime === undefined ? platform : startOnRuntime(platform, runtime, measured);
      const on = runtime === undefined ? '' : ` (runtime ${runtime})`;
      if (!options.json) {
        io.err(
          `calibrating ${platform.id}${on} for ${dnn.id} on ${rows.length} rows${loaded.dropped.length ? ` (${loaded.dropped.length} dropped)` : ''}...\n`,
        );
      }
      const result = calibrate(start, dnn, rows, {
        dataSha256: loaded.sha256,
        folds,
        file: path,
        ...(holdout ? { holdout } : {}),
      });
      const out = {
        ...(runtime === undefined ? result.platform : withFittedRuntime(platform, result.platform, runtime)),
        name: `${platform.name.replace(/ \(calibrated\)$/, '')} (calibrated)`,
        description: `${platform.description} Calibrated${runtime === undefined ? '' : ` for runtime ${runtime}`} on ${new Date().toISOString().slice(0, 10)} from ${rows.length} measurements (sha256 ${loaded.sha256.slice(0, 12)}...): fitted blocks carry a calibration record.`,
      };
      delete (out as { $schema?: string }).$schema;
      writeFileAtomic(options.out, `${JSON.stringify(out, null, 2)}\n`);
      const params = result.fits.map((f) => ({ unit: f.unit, time: f.time, power: f.power }));
      if (options.json) {
        const json: CalibrateJson = {
          platform: platform.id,
          dnn: dnn.id,
          ...(runtime === undefined ? {} : { runtime }),
          out: options.out,
          rows: result.rows,
          dropped: loaded.dropped,
          params,
          validation: result.validation,
          outliers: result.outliers,
        };
        return printJson(io, json);
      }
      io.out(
        `${platform.id}${on}, ${dnn.id}: ${result.rows} rows fitted, ${result.outliers.length} outliers dropped${loaded.dropped.length ? `, ${loaded.dropped.length} bad rows dropped` : ''}; written to ${options.out}\n`,
      );
      for (const d of loaded.dropped.slice(0, 20))
        io.out(`  dropped line ${d.line}: ${d.column ? `${d.column}: ` : ''}${d.problem}\n`);
      if (loaded.dropped.length > 20) io.out(`  ... and ${loaded.dropped.length - 20} more dropped\n`);
      for (const o of result.outliers.slice(0, 10))
        io.out(
          `  outlier line ${o.line} (${o.unit}, ${o.quantity}): measured ${o.measured.toPrecision(4)}, predicted ${o.predicted.toPrecision(4)} (${(100 * o.relativeError).toFixed(1)} %)\n`,
        );
      if (result.outliers.length > 10)
        io.out(`  ... and ${result.outliers.length - 10} more outliers (--json lists them all)\n`);
      io.out('\nfitted parameters\n');
      io.out(
        formatTable(
          [
            { header: 'unit' },
            { header: 'kind' },
            { header: 'MACs/cycle', right: true },
            { header: 'parallel', right: true },
            { header: 'contention', right: true },
            { header: 'GB/s', right: true },
            { header: 'overhead ms', right: true },
            { header: 'rows', right: true },
          ],
          params.flatMap((p) =>
            Object.entries(p.time?.kinds ?? {}).map(([kind, k]) => [
              p.unit,
              kind + (p.time?.tied ? ' (tied)' : ''),
              fixed(k.workPerCycle, 4),
              fixed(k.parallelFraction, 4),
              k.identified.contention
                ? fixed(k.contention, 4)
                : k.identified.compute && k.contention > 0
                  ? `${fixed(k.contention, 4)} *`
                  : 'prior',
              !k.identified.bandwidth ? 'prior' : k.bandwidthGBs === null ? 'none' : fixed(k.bandwidthGBs, 3),
              fixed(k.overheadMs, 4),
              p.time?.rows ?? 0,
            ]),
          ),
        ),
      );
      if (
        params.some((p) =>
          Object.values(p.time?.kinds ?? {}).some(
            (k) => !k.identified.contention && k.identified.compute && k.contention > 0,
          ),
        )
      ) {
        io.out(`* ${P_AND_K_INSEPARABLE}\n`);
      }
      for (const p of params)
        if (p.power)
          io.out(
            `${p.unit} power (${p.power.rail}, ${p.power.rows} rows): static x ${p.power.staticScale.toFixed(4)}, dynamic x ${p.power.dynamicScale.toFixed(4)}\n`,
          );
      const v = result.validation;
      io.out(`\n${v.folds}-fold cross-validation (held-out configurations)\n`);
      const columns = [
        { header: 'set' },
        { header: 'quantity' },
        { header: 'n', right: true },
        { header: 'MAPE %', right: true },
        { header: 'RMSE', right: true },
        { header: '+-10 %', right: true },
        { header: '+-5 %', right: true },
        { header: 'Spearman', right: true },
      ];
      io.out(
        formatTable(columns, [
          ...metricsRows('all', v),
          ...Object.entries(v.perUnit).flatMap(([u, m]) => metricsRows(u, m)),
        ]),
      );
      if (v.holdout) {
        const floor = v.holdout.repeatability;
        const again =
          floor === null
            ? []
            : [
                [
                  'all',
                  'configuration time, the fitted file as prediction',
                  floor.n,
                  fixed(floor.mape, 2),
                  fixed(floor.rmse, 4),
                  fixed(100 * floor.within10, 1),
                  fixed(100 * floor.within5, 1),
                  fixed(floor.spearman, 4),
                ],
              ];
        io.out(
          `\nheld-out file\n${formatTable(columns, [...metricsRows('all', v.holdout), ...Object.entries(v.holdout.perUnit).flatMap(([u, m]) => metricsRows(u, m)), ...again])}`,
        );
        if (floor !== null)
          io.out(
            "(the last row: the two files against each other, configuration by configuration: how far this machine is from itself, the floor under the model's error)\n",
          );
      }
      if (!v.power)
        io.out('\npower and energy: not validated (the file has no power measurements of whole inferences)\n');
    });
}
