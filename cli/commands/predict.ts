/** `twinrtm predict`: one configuration, layer by layer and in total. */
import type { Command } from 'commander';
import { predictAnytime, type AnytimePrediction } from '../../models/anytime.js';
import { InputError } from '../../dnn/inputError.js';
import { PRECISIONS } from '../../dnn/elementBytes.js';
import type { Precision } from '../../dnn/types.js';
import { allowedFreqs, powerModeOf } from '../../models/checkConfiguration.js';
import { predict } from '../../models/predict.js';
import { missingRuntimeError, parseRuntime, runtimesOfUnit, withRuntime } from '../../models/runtimes.js';
import type { Contention, Platform, Prediction } from '../../models/types.js';
import { printJson, type Io } from '../io.js';
import { collect, parseAssignments, parseInteger, parseNumber, parseWithin } from '../parse.js';
import { fixed, formatTable } from '../table.js';
import { addTargetOptions, resolveDnn, resolvePlatform, type TargetOptions } from '../target.js';

interface PredictCliOptions extends TargetOptions {
  groups?: string;
  unit?: string;
  cores?: string;
  freq?: string[];
  busy?: string[];
  busyUtil?: string[];
  memPressure?: string;
  gpuShare?: string;
  temp?: string;
  precision?: string;
  confidenceThreshold?: string;
  runtime?: string;
  json?: boolean;
}

/**
 * The platform on --runtime's time profiles (every unit's own without it). With the unit the DNN is to
 * run on, a unit without that profile is refused naming the unit and its profiles, as predict() does
 * when another unit has one (withRuntime alone names no unit when none has).
 */
export function platformOnRuntime(platform: Platform, runtime: string | undefined, unitId?: string): Platform {
  if (runtime === undefined) return platform;
  const name = parseRuntime(runtime);
  const unit = platform.units.find((u) => u.id === unitId);
  if (unit && !runtimesOfUnit(platform, unit).includes(name)) throw missingRuntimeError(platform, unit, name);
  return withRuntime(platform, name);
}

/** Reads --precision; float32 unless int8 is asked for. */
export function parsePrecision(text: string | undefined): Precision {
  if (text === undefined) return 'float32';
  if (!(PRECISIONS as readonly string[]).includes(text))
    throw new InputError(`--precision '${text}' is not valid (valid: ${PRECISIONS.join(', ')})`);
  return text as Precision;
}

export function parseContention(
  options: Pick<PredictCliOptions, 'busy' | 'busyUtil' | 'memPressure' | 'gpuShare'>,
): Contention {
  return {
    busyCores: parseAssignments('--busy', options.busy ?? [], null, (t) => parseInteger('--busy', t)),
    busyUtilisation: parseAssignments('--busy-util', options.busyUtil ?? [], null, (t) =>
      parseNumber('--busy-util', t),
    ),
    ...(options.memPressure !== undefined
      ? { memoryPressure: parseNumber('--mem-pressure', options.memPressure) }
      : {}),
    ...(options.gpuShare !== undefined ? { gpuShare: parseNumber('--gpu-share', options.gpuShare) } : {}),
  };
}

function printPrediction(io: Io, p: Prediction, runtime: string | undefined): void {
  const c = p.config;
  const freqs = Object.entries(c.freqMHz).map(
    ([u, f]) => `${u}=${f}${p.effectiveFreqMHz[u] !== f ? `(throttled to ${p.effectiveFreqMHz[u]})` : ''}`,
  );
  const on = runtime === undefined ? '' : ` (runtime ${runtime})`;
  io.out(`config: ${c.groups} groups on ${c.unit} x${c.cores}${on}, MHz ${freqs.join(' ')}\n`);
  io.out(`time ${fixed(p.timeMs, 3)} ms, energy ${fixed(p.energyMJ, 3)} mJ, power ${fixed(p.avgPowerW, 3)} W\n`);
  io.out(
    `rails: ${Object.entries(p.powerByRailW)
      .map(([r, w]) => `${r} ${w.toFixed(3)} W`)
      .join(', ')}\n`,
  );
  io.out(
    `accuracy: ${p.accuracy === null ? 'unmeasured' : p.accuracy}, confidence: ${p.confidence === null ? 'unmeasured' : p.confidence}, memory ${p.memoryBytes} bytes\n\n`,
  );
  io.out(
    formatTable(
      [
        { header: 'layer' },
        { header: 'kind' },
        { header: 'MACs', right: true },
        { header: 'time ms', right: true },
        { header: 'energy mJ', right: true },
        { header: 'power W', right: true },
      ],
      p.layers.map((l) => [l.name, l.kind, l.macs, fixed(l.timeMs, 4), fixed(l.energyMJ, 4), fixed(l.avgPowerW, 3)]),
    ),
  );
}

