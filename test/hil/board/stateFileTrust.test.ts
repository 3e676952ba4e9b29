/**
 * Issue 19, item 1: a state file tells a restore (run as root on a board) what to write, so it is
 * trusted only when nobody else could have written it, and a restore writes only the adapter's own
 * files, below the root the file was made for, never through a symlink.
 */
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  readdirSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { InputError } from '../../../dnn/inputError.js';
import { createBoardAdapter } from '../../../hil/board/adapter.js';
import { restoreFromStateFile } from '../../../hil/board/restoreFromStateFile.js';
import {
  claimStateFile,
  defaultStatePath,
  ensureStateDirectory,
  LEGACY_STATE_PATH,
  readStateFile,
  stateDirectoryPath,
  writeStateFile,
} from '../../../hil/board/stateFile.js';
import { createSysfsRoot } from '../../../hil/board/sysfsRoot.js';
import { isWritableFile } from '../../../hil/board/writableFiles.js';
import { bytes, makeRoot, removeTrees, writeFiles, xu3Tree } from './fakeTrees.js';

afterEach(() => {
  vi.unstubAllEnvs();
  removeTrees();
});

const GOVERNOR0 = '/sys/devices/system/cpu/cpufreq/policy0/scaling_governor';
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

/** A state file as an attacker would plant it: valid in form, naming a root of their choosing. */
function planted(dir: string, sysfsRoot: string, files: Record<string, string> = { [GOVERNOR0]: 'pwned' }): string {
  const path = join(dir, 'state.json');
  writeFileSync(
    path,
    JSON.stringify({
      format: 'twinrtm-board-state',
      version: 1,
      profile: 'local',
      sysfsRoot,
      savedAt: '2025-01-01T00:00:00.000Z',
      files,
    }),
    { mode: 0o600 },
  );
  return path;
}

describe('where state files live', () => {
  it('should put them in $XDG_RUNTIME_DIR/twinrtm, made 0700, one per board tree', () => {
    const runtime = makeRoot();
    chmodSync(runtime, 0o700);
    vi.stubEnv('XDG_RUNTIME_DIR', runtime);
    const real = defaultStatePath('/');
    const tree = defaultStatePath('/tmp/some/tree');
    expect(real).toBe(join(runtime, 'twinrtm', 'board-state.json'));
    expect(tree).toMatch(new RegExp(`^${runtime}/twinrtm/board-state-tree-[0-9a-f]{12}\\.json$`));
    expect(defaultStatePath('/tmp/other/tree')).not.toBe(tree);
    expect(statSync(join(runtime, 'twinrtm')).mode & 0o777).toBe(0o700);
  });

  it('should fall back to a private folder in the temporary folder when XDG_RUNTIME_DIR is unset or not private', () => {
    const tmp = makeRoot();
    vi.stubEnv('TMPDIR', tmp);
    const shared = makeRoot();
    chmodSync(shared, 0o777);
    for (const runtime of [undefined, shared, 'relative/dir']) {
      if (runtime === undefined) delete process.env.XDG_RUNTIME_DIR;
      else vi.stubEnv('XDG_RUNTIME_DIR', runtime);
      expect(stateDirectoryPath()).toBe(join(tmp, `twinrtm-${process.getuid!()}`));
    }
    ensureStateDirectory();
    expect(statSync(join(tmp, `twinrtm-${process.getuid!()}`)).mode & 0o777).toBe(0o700);
  });

  it('should refuse a state folder others can write, or a symlink in its place', () => {
    const tmp = makeRoot();
    vi.stubEnv('TMPDIR', tmp);
    vi.stubEnv('XDG_RUNTIME_DIR', '');
    const dir = join(tmp, `twinrtm-${process.getuid!()}`);
    mkdirSync(dir, { mode: 0o777 });
    chmodSync(dir, 0o777);
    expect(() => ensureStateDirectory()).toThrow(/is not private to you: its mode 0777 lets other users in/);
    const elsewhere = makeRoot();
    const tmp2 = makeRoot();
    vi.stubEnv('TMPDIR', tmp2);
    symlinkSync(elsewhere, join(tmp2, `twinrtm-${process.getuid!()}`));
    expect(() => ensureStateDirectory()).toThrow(/is not private to you: it is a symlink/);
  });
});

