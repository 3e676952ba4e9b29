import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { InputError } from '../../../dnn/inputError.js';
import { createBoardAdapter } from '../../../hil/board/adapter.js';
import { restoreFromStateFile } from '../../../hil/board/restoreFromStateFile.js';
import { readStateFile, writeStateFile } from '../../../hil/board/safety.js';
import { createSysfsRoot } from '../../../hil/board/sysfsRoot.js';
import type { SavedState } from '../../../hil/types.js';
import { bytes, makeRoot, removeTrees, xu3Tree } from './fakeTrees.js';

afterEach(removeTrees);

const STATE: SavedState = {
  profile: 'jetson-nano',
  sysfsRoot: '/',
  files: {
    '/sys/devices/gpu.0/devfreq/57000000.gpu/min_freq': '76800000',
    '/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor': 'schedutil',
  },
  savedAt: '2025-01-01T00:00:00.000Z',
};

describe('the state file', () => {
  it('should round-trip a saved state', () => {
    const path = join(makeRoot(), 'run', 'state.json');
    writeStateFile(path, STATE);
    expect(readStateFile(path)).toEqual(STATE);
  });

  it('should leave no temp file behind after the atomic write', () => {
    const dir = makeRoot();
    writeStateFile(join(dir, 'state.json'), STATE);
    writeStateFile(join(dir, 'state.json'), { ...STATE, savedAt: '2025-01-02T00:00:00.000Z' });
    expect(readdirSync(dir)).toEqual(['state.json']);
  });

  it('should refuse a path that is a directory with one InputError naming it, leaving no temp file', () => {
    const dir = makeRoot();
    const path = join(dir, 'taken');
    mkdirSync(path);
    expect(() => writeStateFile(path, STATE)).toThrow(InputError);
    expect(() => writeStateFile(path, STATE)).toThrow(`cannot write board state file ${path} (EISDIR)`);
    expect(readdirSync(dir)).toEqual(['taken']);
  });

  it('should refuse a corrupt file with a clear error', () => {
    const path = join(makeRoot(), 'state.json');
    writeFileSync(path, '{"format": "twinrtm-board-state", "profile": "odr');
    expect(() => readStateFile(path)).toThrow(InputError);
    expect(() => readStateFile(path)).toThrow(`${path} is not a valid twinrtm board state file: not JSON`);
  });

  it('should refuse a JSON file that is not a board state', () => {
    const path = join(makeRoot(), 'state.json');
    writeFileSync(path, JSON.stringify({ hello: 'world' }));
    expect(() => readStateFile(path)).toThrow(
      `${path} is not a valid twinrtm board state file: format is not 'twinrtm-board-state'`,
    );
  });

  it.each([
    [
      'a path outside /sys',
      { '/etc/passwd': 'root::0:0' },
      "'/etc/passwd' is not a file twinrtm writes on a jetson-nano board",
    ],
    [
      'a path climbing out of /sys',
      { '/sys/devices/system/cpu/cpu0/cpufreq/../../../../../etc/shadow': 'x' },
      "'/sys/devices/system/cpu/cpu0/cpufreq/../../../../../etc/shadow' is not a file twinrtm writes",
    ],
    [
      'a sysfs file the adapter never writes',
      { '/sys/power/state': 'mem' },
      "'/sys/power/state' is not a file twinrtm writes on a jetson-nano board",
    ],
    [
      'a file of another profile',
      { '/sys/bus/i2c/drivers/INA231/3-0040/enable': '1' },
      "'/sys/bus/i2c/drivers/INA231/3-0040/enable' is not a file twinrtm writes on a jetson-nano board",
    ],
    [
      'a content that is not text',
      { '/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor': 5 },
      "the content of '/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor' is not a string",
    ],
  ])('should refuse a state file with %s', (_what, files, message) => {
    const path = join(makeRoot(), 'state.json');
    writeFileSync(path, JSON.stringify({ format: 'twinrtm-board-state', version: 1, ...STATE, files }));
    expect(() => readStateFile(path)).toThrow(message);
  });

  it('should refuse an unknown profile and say which are valid', () => {
    const path = join(makeRoot(), 'state.json');
    writeFileSync(path, JSON.stringify({ format: 'twinrtm-board-state', version: 1, ...STATE, profile: 'pi' }));
    expect(() => readStateFile(path)).toThrow('profile must be one of odroid-xu3, jetson-nano, local (got "pi")');
  });

  it('should say there is nothing to restore when the file is missing', () => {
    const path = join(makeRoot(), 'none.json');
    expect(() => readStateFile(path)).toThrow(`no board state file at ${path}: nothing to restore`);
  });

  it('should let hil restore put a crashed run back from the file alone', () => {
    // Arrange: a run saved its state, changed the board, then died without its handlers.
    const root = xu3Tree('vendor');
    const board = createBoardAdapter('odroid-xu3', createSysfsRoot(root), { isRoot: true });
    const path = join(makeRoot(), 'state.json');
    writeStateFile(path, board.save());
    board.setFrequencyMHz('a15', 1800);
    // Act
    const result = restoreFromStateFile(path);
    // Assert
    expect(result.written).toEqual(['/sys/devices/system/cpu/cpufreq/policy4/scaling_governor']);
    expect(bytes(root, '/sys/devices/system/cpu/cpufreq/policy4/scaling_governor')).toBe('ondemand\n');
    expect(existsSync(path)).toBe(false);
    expect(() => readStateFile(path)).toThrow(/nothing to restore/);
  });
});
