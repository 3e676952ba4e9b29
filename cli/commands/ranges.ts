/** `twinrtm ranges`: the dynamic range of time and energy, and the memory of the three ways to offer G sizes. */
import type { Command } from 'commander';
import { dynamicRange } from '../../models/dynamicRange.js';
import { printJson, type Io } from '../io.js';
import { fixed, formatTable } from '../table.js';
import { addTargetOptions, resolveDnn, resolvePlatform, type TargetOptions } from '../target.js';
import { parsePrecision } from './predict.js';

export function registerRanges(program: Command, io: Io): void {
  addTargetOptions(
    program
      .command('ranges')
      .description(
        'dynamic range (max/min) of time and energy: groups alone, + mapping, + DVFS; and memory footprints',
      ),
  )
    .option('--precision <p>', 'float32 or int8 (default float32)')
    .option('--json', 'print JSON')
    .action((options: TargetOptions & { precision?: string; json?: boolean }) => {
      const platform = resolvePlatform(options);
      const dnn = resolveDnn(options);
      const r = dynamicRange(platform, dnn, {
        precision: parsePrecision(options.precision),
        ...(options.powerMode !== undefined ? { powerMode: options.powerMode } : {}),
      });
      // platform, dnn and powerMode name what the ranges are of (the report labels its bars with them).
      if (options.json)
        return printJson(io, {
          platform: platform.id,
          dnn: dnn.id,
          powerMode: options.powerMode ?? platform.defaultPowerMode,
          ...r,
        });
      const at = r.groupsOnly.at;
      io.out(`${dnn.id} on ${platform.id}\n`);
      io.out(
        formatTable(
          [{ header: 'knobs' }, { header: 'time max/min', right: true }, { header: 'energy max/min', right: true }],
          [
            [
              `groups alone (${at.unit} x${at.cores} at ${at.freqMHz} MHz)`,
              fixed(r.groupsOnly.time, 2),
              fixed(r.groupsOnly.energy, 2),
            ],
            ['groups + mapping (top frequencies)', fixed(r.withMapping.time, 2), fixed(r.withMapping.energy, 2)],
            ['groups + mapping + DVFS', fixed(r.withMappingAndDvfs.time, 2), fixed(r.withMappingAndDvfs.energy, 2)],
          ],
        ),
      );
      const m = r.memory;
      io.out(
        `\nparameter memory: dynamic ${m.dynamicBytes} bytes, separate models ${m.separateModelsBytes} (${fixed(m.separateModelsBytes / m.dynamicBytes, 2)}x), slimmable ${m.slimmableBytes} (${fixed(m.slimmableBytes / m.dynamicBytes, 3)}x)\n`,
      );
    });
}