describe('reading a state file', () => {
  it('should refuse the shared location of earlier versions and say where state files live now', () => {
    vi.stubEnv('XDG_RUNTIME_DIR', '/run/user/1234');
    expect(() => readStateFile(LEGACY_STATE_PATH)).toThrow(InputError);
    expect(() => readStateFile(LEGACY_STATE_PATH)).toThrow(
      /where earlier versions kept the board state.*not trusted\. State files now live in/,
    );
  });

  it('should refuse a state file others may write', () => {
    const root = xu3Tree('vendor');
    const path = planted(makeRoot(), root);
    chmodSync(path, 0o666);
    expect(() => readStateFile(path)).toThrow(
      `board state file ${path} is writable by other users (mode 0666): refused`,
    );
  });

  it.runIf(isRoot)('should refuse a state file of another user', () => {
    const path = planted(makeRoot(), xu3Tree('vendor'));
    chownSync(path, 65534, 65534);
    expect(() => readStateFile(path)).toThrow(
      `board state file ${path} belongs to uid 65534, not to you (uid 0): refused`,
    );
  });

  it('should refuse a state file that is a symlink', () => {
    const dir = makeRoot();
    const real = planted(dir, xu3Tree('vendor'));
    const link = join(dir, 'link.json');
    symlinkSync(real, link);
    expect(() => readStateFile(link)).toThrow(`board state file ${link} is a symlink: refused`);
  });

  it('should refuse files the adapter never writes, whatever the root', () => {
    const path = planted(makeRoot(), '/', { '/sys/power/state': 'mem' });
    expect(() => readStateFile(path)).toThrow("'/sys/power/state' is not a file twinrtm writes on a local board");
    expect(isWritableFile('local', GOVERNOR0)).toBe(true);
    expect(isWritableFile('local', '/sys/devices/system/cpu/cpu3/cpufreq/scaling_setspeed')).toBe(true);
    expect(isWritableFile('jetson-nano', '/sys/devices/57000000.gpu/devfreq/57000000.gpu/min_freq')).toBe(true);
    expect(isWritableFile('odroid-xu3', '/sys/devices/platform/i2c.3/i2c-3/3-0040/enable')).toBe(true);
    expect(isWritableFile('local', '/sys/devices/system/cpu/cpu0/online')).toBe(false);
    expect(
      isWritableFile('local', '/sys/devices/system/cpu/cpufreq/policy0/../../../../kernel/x/scaling_governor'),
    ).toBe(false);
  });
});