function printAnytime(io: Io, a: AnytimePrediction): void {
  io.out(`anytime inference, threshold ${a.threshold}, at most ${a.config.groups} groups (shares over ${a.source}):\n`);
  io.out(
    formatTable(
      [
        { header: 'stops at g', right: true },
        { header: 'share %', right: true },
        { header: 'time ms', right: true },
        { header: 'energy mJ', right: true },
      ],
      a.stops.map((s) => [s.groups, (100 * s.share).toFixed(1), s.timeMs.toFixed(3), s.energyMJ.toFixed(3)]),
    ),
  );
  io.out(
    `mean ${a.timeMs.toFixed(3)} ms, p95 ${a.p95TimeMs.toFixed(3)} ms, ${a.energyMJ.toFixed(3)} mJ, ${a.meanGroups.toFixed(3)} groups, top-1 ${a.accuracy.toFixed(4)}\n`,
  );
}

export function registerPredict(program: Command, io: Io): void {
  addTargetOptions(
    program
      .command('predict')
      .description('predict time, energy, power, accuracy and memory of one configuration, per layer and in total'),
  )
    .option('--groups <g>', 'active channel groups, 1..G (default G)')
    .requiredOption('--unit <id>', 'unit running the DNN (e.g. a15, a7, a57, gpu)')
    .option('--cores <n>', 'cores of the unit (default: all the power mode allows)')
    .option(
      '--freq <MHz|unit=MHz>',
      'frequency of the running unit, or unit=MHz for another; repeatable (default: top operating point; idle units: lowest)',
      collect,
    )
    .option('--busy <unit=n>', 'cores held by co-workloads on a unit; repeatable', collect)
    .option('--busy-util <unit=u>', 'utilisation 0..1 of those co-workloads (default 1); repeatable', collect)
    .option('--mem-pressure <x>', 'memory pressure 0..1 from co-workloads')
    .option('--gpu-share <x>', 'share 0..1 of the GPU a co-workload takes')
    .option('--temp <C>', 'die temperature: applies thermal caps and leakage')
    .option('--precision <p>', 'float32 or int8 (default float32)')
    .option(
      '--confidence-threshold <t>',
      'also predict anytime inference: --groups is the most it runs, and it stops at the first g whose answer has at least this probability (over the measured test images)',
    )
    .option(
      '--runtime <name>',
      "inference runtime whose time profile applies (ts-engine, onnxruntime, pytorch, ncnn, tensorrt; default: each unit's own, the platform's defaultRuntime)",
    )
    .option('--json', 'print JSON')
    .action((options: PredictCliOptions) => {
      const platform = platformOnRuntime(resolvePlatform(options), options.runtime, options.unit);
      const dnn = resolveDnn(options);
      const unit = platform.units.find((u) => u.id === options.unit);
      const mode = powerModeOf(platform, options.powerMode);
      const freqMHz = parseAssignments('--freq', options.freq ?? [], options.unit!, (t) => parseNumber('--freq', t));
      if (unit && freqMHz[unit.id] === undefined)
        freqMHz[unit.id] = allowedFreqs(
          unit.opps.points.map((o) => o.freqMHz),
          mode?.limits[unit.id],
        ).at(-1)!;
      const config = {
        groups: options.groups === undefined ? dnn.groups : parseInteger('--groups', options.groups),
        unit: options.unit!,
        cores:
          options.cores === undefined
            ? (mode?.limits[options.unit!]?.maxCores ?? unit?.cores ?? 1)
            : parseInteger('--cores', options.cores),
        freqMHz,
      };
      const predictOptions = {
        contention: parseContention(options),
        ...(options.temp !== undefined
          ? {
              temperatureC: parseWithin(
                '--temp',
                options.temp,
                -273.15,
                200,
                'C: from absolute zero to hotter than any board runs',
              ),
            }
          : {}),
        precision: parsePrecision(options.precision),
        ...(options.powerMode !== undefined ? { powerMode: options.powerMode } : {}),
      };
      const prediction = predict(platform, dnn, config, predictOptions);
      const anytime =
        options.confidenceThreshold === undefined
          ? undefined
          : predictAnytime(
              platform,
              dnn,
              config,
              parseNumber('--confidence-threshold', options.confidenceThreshold),
              predictOptions,
            );
      if (options.json) {
        const {
          config: c,
          timeMs,
          energyMJ,
          avgPowerW,
          powerByRailW,
          accuracy,
          confidence,
          memoryBytes,
          layers,
          effectiveFreqMHz,
          throttled,
        } = prediction;
        return printJson(io, {
          config: c,
          ...(platform.runtime ? { runtime: platform.runtime } : {}),
          timeMs,
          energyMJ,
          avgPowerW,
          powerByRailW,
          accuracy,
          confidence,
          memoryBytes,
          effectiveFreqMHz,
          throttled,
          layers,
          ...(anytime ? { anytime } : {}),
        });
      }
      printPrediction(io, prediction, platform.runtime);
      if (anytime) printAnytime(io, anytime);
    });
}
