/**
 * What `twinrtm hil restore` does: put a board back from the state file a crashed run left behind.
 * It needs no adapter (the saved files say everything), so it works even when the adapter would
 * fail to start.
 */
import type { SavedState } from '../types.js';
import { restoreFiles } from './safety.js';
import { defaultStatePath, readStateFile, removeStateFile } from './stateFile.js';
import { createSysfsRoot } from './sysfsRoot.js';

/** What `twinrtm hil restore` did, for its report. */
export interface RestoreResult {
  state: SavedState;
  /** Files written back; empty when the board already matched the saved state. */
  written: string[];
}

/**
 * Restores the files of a state file and deletes it once every file is back.
 * @param statePath the state file (default: defaultStatePath())
 * @param sysfsRoot the root to write under (default: the one saved in the file)
 * @throws InputError for a missing or invalid state file; Error when some file could not be written
 *   (the state file is then kept for another try)
 */
export function restoreFromStateFile(statePath: string = defaultStatePath(), sysfsRoot?: string): RestoreResult {
  const state = readStateFile(statePath);
  const written = restoreFiles(createSysfsRoot(sysfsRoot ?? state.sysfsRoot), state);
  removeStateFile(statePath);
  return { state, written };
}
