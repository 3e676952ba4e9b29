/** `twinrtm hil restore`: put a board back from the state file a crashed run left. */
import type { Command } from 'commander';
import { restoreFromStateFile } from '../../hil/board/restoreFromStateFile.js';
import { defaultStatePath } from '../../hil/board/stateFile.js';
import { printJson, type Io } from '../io.js';

export function registerHilRestore(hil: Command, io: Io): void {
  hil
    .command('restore')
    .description('restore the governors, frequencies and limits a run saved, after a crash')
    .option('--state-file <path>', `the state file (default ${defaultStatePath()})`)
    .option('--sysfs-root <dir>', 'write under this directory instead of the root saved in the file')
    .option('--json', 'print JSON')
    .action((options: { stateFile?: string; sysfsRoot?: string; json?: boolean }) => {
      const result = restoreFromStateFile(options.stateFile ?? defaultStatePath(), options.sysfsRoot);
      if (options.json) return printJson(io, { profile: result.state.profile, savedAt: result.state.savedAt, written: result.written });
      io.out(`${result.state.profile} board restored to its state of ${result.state.savedAt}: ${result.written.length} file(s) written back${result.written.length ? ` (${result.written.join(', ')})` : ''}\n`);
    });
}
