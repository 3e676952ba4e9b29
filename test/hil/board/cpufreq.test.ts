import { afterEach, describe, expect, it } from 'vitest';
import { createBoardAdapter } from '../../../hil/board/adapter.js';
import { findCpufreqPolicies, kHzToMHz, readCpufreqPolicy } from '../../../hil/board/cpufreq.js';
import { InputError } from '../../../dnn/inputError.js';
import { bytes, nanoTree, removeTrees, snapshot, writeFiles, XU3_A15_KHZ, xu3Tree } from './fakeTrees.js';
import { fakeKernel } from './fakeKernel.js';

afterEach(removeTrees);

const A15 = '/sys/devices/system/cpu/cpu4/cpufreq';
const A7 = '/sys/devices/system/cpu/cpu0/cpufreq';

describe('cpufreq reading', () => {
  it('should read a policy in kHz with its list sorted ascending and its cpus', () => {
    // Arrange
    const sysfs = fakeKernel(xu3Tree('vendor'));
    // Act
    const policy = readCpufreqPolicy(sysfs, A15, 4)!;
    // Assert
    expect(policy.availableKHz).toEqual([...XU3_A15_KHZ].sort((a, b) => a - b));
    expect(policy.cpus).toEqual([4, 5, 6, 7]);
    expect(policy.governor).toBe('ondemand');
    expect(policy.setspeed).toBe('<unsupported>');
    expect(policy.curKHz).toBe(2000000);
    expect([policy.minKHz, policy.maxKHz, policy.cpuinfoMinKHz, policy.cpuinfoMaxKHz]).toEqual([
      200000, 2000000, 200000, 2000000,
    ]);
    expect(policy.transitionLatencyNs).toBe(140000);
  });

  it('should find one policy per XU3 cluster, not one per cpu', () => {
    const sysfs = fakeKernel(xu3Tree('vendor'));
    expect(findCpufreqPolicies(sysfs, [0, 1, 2, 3, 4, 5, 6, 7]).map((p) => p.dir)).toEqual([A7, A15]);
  });

  it('should convert kHz to MHz without losing the Nano fractions', () => {
    expect([1036800, 102000, 1479000].map(kHzToMHz)).toEqual([1036.8, 102, 1479]);
  });
});

