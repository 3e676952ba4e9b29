/**
 * What `twinrtm hil restore` does: put a board back from the state file a crashed run (or a killed
 * agent) left behind. It needs no adapter (the saved files say everything), so it works even when
 * the adapter would fail to start.
 */
import { resolve } from 'node:path';
import { InputError } from '../../dnn/inputError.js';
import type { SavedState } from '../types.js';
import { restoreFiles } from './safety.js';
import { defaultStatePath, readStateFile, removeStateFile } from './stateFile.js';
import { createSysfsRoot } from './sysfsRoot.js';

/** What `twinrtm hil restore` did, for its report. */
export interface RestoreResult {
  state: SavedState;
  /** The state file restored from (deleted once every file is back). */
  statePath: string;
  /** Files written back; empty when the board already matched the saved state. */
  written: string[];
}

/**
 * Restores the files of a state file and deletes it once every file is back. The restore writes
 * only below the root the state file was made for: a state file whose root is not the board tree
 * asked for is refused.
 * @param statePath the state file (default: the user's state file of the tree at sysfsRoot, or of /)
 * @param sysfsRoot the board tree to restore (default: the one saved in the file)
 * @throws InputError for a missing, untrusted or invalid state file, or one made for another tree;
 *   Error when some file could not be written (the state file is then kept for another try)
 */
export function restoreFromStateFile(statePath?: string, sysfsRoot?: string): RestoreResult {
  const path = statePath ?? defaultStatePath(sysfsRoot ?? '/');
  const state = readStateFile(path);
  if (sysfsRoot !== undefined && resolve(sysfsRoot) !== resolve(state.sysfsRoot)) {
    throw new InputError(
      `${path} was saved for the board tree at ${state.sysfsRoot}, not ${resolve(sysfsRoot)}: a restore writes only below the root its state file was made for`,
    );
  }
  const written = restoreFiles(createSysfsRoot(state.sysfsRoot), state);
  removeStateFile(path);
  return { state, statePath: path, written };
}
