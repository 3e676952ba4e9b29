/** `twinrtm space`: every valid configuration, predicted, optionally reduced to its Pareto front. */
import type { Command } from 'commander';
import { anytimeProfileOf } from '../../dnn/anytimeProfile.js';
import { checkThreshold } from '../../dnn/confidence.js';
import { InputError } from '../../dnn/inputError.js';
import type { Dnn } from '../../dnn/types.js';
import { ANYTIME_THRESHOLDS, anytimeVariants } from '../../models/anytime.js';
import { configurationSpace, predictSpace } from '../../models/configurationSpace.js';
import { evaluate } from '../../models/predict.js';
import type { Platform, Prediction, PredictOptions } from '../../models/types.js';
import { paretoFront } from '../../models/paretoFront.js';
import { OBJECTIVE_NAMES, predictionObjectives } from '../../models/predictionObjectives.js';
import { printJson, type Io } from '../io.js';
import type { SpaceJson } from '../outputTypes.js';
import { parseList, parseNumber } from '../parse.js';
import { fixed, formatTable } from '../table.js';
import { addTargetOptions, resolveDnn, resolvePlatform, type TargetOptions } from '../target.js';
import { parsePrecision, platformOnRuntime } from './predict.js';

interface SpaceCliOptions extends TargetOptions {
  pareto?: string;
  anytime?: string | true;
  precision?: string;
  runtime?: string;
  json?: boolean;
}

export function registerSpace(program: Command, io: Io): void {
  addTargetOptions(
    program
      .command('space')
      .description('predict every valid configuration (groups x unit x cores x operating points) and its Pareto front'),
  )
    .option(
      '--pareto <objectives>',
      `keep the Pareto front over these objectives, comma-separated (${OBJECTIVE_NAMES.join(', ')})`,
    )
    .option(
      '--anytime [thresholds]',
      `also anytime inference: every mapping at each group limit 2..G and each confidence threshold, comma-separated (default ${ANYTIME_THRESHOLDS.join(',')}); time is the mean over the measured images, with its 95th percentile`,
    )
    .option('--precision <p>', 'float32 or int8 (default float32)')
    .option(
      '--runtime <name>',
      "inference runtime whose time profiles apply; only units with one run the DNN (default: each unit's own)",
    )
    .option('--json', 'print JSON')
    .action((options: SpaceCliOptions) => {
      const platform = platformOnRuntime(resolvePlatform(options), options.runtime);
      const dnn = resolveDnn(options);
      const objectives = options.pareto === undefined ? null : predictionObjectives(parseList(options.pareto), dnn);
      const predictOptions = {
        precision: parsePrecision(options.precision),
        ...(options.powerMode !== undefined ? { powerMode: options.powerMode } : {}),
      };
      const space =
        options.anytime === undefined
          ? predictSpace(platform, dnn, predictOptions)
          : withAnytime(platform, dnn, predictOptions, options.anytime);
      const chosen = objectives ? paretoFront(space, objectives.objectives) : space;
      const byTime = [...chosen].sort((a, b) => a.timeMs - b.timeMs);
      if (options.json) {
        const json: SpaceJson = {
          platform: platform.id,
          dnn: dnn.id,
          ...(platform.runtime ? { runtime: platform.runtime } : {}),
          spaceSize: space.length,
          pareto: objectives ? objectives.objectives.map((o) => o.name) : null,
          accuracyProxy: objectives?.accuracyProxy ?? null,
          count: byTime.length,
          configs: byTime.map((p) => ({
            config: p.config,
            timeMs: p.timeMs,
            ...(p.p95TimeMs !== undefined ? { p95TimeMs: p.p95TimeMs, maxTimeMs: p.maxTimeMs! } : {}),
            energyMJ: p.energyMJ,
            avgPowerW: p.avgPowerW,
            accuracy: p.accuracy,
            confidence: p.confidence,
          })),
        };
        return printJson(io, json);
      }
      const what = objectives
        ? `Pareto front over ${objectives.objectives.map((o) => o.name).join(', ')}: ${byTime.length} of ${space.length}`
        : `${space.length}`;
      io.out(
        `${dnn.id} on ${platform.id}${platform.runtime ? ` (runtime ${platform.runtime})` : ''}: ${what} configurations\n`,
      );
      if (objectives?.accuracyProxy)
        io.out('accuracy is unmeasured: the number of active groups stands in for it on the front\n');
      const anytime = options.anytime !== undefined;
      io.out(
        formatTable(
          [
            { header: 'groups', right: true },
            ...(anytime ? [{ header: 'threshold', right: true }] : []),
            { header: 'unit' },
            { header: 'cores', right: true },
            { header: 'MHz', right: true },
            { header: 'time ms', right: true },
            ...(anytime ? [{ header: 'p95 ms', right: true }] : []),
            { header: 'energy mJ', right: true },
            { header: 'power W', right: true },
            { header: 'top-1', right: true },
            { header: 'conf.', right: true },
          ],
          byTime.map((p) => [
            p.config.groups,
            ...(anytime ? [p.config.confidenceThreshold ?? '-'] : []),
            p.config.unit,
            p.config.cores,
            p.config.freqMHz[p.config.unit]!,
            fixed(p.timeMs, 3),
            ...(anytime ? [fixed(p.p95TimeMs ?? p.timeMs, 3)] : []),
            fixed(p.energyMJ, 3),
            fixed(p.avgPowerW, 3),
            typeof p.accuracy === 'number' && p.config.confidenceThreshold !== undefined
              ? fixed(p.accuracy, 4)
              : (p.accuracy ?? 'unmeasured'),
            typeof p.confidence === 'number' && p.config.confidenceThreshold !== undefined
              ? fixed(p.confidence, 4)
              : (p.confidence ?? 'unmeasured'),
          ]),
        ),
      );
    });
}

/**
 * The space with layers, plus its anytime variants at the thresholds given (`true`: the defaults).
 * @throws InputError for a bad threshold, or a network without measured images
 */
function withAnytime(platform: Platform, dnn: Dnn, options: PredictOptions, thresholds: string | true): Prediction[] {
  const list = thresholds === true ? ANYTIME_THRESHOLDS : parseList(thresholds).map((t) => parseNumber('--anytime', t));
  for (const t of list) checkThreshold(t, dnn.groups, '--anytime threshold');
  const profile = anytimeProfileOf(dnn);
  if (profile === null)
    throw new InputError(
      `--anytime: ${dnn.id} has no measured per-image probabilities (a built-in network's committed predictions.json)`,
    );
  const fixedSpace = configurationSpace(platform, dnn, options.powerMode).map((c) =>
    evaluate(platform, dnn, c, options, true),
  );
  return [...fixedSpace, ...anytimeVariants(platform, dnn, fixedSpace, profile, list).predictions];
}
