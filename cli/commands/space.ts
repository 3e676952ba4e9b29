/** `twinrtm space`: every valid configuration, predicted, optionally reduced to its Pareto front. */
import type { Command } from 'commander';
import { predictSpace } from '../../models/configurationSpace.js';
import { paretoFront } from '../../models/paretoFront.js';
import { OBJECTIVE_NAMES, predictionObjectives } from '../../models/predictionObjectives.js';
import { printJson, type Io } from '../io.js';
import type { SpaceJson } from '../outputTypes.js';
import { parseList } from '../parse.js';
import { fixed, formatTable } from '../table.js';
import { addTargetOptions, resolveDnn, resolvePlatform, type TargetOptions } from '../target.js';
import { parsePrecision } from './predict.js';

interface SpaceCliOptions extends TargetOptions {
  pareto?: string;
  precision?: string;
  json?: boolean;
}

export function registerSpace(program: Command, io: Io): void {
  addTargetOptions(
    program
      .command('space')
      .description('predict every valid configuration (groups x unit x cores x operating points) and its Pareto front'),
  )
    .option('--pareto <objectives>', `keep the Pareto front over these objectives, comma-separated (${OBJECTIVE_NAMES.join(', ')})`)
    .option('--precision <p>', 'float32 or int8 (default float32)')
    .option('--json', 'print JSON')
    .action((options: SpaceCliOptions) => {
      const platform = resolvePlatform(options);
      const dnn = resolveDnn(options);
      const objectives = options.pareto === undefined ? null : predictionObjectives(parseList(options.pareto), dnn);
      const space = predictSpace(platform, dnn, {
        precision: parsePrecision(options.precision),
        ...(options.powerMode !== undefined ? { powerMode: options.powerMode } : {}),
      });
      const chosen = objectives ? paretoFront(space, objectives.objectives) : space;
      const byTime = [...chosen].sort((a, b) => a.timeMs - b.timeMs);
      if (options.json) {
        const json: SpaceJson = {
          platform: platform.id,
          dnn: dnn.id,
          spaceSize: space.length,
          pareto: objectives ? objectives.objectives.map((o) => o.name) : null,
          accuracyProxy: objectives?.accuracyProxy ?? null,
          count: byTime.length,
          configs: byTime.map((p) => ({ config: p.config, timeMs: p.timeMs, energyMJ: p.energyMJ, avgPowerW: p.avgPowerW, accuracy: p.accuracy, confidence: p.confidence })),
        };
        return printJson(io, json);
      }
      const what = objectives ? `Pareto front over ${objectives.objectives.map((o) => o.name).join(', ')}: ${byTime.length} of ${space.length}` : `${space.length}`;
      io.out(`${dnn.id} on ${platform.id}: ${what} configurations\n`);
      if (objectives?.accuracyProxy) io.out('accuracy is unmeasured: the number of active groups stands in for it on the front\n');
      io.out(
        formatTable(
          [{ header: 'groups', right: true }, { header: 'unit' }, { header: 'cores', right: true }, { header: 'MHz', right: true }, { header: 'time ms', right: true }, { header: 'energy mJ', right: true }, { header: 'power W', right: true }, { header: 'top-1', right: true }, { header: 'conf.', right: true }],
          byTime.map((p) => [p.config.groups, p.config.unit, p.config.cores, p.config.freqMHz[p.config.unit]!, fixed(p.timeMs, 3), fixed(p.energyMJ, 3), fixed(p.avgPowerW, 3), p.accuracy ?? 'unmeasured', p.confidence ?? 'unmeasured']),
        ),
      );
    });
}
