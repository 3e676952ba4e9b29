/**
 * The state file: what a run changed on the board, written before the first change, so that
 * `twinrtm hil restore` can put the board back after a crash that no handler survived (SIGKILL,
 * a power cut of the host driving the board over ssh).
 */
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { InputError } from '../../dnn/inputError.js';
import type { BoardProfile, SavedState } from '../types.js';

const FORMAT = 'twinrtm-board-state';
const VERSION = 1;
const PROFILES: readonly BoardProfile[] = ['odroid-xu3', 'jetson-nano', 'local'];

/**
 * Where the state file goes by default. The temp directory on purpose: a reboot resets every sysfs
 * file to the kernel's defaults, and a reboot is also when /tmp is emptied, so a stale file cannot
 * outlive the state it describes.
 */
export function defaultStatePath(): string {
  return join(tmpdir(), 'twinrtm-board-state.json');
}

/**
 * A path a state file may name: absolute, under /sys/, with no '.' or '..' segment. The state file
 * is replayed as root, so a tampered one must not be able to write anywhere else.
 */
export function isRestorablePath(path: string): boolean {
  if (!path.startsWith('/sys/')) return false;
  return path.split('/').every((segment, i) => (i === 0 ? segment === '' : segment !== '' && segment !== '.' && segment !== '..'));
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
  if (v.format !== undefined && v.format !== FORMAT) fail(`format is '${String(v.format)}', expected '${FORMAT}'`);
  if (v.version !== undefined && v.version !== VERSION) fail(`version ${String(v.version)} is not supported (expected ${VERSION})`);
  if (typeof v.profile !== 'string' || !PROFILES.includes(v.profile as BoardProfile)) {
    fail(`profile must be one of ${PROFILES.join(', ')} (got ${JSON.stringify(v.profile)})`);
  }
  if (typeof v.sysfsRoot !== 'string' || v.sysfsRoot === '') fail('sysfsRoot must be a non-empty string');
  if (typeof v.savedAt !== 'string') fail('savedAt must be a string');
  if (typeof v.files !== 'object' || v.files === null || Array.isArray(v.files)) fail('files must be an object of path -> content');
  const files: Record<string, string> = {};
  for (const [path, content] of Object.entries(v.files as Record<string, unknown>)) {
    if (!isRestorablePath(path)) fail(`'${path}' is not a path under /sys/`);
    if (typeof content !== 'string') fail(`the content of '${path}' is not a string`);
    files[path] = content as string;
  }
  return { profile: v.profile as BoardProfile, sysfsRoot: v.sysfsRoot as string, files, savedAt: v.savedAt as string };
}

/**
 * Writes the state atomically: a temp file beside the target, flushed to disk, then renamed over
 * it, so a crash mid-write leaves the previous file or the new one, never half of one.
 * @throws InputError when it cannot be written (a directory in the way, no permission)
 */
export function writeStateFile(path: string, state: SavedState): void {
  const checked = checkSavedState(state, 'the state to save');
  const temp = `${path}.${process.pid}.tmp`;
  try {
    mkdirSync(dirname(path), { recursive: true });
    const fd = openSync(temp, 'w', 0o600);
    try {
      writeSync(fd, `${JSON.stringify({ format: FORMAT, version: VERSION, ...checked }, null, 2)}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, path);
  } catch (err) {
    rmSync(temp, { force: true });
    throw new InputError(`cannot write board state file ${path} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
}

/**
 * Reads and checks a state file.
 * @throws InputError when the file is missing, is not JSON, or is not a valid state
 */
export function readStateFile(path: string): SavedState {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new InputError(`no board state file at ${path}: nothing to restore`);
    throw new InputError(`cannot read board state file ${path} (${code ?? (err as Error).message})`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new InputError(`${path} is not a valid twinrtm board state file: not JSON (${(err as Error).message})`);
  }
  if (typeof parsed === 'object' && parsed !== null && (parsed as Record<string, unknown>).format !== FORMAT) {
    throw new InputError(`${path} is not a valid twinrtm board state file: format is not '${FORMAT}'`);
  }
  return checkSavedState(parsed, path);
}

/** Deletes a state file after a clean restore; a missing file is fine. */
export function removeStateFile(path: string): void {
  rmSync(path, { force: true });
}
