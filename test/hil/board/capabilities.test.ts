import { afterEach, describe, expect, it } from 'vitest';
import { InputError } from '../../../dnn/inputError.js';
import { BOARD_PROFILES, createBoardAdapter, parseBoardProfile } from '../../../hil/board/adapter.js';
import { createSysfsRoot } from '../../../hil/board/sysfsRoot.js';
import { fakeKernel } from './fakeKernel.js';
import { containerTree, NANO_CPU_KHZ, nanoTree, removeTrees, snapshot, xu3Tree } from './fakeTrees.js';

afterEach(removeTrees);

describe('capabilities of an empty container', () => {
  it('should offer no DVFS, modelled power and notes saying why', () => {
    // Arrange
    const board = createBoardAdapter('local', fakeKernel(containerTree()), { isRoot: true });
    // Act
    const caps = board.capabilities();
    // Assert
    expect(caps.profile).toBe('local');
    expect(caps.platform).toBe('host');
    expect(caps.units).toEqual([{ id: 'cpu', onlineCpus: [0, 1], availableMHz: [], dvfs: false, frequencyPath: null }]);
    expect(caps.power).toBe('modelled');
    expect(caps.measuredRails).toEqual([]);
    expect(caps.energyCounters).toEqual([]);
    expect(caps.notes).toContain(
      'cpu: no cpufreq files under /sys/devices/system/cpu/cpu0/cpufreq: no DVFS (a container or VM)',
    );
    expect(caps.notes).toContain(
      'no power sensor (no readable RAPL package counter under /sys/class/powercap): power and energy come from the model',
    );
  });

  it('should give telemetry with no rails (the runner models them), no frequency, and real utilisation', () => {
    const board = createBoardAdapter('local', fakeKernel(containerTree()), { isRoot: true });
    const t = board.telemetry();
    expect(t.rails).toEqual([]);
    expect(t.freqMHz).toEqual({ cpu: null });
    expect(t.utilisation).toEqual({ cpu: null }); // /proc/stat did not move between the reads
  });

  it('should refuse to set a frequency, saying there is no DVFS, and write nothing', () => {
    const root = containerTree();
    const sysfs = fakeKernel(root);
    const board = createBoardAdapter('local', sysfs, { isRoot: true });
    const before = snapshot(root);
    expect(() => board.setFrequencyMHz('cpu', 2000)).toThrow(InputError);
    expect(() => board.setFrequencyMHz('cpu', 2000)).toThrow(
      'cpu: cannot set a frequency: no cpufreq files under /sys/devices/system/cpu/cpu0/cpufreq',
    );
    expect(sysfs.writes).toEqual([]);
    expect(snapshot(root)).toEqual(before);
  });

  it('should save nothing, because it can write nothing', () => {
    expect(createBoardAdapter('local', fakeKernel(containerTree()), { isRoot: true }).save().files).toEqual({});
  });
});

describe('capabilities of the boards', () => {
  it('should give the XU3 both clusters with DVFS from their own lists and measured power', () => {
    const caps = createBoardAdapter('odroid-xu3', fakeKernel(xu3Tree('vendor')), { isRoot: true }).capabilities();
    expect(caps.units.map((u) => [u.id, u.onlineCpus, u.dvfs, u.availableMHz.length, u.frequencyPath])).toEqual([
      ['a7', [0, 1, 2, 3], true, 13, '/sys/devices/system/cpu/cpu0/cpufreq'],
      ['a15', [4, 5, 6, 7], true, 19, '/sys/devices/system/cpu/cpu4/cpufreq'],
    ]);
    expect(caps).toMatchObject({ power: 'measured', temperature: true });
    expect(caps.notes).toEqual([
      'a7: utilisation from /proc/stat jiffies (10 ms resolution) for cpu 0-3: no cpuidle states',
      'a15: utilisation from /proc/stat jiffies (10 ms resolution) for cpu 4-7: no cpuidle states',
    ]);
  });

  it("should give the Nano its cluster's list in MHz, its GPU, and all three rails", () => {
    const caps = createBoardAdapter('jetson-nano', fakeKernel(nanoTree('57000000.gpu', 'hwmon')), {
      isRoot: true,
    }).capabilities();
    expect(caps.units.find((u) => u.id === 'a57')!.availableMHz).toEqual(NANO_CPU_KHZ.map((k) => k / 1000));
    expect(caps.units.map((u) => u.dvfs)).toEqual([true, true]);
    expect(caps.measuredRails.sort()).toEqual(['POM_5V_CPU', 'POM_5V_GPU', 'POM_5V_IN']);
    // The hwmon tree also has the driver's "sum of shunt voltages" channel: not a rail, no note.
    expect(caps.notes).toEqual([
      'a57: utilisation from /proc/stat jiffies (10 ms resolution) for cpu 0-3: no cpuidle states',
      'gpu: utilisation from the per-mille load file (first readable of /sys/devices/57000000.gpu/load, /sys/devices/gpu.0/load)',
    ]);
  });

  it('should say that writes need root when not running as root', () => {
    const caps = createBoardAdapter('odroid-xu3', fakeKernel(xu3Tree('vendor')), { isRoot: false }).capabilities();
    expect(caps.notes).toContain(
      'not running as root: frequency writes will fail (EACCES) unless the files were made writable',
    );
  });

  it('should note an XU3 with no power sensor and model its power', () => {
    const root = containerTree();
    const caps = createBoardAdapter('odroid-xu3', fakeKernel(root), { isRoot: true }).capabilities();
    expect(caps.power).toBe('modelled');
    expect(caps.units.every((u) => !u.dvfs)).toBe(true);
    expect(caps.notes.some((n) => n.startsWith('no INA231 power sensor'))).toBe(true);
  });
});

describe('profiles', () => {
  it('should accept the three profiles and refuse another with the valid ones', () => {
    expect(BOARD_PROFILES.map(parseBoardProfile)).toEqual(['odroid-xu3', 'jetson-nano', 'local']);
    expect(() => parseBoardProfile('raspberry-pi')).toThrow(
      "unknown board profile 'raspberry-pi' (valid: odroid-xu3, jetson-nano, local)",
    );
  });

  it('should read this machine through the default root without writing', () => {
    // Only reads: capabilities() and telemetry() of the local profile write nothing.
    const board = createBoardAdapter('local', createSysfsRoot());
    const caps = board.capabilities();
    expect(caps.units).toHaveLength(1);
    expect(caps.units[0]!.onlineCpus.length).toBeGreaterThan(0);
    expect(caps.power === 'measured').toBe(caps.measuredRails.length > 0);
    expect(board.telemetry().rails.every((r) => r.source === 'measured')).toBe(true);
  });
});
