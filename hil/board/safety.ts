/**
 * Putting a board back: save every file a run may write before the first write, and write the saved
 * contents back in an order the kernel accepts. The state file and the exit handlers that use these
 * live in stateFile.ts and restoreHandlers.ts and are re-exported here.
 */
import { lstatSync } from 'node:fs';
import { join, posix, resolve } from 'node:path';
import type { BoardProfile, SavedState, SysfsRoot } from '../types.js';
import { limitWriteOrder } from './limitOrder.js';
import { checkSavedState } from './stateFile.js';
import { resolveSysfsPath } from './sysfsRoot.js';

export { claimStateFile, defaultStatePath, readStateFile, removeStateFile, writeStateFile } from './stateFile.js';
export { installRestoreHandlers, restoreBoard } from './restoreHandlers.js';

/**
 * Reads the current content of each file, for restoreFiles, under the path it has once every
 * symlink is resolved (cpuN/cpufreq is a link to cpufreq/policyN on kernels since 4.x): a restore
 * never writes through a symlink. A file that does not exist or cannot be read is left out: there
 * is nothing to put back, and the adapter never writes a file it did not find.
 * @param paths board paths ('/sys/...'); duplicates are read once
 */
export function saveFiles(
  sysfs: SysfsRoot,
  profile: BoardProfile,
  paths: readonly string[],
  now: Date = new Date(),
): SavedState {
  const files: Record<string, string> = {};
  for (const path of new Set(paths.map((p) => resolveSysfsPath(sysfs, p) ?? p))) {
    const content = sysfs.read(path);
    if (content !== null) files[path] = content;
  }
  return { profile, sysfsRoot: resolve(sysfs.root), files, savedAt: now.toISOString() };
}

/**
 * The first component of a board path that is a symlink under root (root itself excluded), or null.
 * A component that does not exist ends the walk: the write will fail on it without following
 * anything.
 */
export function symlinkOnPath(root: string, path: string): string | null {
  const segments = posix
    .normalize(`/${path}`)
    .split('/')
    .filter((s) => s !== '');
  let board = '';
  for (const segment of segments) {
    board = `${board}/${segment}`;
    try {
      if (lstatSync(join(root, board)).isSymbolicLink()) return board;
    } catch {
      return null;
    }
  }
  return null;
}

/** What a file is, by name, for the order of writes within its directory. */
type Role = 'min' | 'max' | 'governor' | 'setspeed' | 'other';

/** The saved files of one directory, by role. */
interface DirFiles {
  min?: string;
  max?: string;
  governor?: string;
  setspeed?: string;
  others: string[];
}

function roleOf(name: string): Role {
  if (name === 'scaling_min_freq' || name === 'min_freq') return 'min';
  if (name === 'scaling_max_freq' || name === 'max_freq') return 'max';
  if (name === 'scaling_governor' || name === 'governor') return 'governor';
  if (name === 'scaling_setspeed') return 'setspeed';
  return 'other';
}

function numberOrNull(text: string | null | undefined): number | null {
  if (text === null || text === undefined || text.trim() === '') return null;
  const n = Number(text);
  return Number.isFinite(n) ? n : null;
}

/**
 * Writes a saved state back and returns the paths it wrote.
 *
 * Idempotent and minimal: a file already holding its saved content is not written, so a second
 * restore writes nothing. Within each directory the order is:
 * 1. the limits (scaling_min/max_freq, devfreq min/max_freq), max first when raising and min first
 *    when lowering (limitWriteOrder), so min never exceeds max in between;
 * 2. the governor, so the original governor starts within the original limits;
 * 3. scaling_setspeed, only when its saved content is a number: that means the original governor was
 *    userspace (restored in step 2, which setspeed requires). Under any other governor the file
 *    reads "<unsupported>", which the kernel regenerates itself and refuses as input;
 * 4. anything else (the INA231 `enable`).
 * Only files the profile's adapter writes are accepted (checkSavedState), and none through a
 * symlink. A failed or refused write does not stop the others; the failures are thrown together at the end.
 * @throws Error listing every file that could not be written back
 */
export function restoreFiles(sysfs: SysfsRoot, state: SavedState): string[] {
  const checked = checkSavedState(state, 'the saved state');
  const byDir = new Map<string, DirFiles>();
  for (const path of Object.keys(checked.files)) {
    const dir = posix.dirname(path);
    const files = byDir.get(dir) ?? { others: [] };
    const role = roleOf(posix.basename(path));
    if (role === 'other') files.others.push(path);
    else files[role] = path;
    byDir.set(dir, files);
  }

  const written: string[] = [];
  const failures: string[] = [];
  const put = (path: string | undefined): void => {
    if (path === undefined) return;
    const saved = checked.files[path]!;
    // Never through a symlink: a tree someone else can change must not redirect a write (the leaf
    // is opened with O_NOFOLLOW by the SysfsRoot; every directory above it is checked here).
    const link = symlinkOnPath(sysfs.root, path);
    if (link !== null) {
      failures.push(`refused to write ${path}: ${link} is a symlink, and a restore never writes through one`);
      return;
    }
    if (sysfs.read(path) === saved) return;
    try {
      sysfs.write(path, saved);
      written.push(path);
    } catch (err) {
      failures.push((err as Error).message);
    }
  };

  for (const { min, max, governor, setspeed, others } of byDir.values()) {
    const targetMax = numberOrNull(max === undefined ? undefined : checked.files[max]);
    const currentMin = numberOrNull(min === undefined ? null : sysfs.read(min));
    if (targetMax !== null && limitWriteOrder(currentMin, targetMax) === 'min-first') {
      put(min);
      put(max);
    } else {
      put(max);
      put(min);
    }
    put(governor);
    if (setspeed !== undefined && numberOrNull(checked.files[setspeed]) !== null) put(setspeed);
    for (const path of others) put(path);
  }

  if (failures.length > 0) throw new Error(`the board was not fully restored: ${failures.join('; ')}`);
  return written;
}
