/** `twinrtm scenarios`: the built-in scenarios. */
import type { Command } from 'commander';
import { builtinScenarios } from '../../scenarios/builtinScenarios.js';
import { printJson, type Io } from '../io.js';
import { formatTable } from '../table.js';

export function registerScenarios(program: Command, io: Io): void {
  program
    .command('scenarios')
    .description('list the built-in scenarios')
    .option('--json', 'print JSON (the complete scenarios, defaults filled in)')
    .action((options: { json?: boolean }) => {
      const list = builtinScenarios();
      if (options.json) return printJson(io, list);
      io.out(
        formatTable(
          [
            { header: 'scenario' },
            { header: 'platform' },
            { header: 'seconds', right: true },
            { header: 'what it tests' },
          ],
          list.map((s) => [s.id, s.platform, s.durationS, s.description]),
        ),
      );
    });
}