describe('restoring from a state file', () => {
  it('should not write through a symlinked directory of the tree (the issue: /some/dir/sys linked elsewhere)', () => {
    // Arrange: the victim looks like a cpufreq file, somewhere the attacker wants written.
    const victim = makeRoot();
    writeFiles(victim, { '/devices/system/cpu/cpufreq/policy0/scaling_governor': 'precious' });
    const fake = makeRoot();
    symlinkSync(victim, join(fake, 'sys'));
    const path = planted(makeRoot(), fake);
    // Act + Assert
    expect(() => restoreFromStateFile(path)).toThrow(
      `refused to write ${GOVERNOR0}: /sys is a symlink, and a restore never writes through one`,
    );
    expect(bytes(victim, '/devices/system/cpu/cpufreq/policy0/scaling_governor')).toBe('precious\n');
    expect(existsSync(path)).toBe(true);
  });

  it('should not write through a symlink in place of the file itself', () => {
    const victim = join(makeRoot(), 'victim');
    writeFileSync(victim, 'precious\n');
    const fake = makeRoot();
    mkdirSync(join(fake, '/sys/devices/system/cpu/cpufreq/policy0'), { recursive: true });
    symlinkSync(victim, join(fake, GOVERNOR0));
    const path = planted(makeRoot(), fake);
    expect(() => restoreFromStateFile(path)).toThrow(
      /refused to write .*scaling_governor: .*scaling_governor is a symlink/,
    );
    expect(bytes(victim, '')).toBe('precious\n');
  });

  it('should refuse to write below another root than the one the state file was made for', () => {
    const root = xu3Tree('vendor');
    const other = xu3Tree('vendor');
    const path = join(makeRoot(), 'state.json');
    writeStateFile(path, createBoardAdapter('odroid-xu3', createSysfsRoot(root), { isRoot: true }).save());
    expect(() => restoreFromStateFile(path, other)).toThrow(
      `${path} was saved for the board tree at ${root}, not ${other}: a restore writes only below the root its state file was made for`,
    );
  });

  it('should find the default state file of the tree asked for', () => {
    const runtime = makeRoot();
    chmodSync(runtime, 0o700);
    vi.stubEnv('XDG_RUNTIME_DIR', runtime);
    const root = xu3Tree('vendor');
    const board = createBoardAdapter('odroid-xu3', createSysfsRoot(root), { isRoot: true });
    writeStateFile(defaultStatePath(root), board.save());
    board.setFrequencyMHz('a15', 1800);
    const result = restoreFromStateFile(undefined, root);
    expect(result.written).toEqual(['/sys/devices/system/cpu/cpufreq/policy4/scaling_governor']);
    expect(readdirSync(join(runtime, 'twinrtm'))).toEqual([]);
  });
});

describe('claiming the state file before a run', () => {
  it('should refuse a state file a killed run left, and say how to restore it', () => {
    const path = join(makeRoot(), 'state.json');
    const board = createBoardAdapter('odroid-xu3', createSysfsRoot(xu3Tree('vendor')), { isRoot: true });
    writeStateFile(path, board.save(), { pid: 2 ** 22 + 17, command: 'twinrtm hil run' });
    expect(() => claimStateFile(path, 'twinrtm hil restore --state-file X')).toThrow(
      /never restored \(it was killed\): run 'twinrtm hil restore --state-file X' first/,
    );
  });

  it('should refuse a state file a live process holds', () => {
    const path = join(makeRoot(), 'state.json');
    const board = createBoardAdapter('odroid-xu3', createSysfsRoot(xu3Tree('vendor')), { isRoot: true });
    writeStateFile(path, board.save(), { pid: process.ppid, command: 'twinrtm agent' });
    expect(() => claimStateFile(path, 'x')).toThrow(
      `the board is in use: twinrtm agent (pid ${process.ppid}) saved its state in ${path}`,
    );
  });

  it('should let a run start when there is none', () => {
    expect(() => claimStateFile(join(makeRoot(), 'none.json'), 'x')).not.toThrow();
  });
});

describe('writing a state file', () => {
  it('should not write through a symlink planted at the temp name, and leave no temp file of its own', () => {
    const dir = makeRoot();
    const victim = join(makeRoot(), 'victim');
    writeFileSync(victim, 'precious\n');
    symlinkSync(victim, join(dir, `.state.json.${process.pid}.tmp`));
    const board = createBoardAdapter('odroid-xu3', createSysfsRoot(xu3Tree('vendor')), { isRoot: true });
    expect(() => writeStateFile(join(dir, 'state.json'), board.save())).toThrow(
      /cannot write board state file .* \(EEXIST\)/,
    );
    expect(bytes(victim, '')).toBe('precious\n');
  });

  it('should write it 0600', () => {
    const path = join(makeRoot(), 'state.json');
    writeStateFile(path, createBoardAdapter('odroid-xu3', createSysfsRoot(xu3Tree('vendor')), { isRoot: true }).save());
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });
});
