/** `twinrtm hil restore`: put a board back from the state file a crashed run or a killed agent left. */
import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { InputError } from '../../dnn/inputError.js';
import { type RestoreResult, restoreFromStateFile } from '../../hil/board/restoreFromStateFile.js';
import { LEGACY_STATE_PATH, stateFilesLiveIn } from '../../hil/board/stateFile.js';
import { printJson, type Io } from '../io.js';

export function registerHilRestore(hil: Command, io: Io): void {
  hil
    .command('restore')
    .description(
      'restore the governors, frequencies, limits and sensor enables a run or an agent saved, after a crash or a kill',
    )
    .option(
      '--state-file <path>',
      `the state file (default: the one of --sysfs-root, or of the real board, in ${stateFilesLiveIn()}); it must be yours and writable only by you`,
    )
    .option(
      '--sysfs-root <dir>',
      'the board tree to restore (default /, the real board); a state file made for another tree is refused',
    )
    .option('--json', 'print JSON')
    .action((options: { stateFile?: string; sysfsRoot?: string; json?: boolean }) => {
      let result: RestoreResult;
      try {
        result = restoreFromStateFile(options.stateFile, options.sysfsRoot);
      } catch (err) {
        // A state file only at the old shared location: say why it is not used.
        if (
          err instanceof InputError &&
          options.stateFile === undefined &&
          /nothing to restore/.test(err.message) &&
          existsSync(LEGACY_STATE_PATH)
        ) {
          throw new InputError(
            `${err.message}; ${LEGACY_STATE_PATH} is from an earlier version, kept in a folder any user can write, and is not trusted: state files now live in ${stateFilesLiveIn()}`,
          );
        }
        throw err;
      }
      if (options.json)
        return printJson(io, {
          profile: result.state.profile,
          savedAt: result.state.savedAt,
          stateFile: result.statePath,
          written: result.written,
        });
      io.out(
        `${result.state.profile} board restored to its state of ${result.state.savedAt}: ${result.written.length} file(s) written back${result.written.length ? ` (${result.written.join(', ')})` : ''}\n`,
      );
    });
}