describe('setting a cpu frequency', () => {
  it("should write 'userspace' to scaling_governor and then the kHz value to scaling_setspeed", () => {
    // Arrange
    const root = xu3Tree('vendor');
    const sysfs = fakeKernel(root);
    const board = createBoardAdapter('odroid-xu3', sysfs, { isRoot: true });
    // Act
    board.setFrequencyMHz('a15', 1800);
    // Assert
    expect(sysfs.writes).toEqual([
      { path: `${A15}/scaling_governor`, value: 'userspace' },
      { path: `${A15}/scaling_setspeed`, value: '1800000' },
    ]);
    expect(bytes(root, '/sys/devices/system/cpu/cpufreq/policy4/scaling_setspeed')).toBe('1800000\n');
    expect(board.telemetry().freqMHz.a15).toBe(1800);
  });

  it('should not rewrite the governor when userspace already runs', () => {
    const sysfs = fakeKernel(xu3Tree('vendor'));
    const board = createBoardAdapter('odroid-xu3', sysfs, { isRoot: true });
    board.setFrequencyMHz('a7', 1000);
    board.setFrequencyMHz('a7', 600);
    expect(sysfs.writes.map((w) => w.value)).toEqual(['userspace', '1000000', '600000']);
    expect(sysfs.writes.every((w) => w.path.startsWith(A7))).toBe(true);
  });

  it('should never write a governor name into scaling_setspeed', () => {
    const sysfs = fakeKernel(xu3Tree('vendor'));
    const board = createBoardAdapter('odroid-xu3', sysfs, { isRoot: true });
    for (const f of [200, 1400]) board.setFrequencyMHz('a7', f);
    for (const f of [200, 2000]) board.setFrequencyMHz('a15', f);
    const setspeeds = sysfs.writes.filter((w) => w.path.endsWith('scaling_setspeed'));
    expect(setspeeds.map((w) => w.value)).toEqual(['200000', '1400000', '200000', '2000000']);
  });

  it('should set the Nano cluster at a fractional frequency from its own list', () => {
    const sysfs = fakeKernel(nanoTree('gpu.0', 'iio'));
    const board = createBoardAdapter('jetson-nano', sysfs, { isRoot: true });
    board.setFrequencyMHz('a57', 1036.8);
    expect(sysfs.writes.at(-1)).toEqual({
      path: '/sys/devices/system/cpu/cpu0/cpufreq/scaling_setspeed',
      value: '1036800',
    });
  });

  it('should accept a clock the kernel clamps to scaling_max_freq and report the clamped clock', () => {
    // Arrange: a power mode (nvpmodel) capped the Nano's cluster at 921.6 MHz.
    const root = nanoTree('gpu.0', 'iio');
    writeFiles(root, { '/sys/devices/system/cpu/cpufreq/policy0/scaling_max_freq': '921600' });
    const board = createBoardAdapter('jetson-nano', fakeKernel(root), { isRoot: true });
    // Act
    board.setFrequencyMHz('a57', 1479);
    // Assert
    expect(board.telemetry().freqMHz.a57).toBe(921.6);
  });

  it('should refuse a frequency not in the list, listing the valid ones, and write nothing', () => {
    // Arrange
    const root = xu3Tree('vendor');
    const sysfs = fakeKernel(root);
    const board = createBoardAdapter('odroid-xu3', sysfs, { isRoot: true });
    const before = snapshot(root);
    // Act
    const attempt = () => board.setFrequencyMHz('a15', 2100);
    // Assert
    expect(attempt).toThrow(InputError);
    expect(attempt).toThrow(
      "a15: 2100 MHz is not in this board's available list (valid MHz: 200, 300, 400, 500, 600, 700, 800, 900, 1000, 1100, 1200, 1300, 1400, 1500, 1600, 1700, 1800, 1900, 2000)",
    );
    expect(sysfs.writes).toEqual([]);
    expect(snapshot(root)).toEqual(before);
  });

  it('should refuse a frequency of the platform model that this board does not list', () => {
    // 1036.8 MHz is a Nano operating point, not one this XU3 lists.
    const sysfs = fakeKernel(xu3Tree('vendor'));
    const board = createBoardAdapter('odroid-xu3', sysfs, { isRoot: true });
    expect(() => board.setFrequencyMHz('a7', 1036.8)).toThrow(InputError);
    expect(() => board.setFrequencyMHz('a7', Number.NaN)).toThrow(InputError);
    expect(sysfs.writes).toEqual([]);
  });

  it('should refuse an unknown unit with the valid ones', () => {
    const board = createBoardAdapter('odroid-xu3', fakeKernel(xu3Tree('vendor')), { isRoot: true });
    expect(() => board.setFrequencyMHz('gpu', 600)).toThrow("unknown unit 'gpu' (valid: a7, a15)");
  });

  it('should refuse a unit whose governors do not include userspace, writing nothing', () => {
    const root = xu3Tree('vendor');
    const sysfs = fakeKernel(root);
    sysfs.write('/sys/devices/system/cpu/cpufreq/policy4/scaling_available_governors', 'ondemand performance');
    sysfs.writes.length = 0;
    const board = createBoardAdapter('odroid-xu3', sysfs, { isRoot: true });
    expect(() => board.setFrequencyMHz('a15', 1000)).toThrow(
      /a15: cannot set a frequency: the userspace governor is not available/,
    );
    expect(sysfs.writes).toEqual([]);
    expect(board.capabilities().units.find((u) => u.id === 'a15')).toMatchObject({ dvfs: false, availableMHz: [] });
  });
});
