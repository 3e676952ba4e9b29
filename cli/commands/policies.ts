/** `twinrtm policies`: the built-in policies and what they claim. */
import type { Command } from 'commander';
import { builtinPolicies } from '../../policies/registry.js';
import { printJson, type Io } from '../io.js';
import { formatTable } from '../table.js';

export function registerPolicies(program: Command, io: Io): void {
  program
    .command('policies')
    .description('list the built-in policies')
    .option('--json', 'print JSON')
    .action((options: { json?: boolean }) => {
      const list = builtinPolicies.map((f) => ({ name: f.name, description: f.description, budgetAware: f.budgetAware }));
      if (options.json) return printJson(io, list);
      io.out(formatTable([{ header: 'policy' }, { header: 'budget-aware' }, { header: 'what it does' }], list.map((p) => [p.name, p.budgetAware ? 'yes' : 'no', p.description])));
    });
}
