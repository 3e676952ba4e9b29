/**
 * The state file: what a run changed on the board, written before the first change, so that
 * `twinrtm hil restore` can put the board back after a crash that no handler survived (SIGKILL,
 * a power cut of the host driving the board over ssh).
 *
 * A state file tells a restore what to write, and a restore runs as root on a board, so it is
 * trusted only when nobody else could have written it:
 * - state files live per user, in the user's runtime folder ($XDG_RUNTIME_DIR/twinrtm when that is
 *   the user's own private folder, else a folder twinrtm makes 0700 in the temporary folder,
 *   /tmp/twinrtm-UID), one per board tree (the sysfs root it was made for);
 * - reading one refuses a symlink, a file of another user and a file others may write;
 * - every path in it must be a file the adapter itself would write (writableFiles.ts), and the
 *   restore writes only below the root the file was made for, never through a symlink (safety.ts).
 * The shared name of earlier versions (/tmp/twinrtm-board-state.json) is refused outright.
 */
import { createHash } from 'node:crypto';
import {
  closeSync,
  constants as fsConstants,
  fstatSync,
  fsyncSync,
  lstatSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  type Stats,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { InputError } from '../../dnn/inputError.js';
import type { BoardProfile, SavedState } from '../types.js';
import { isWritableFile } from './writableFiles.js';
import { processAlive } from '../processAlive.js';

const FORMAT = 'twinrtm-board-state';
const VERSION = 1;
const PROFILES: readonly BoardProfile[] = ['odroid-xu3', 'jetson-nano', 'local'];

/** Where versions before issue 19 put the state file: a predictable name any local user could plant. */
export const LEGACY_STATE_PATH = join(tmpdir(), 'twinrtm-board-state.json');

/** The process's user id (0 where the platform has none, as on Windows: there is no other user to fear). */
function uid(): number {
  return typeof process.getuid === 'function' ? process.getuid() : 0;
}

/** Why a directory is not private to this user, or null when it is. */
function notPrivate(path: string, groupOrOthers: number): string | null {
  let st: Stats;
  try {
    st = lstatSync(path);
  } catch (err) {
    return `it cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`;
  }
  if (st.isSymbolicLink()) return 'it is a symlink';
  if (!st.isDirectory()) return 'it is not a directory';
  if (st.uid !== uid()) return `it belongs to uid ${st.uid}, not to you (uid ${uid()})`;
  if ((st.mode & groupOrOthers) !== 0)
    return `its mode ${(st.mode & 0o777).toString(8).padStart(4, '0')} lets other users in`;
  return null;
}

/**
 * The folder state files live in, without touching the disk: $XDG_RUNTIME_DIR/twinrtm when
 * XDG_RUNTIME_DIR is set to an absolute path, else TMPDIR/twinrtm-UID.
 */
export function stateDirectoryPath(env: NodeJS.ProcessEnv = process.env): string {
  const runtime = env.XDG_RUNTIME_DIR;
  if (runtime !== undefined && isAbsolute(runtime) && notPrivate(runtime, 0o077) === null)
    return join(runtime, 'twinrtm');
  return join(tmpdir(), `twinrtm-${uid()}`);
}

/**
 * Makes the state folder if needed (0700) and checks it is this user's own: not a symlink, owned
 * by the user, closed to everyone else.
 * @throws InputError saying what is wrong and how to fix it
 */
export function ensureStateDirectory(env: NodeJS.ProcessEnv = process.env): string {
  const dir = stateDirectoryPath(env);
  try {
    mkdirSync(dir, { mode: 0o700 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST')
      throw new InputError(
        `cannot make the board state folder ${dir} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`,
      );
  }
  const problem = notPrivate(dir, 0o077);
  if (problem !== null)
    throw new InputError(
      `the board state folder ${dir} is not private to you: ${problem}; remove it (twinrtm makes it again, mode 0700) or set XDG_RUNTIME_DIR to a private folder`,
    );
  return dir;
}

/** The state file's name for a board tree: 'board-state.json' for the real board (/), else one per root. */
export function stateFileName(sysfsRoot: string): string {
  const root = resolve(sysfsRoot);
  if (root === '/') return 'board-state.json';
  const label = basename(root)
    .replace(/[^A-Za-z0-9._-]/g, '_')
    .slice(0, 32);
  return `board-state-${label}-${createHash('sha256').update(root).digest('hex').slice(0, 12)}.json`;
}

/**
 * The default state file of a board tree, in the user's state folder (made if needed).
 * @param sysfsRoot the root the board is read and written under ('/' on a real board)
 */
export function defaultStatePath(sysfsRoot = '/', env: NodeJS.ProcessEnv = process.env): string {
  return join(ensureStateDirectory(env), stateFileName(sysfsRoot));
}

/** Words for where state files live, for help texts and messages (touches nothing). */
export function stateFilesLiveIn(env: NodeJS.ProcessEnv = process.env): string {
  return `${stateDirectoryPath(env)} (per user: $XDG_RUNTIME_DIR/twinrtm, else ${join(tmpdir(), 'twinrtm-UID')}, mode 0700), one file per board tree`;
}

/**
 * A path a state file may name for a profile: a file that profile's adapter writes
 * (writableFiles.ts), with no '.' or '..' segment.
 */
export function isRestorablePath(profile: BoardProfile, path: string): boolean {
  return isWritableFile(profile, path);
}

/**
 * Checks a parsed state (file contents or a SavedState from save()).
 * @param where names the source in the message
 * @throws InputError saying what is wrong
 */
export function checkSavedState(value: unknown, where: string): SavedState {
  const fail = (why: string): never => {
    throw new InputError(`${where} is not a valid twinrtm board state file: ${why}`);
  };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return fail('not a JSON object');
  const v = value as Record<string, unknown>;
  // JSON.stringify, not String: a value of another type ({}, a list) is shown as it is, not as '[object Object]'.
  if (v.format !== undefined && v.format !== FORMAT)
    fail(`format is ${JSON.stringify(v.format).slice(0, 60)}, expected '${FORMAT}'`);
  if (v.version !== undefined && v.version !== VERSION)
    fail(`version ${JSON.stringify(v.version).slice(0, 60)} is not supported (expected ${VERSION})`);
  if (typeof v.profile !== 'string' || !PROFILES.includes(v.profile as BoardProfile)) {
    fail(`profile must be one of ${PROFILES.join(', ')} (got ${JSON.stringify(v.profile)})`);
  }
  const profile = v.profile as BoardProfile;
  if (typeof v.sysfsRoot !== 'string' || !isAbsolute(v.sysfsRoot)) fail('sysfsRoot must be an absolute path');
  if (typeof v.savedAt !== 'string') fail('savedAt must be a string');
  if (typeof v.files !== 'object' || v.files === null || Array.isArray(v.files))
    fail('files must be an object of path -> content');
  const files: Record<string, string> = {};
  for (const [path, content] of Object.entries(v.files as Record<string, unknown>)) {
    if (!isRestorablePath(profile, path)) fail(`'${path}' is not a file twinrtm writes on a ${profile} board`);
    if (typeof content !== 'string') fail(`the content of '${path}' is not a string`);
    files[path] = content as string;
  }
  return { profile, sysfsRoot: v.sysfsRoot as string, files, savedAt: v.savedAt as string };
}

/** Who wrote a state file: the process that will restore the board, unless it dies first. */
export interface StateOwner {
  pid: number;
  /** The command, in words ('hil run', 'agent'). */
  command: string;
}

/**
 * Writes the state atomically: a new temp file beside the target (O_EXCL and O_NOFOLLOW, mode
 * 0600, so a planted file or symlink there is never written through), flushed to disk, then
 * renamed over it, so a crash mid-write leaves the previous file or the new one, never half of one.
 * A failed write or rename removes the temp file.
 * @throws InputError when it cannot be written (a directory in the way, no permission)
 */
export function writeStateFile(
  path: string,
  state: SavedState,
  owner: StateOwner = { pid: process.pid, command: 'twinrtm' },
): void {
  const checked = checkSavedState(state, 'the state to save');
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  let created = false;
  try {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    const fd = openSync(
      temp,
      fsConstants.O_WRONLY | fsConstants.O_CREAT | fsConstants.O_EXCL | fsConstants.O_NOFOLLOW,
      0o600,
    );
    created = true;
    try {
      writeSync(fd, `${JSON.stringify({ format: FORMAT, version: VERSION, ...checked, owner }, null, 2)}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, path);
  } catch (err) {
    if (created) rmSync(temp, { force: true });
    throw new InputError(
      `cannot write board state file ${path} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`,
    );
  }
}

/** Reads a state file's text, refusing what another user could have written. */
function readOwnFile(path: string): string {
  if (resolve(path) === LEGACY_STATE_PATH) {
    throw new InputError(
      `${path} is where earlier versions kept the board state, a name any local user could plant: it is not trusted. State files now live in ${stateFilesLiveIn()}; if the board still needs it, check that file and write its values back by hand`,
    );
  }
  let fd: number;
  try {
    fd = openSync(path, fsConstants.O_RDONLY | fsConstants.O_NOFOLLOW | fsConstants.O_NONBLOCK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new InputError(`no board state file at ${path}: nothing to restore`);
    if (code === 'ELOOP')
      throw new InputError(
        `board state file ${path} is a symlink: refused (a state file is read only from the file itself)`,
      );
    throw new InputError(`cannot read board state file ${path} (${code ?? (err as Error).message})`);
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new InputError(`board state file ${path} is not a regular file: refused`);
    if (st.uid !== uid())
      throw new InputError(
        `board state file ${path} belongs to uid ${st.uid}, not to you (uid ${uid()}): refused, as another user could have written it`,
      );
    if ((st.mode & 0o022) !== 0)
      throw new InputError(
        `board state file ${path} is writable by other users (mode ${(st.mode & 0o777).toString(8).padStart(4, '0')}): refused, as another user could have written it`,
      );
    if (st.size > 1_000_000)
      throw new InputError(`board state file ${path} is ${st.size} bytes, far larger than a state file: refused`);
    return readFileSync(fd, 'utf8');
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError(
      `cannot read board state file ${path} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`,
    );
  } finally {
    closeSync(fd);
  }
}

function parseStateText(path: string, text: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new InputError(`${path} is not a valid twinrtm board state file: not JSON (${(err as Error).message})`);
  }
  if (typeof parsed !== 'object' || parsed === null || (parsed as Record<string, unknown>).format !== FORMAT) {
    throw new InputError(`${path} is not a valid twinrtm board state file: format is not '${FORMAT}'`);
  }
  return parsed as Record<string, unknown>;
}

/**
 * Reads and checks a state file.
 * @throws InputError when the file is missing, is a symlink, belongs to another user, may be written
 *   by others, is not JSON, or is not a valid state
 */
export function readStateFile(path: string): SavedState {
  return checkSavedState(parseStateText(path, readOwnFile(path)), path);
}

/**
 * Refuses to start a run on a board whose state file is already there: either a run in progress
 * (two runs would save each other's changes as the original state) or one that died without
 * restoring (its file holds the original state, which a new save would overwrite).
 * @param restoreHint the command that restores this board
 * @throws InputError saying which and what to do
 */
export function claimStateFile(path: string, restoreHint: string): void {
  try {
    lstatSync(path);
  } catch {
    return;
  }
  let owner: Partial<StateOwner> = {};
  let savedAt = '?';
  try {
    const parsed = parseStateText(path, readOwnFile(path));
    owner = (parsed.owner ?? {}) as Partial<StateOwner>;
    savedAt = String(parsed.savedAt);
  } catch (err) {
    throw new InputError(
      `a board state file is already at ${path} and cannot be used (${(err as Error).message}); check and remove it before starting`,
    );
  }
  if (typeof owner.pid === 'number' && owner.pid !== process.pid && processAlive(owner.pid)) {
    throw new InputError(
      `the board is in use: ${owner.command ?? 'a twinrtm process'} (pid ${owner.pid}) saved its state in ${path} and has not restored it yet`,
    );
  }
  throw new InputError(
    `${path} holds the board state a run saved at ${savedAt} and never restored (it was killed): run '${restoreHint}' first`,
  );
}

/** Deletes a state file after a clean restore; a missing file is fine. */
export function removeStateFile(path: string): void {
  rmSync(path, { force: true });
}

/** The command that restores a board from its state file, for messages. */
export function restoreCommand(stateFile: string | undefined, sysfsRoot: string | undefined): string {
  const quote = (s: string) => (/^[\w./-]+$/.test(s) ? s : `'${s.replace(/'/g, "'\\''")}'`);
  return [
    'twinrtm hil restore',
    ...(stateFile !== undefined ? ['--state-file', quote(stateFile)] : []),
    ...(sysfsRoot !== undefined ? ['--sysfs-root', quote(sysfsRoot)] : []),
  ].join(' ');
}
