/** `twinrtm policies`: the built-in policies, what they claim, and which of them a real board can run. */
import type { Command } from 'commander';
import { builtinPolicies, runsOnBoard } from '../../policies/registry.js';
import { printJson, type Io } from '../io.js';
import { formatTable } from '../table.js';

export function registerPolicies(program: Command, io: Io): void {
  program
    .command('policies')
    .description('list the built-in policies')
    .option('--json', 'print JSON')
    .action((options: { json?: boolean }) => {
      const list = builtinPolicies.map((f) => ({
        name: f.name,
        description: f.description,
        budgetAware: f.budgetAware,
        runsOnBoard: runsOnBoard(f),
      }));
      if (options.json) return printJson(io, list);
      const yesNo = (b: boolean) => (b ? 'yes' : 'no');
      io.out(
        formatTable(
          [{ header: 'policy' }, { header: 'budget-aware' }, { header: 'on a board' }, { header: 'what it does' }],
          list.map((p) => [p.name, yesNo(p.budgetAware), yesNo(p.runsOnBoard), p.description]),
        ),
      );
    });
}
