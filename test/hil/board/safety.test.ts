import { afterEach, describe, expect, it } from 'vitest';
import { InputError } from '../../../dnn/inputError.js';
import { createBoardAdapter } from '../../../hil/board/adapter.js';
import { restoreFiles } from '../../../hil/board/safety.js';
import { fakeKernel } from './fakeKernel.js';
import { bytes, NANO_DEVFREQ, nanoTree, removeTrees, snapshot, writeFiles, xu3Tree } from './fakeTrees.js';

afterEach(removeTrees);

/** Files the kernel changes by itself (the clock it runs at), which a restore does not write. */
const KERNEL_OWNED = /(scaling_cur_freq|cpuinfo_cur_freq|\/cur_freq)$/;

function withoutKernelOwned(files: Map<string, string>): Map<string, string> {
  return new Map([...files].filter(([path]) => !KERNEL_OWNED.test(path)));
}

const POLICY4 = '/sys/devices/system/cpu/cpufreq/policy4';

describe('save and restore', () => {
  it('should save every file the XU3 adapter may write', () => {
    const state = createBoardAdapter('odroid-xu3', fakeKernel(xu3Tree('vendor')), { isRoot: true }).save();
    // Saved under their real paths (cpuN/cpufreq is a link to cpufreq/policyN): a restore never writes through a link.
    const names = Object.keys(state.files).map((p) => p.replace(/^.*\/(policy\d|3-00\d\d)\//, '$1/'));
    expect(names.sort()).toEqual(
      [
        ...['policy0', 'policy4'].flatMap((c) =>
          ['scaling_governor', 'scaling_setspeed', 'scaling_min_freq', 'scaling_max_freq'].map((f) => `${c}/${f}`),
        ),
        ...['3-0040', '3-0041', '3-0044', '3-0045'].map((d) => `${d}/enable`),
      ].sort(),
    );
    expect(state).toMatchObject({ profile: 'odroid-xu3', files: { [`${POLICY4}/scaling_governor`]: 'ondemand' } });
  });

  it('should put every file the XU3 run wrote back byte for byte', () => {
    // Arrange
    const root = xu3Tree('vendor');
    const sysfs = fakeKernel(root);
    const board = createBoardAdapter('odroid-xu3', sysfs, { isRoot: true });
    const before = snapshot(root);
    const state = board.save();
    board.setFrequencyMHz('a7', 1000);
    board.setFrequencyMHz('a15', 1800);
    board.telemetry();
    expect(bytes(root, `${POLICY4}/scaling_governor`)).toBe('userspace\n');
    // Act
    board.restore(state);
    // Assert
    const after = snapshot(root);
    expect(withoutKernelOwned(after)).toEqual(withoutKernelOwned(before));
    expect(bytes(root, `${POLICY4}/scaling_governor`)).toBe('ondemand\n');
    expect(bytes(root, `${POLICY4}/scaling_setspeed`)).toBe('<unsupported>\n');
    expect(bytes(root, '/sys/bus/i2c/drivers/INA231/3-0040/enable')).toBe('0\n');
  });

  it.each(['gpu.0', '57000000.gpu'] as const)('should put the Nano (devfreq at %s) back byte for byte', (variant) => {
    const root = nanoTree(variant, 'iio');
    const board = createBoardAdapter('jetson-nano', fakeKernel(root), { isRoot: true });
    const before = snapshot(root);
    const state = board.save();
    board.setFrequencyMHz('a57', 1428);
    board.setFrequencyMHz('gpu', 460.8);
    board.restore(state);
    expect(withoutKernelOwned(snapshot(root))).toEqual(withoutKernelOwned(before));
    expect(bytes(root, `${NANO_DEVFREQ[variant]}/max_freq`)).toBe('921600000\n');
  });

  it('should write nothing on a second restore', () => {
    const sysfs = fakeKernel(xu3Tree('vendor'));
    const board = createBoardAdapter('odroid-xu3', sysfs, { isRoot: true });
    const state = board.save();
    board.setFrequencyMHz('a15', 600);
    board.restore(state);
    const count = sysfs.writes.length;
    board.restore(state);
    expect(sysfs.writes.length).toBe(count);
  });

  it('should lower devfreq min before max when the saved limits lie below the pinned clock', () => {
    // Arrange: a user had capped the GPU at 230.4 MHz; the run pins it at 921.6 MHz.
    const root = nanoTree('gpu.0', 'iio');
    const dir = NANO_DEVFREQ['gpu.0'];
    writeFiles(root, { [`${dir}/max_freq`]: '230400000' });
    const sysfs = fakeKernel(root);
    const board = createBoardAdapter('jetson-nano', sysfs, { isRoot: true });
    const state = board.save();
    board.setFrequencyMHz('gpu', 921.6);
    sysfs.writes.length = 0;
    // Act (the fake kernel refuses max below min, so the wrong order would throw)
    board.restore(state);
    // Assert
    expect(sysfs.writes).toEqual([
      { path: `${dir}/min_freq`, value: '76800000' },
      { path: `${dir}/max_freq`, value: '230400000' },
    ]);
  });

  it('should write a saved setspeed back after the userspace governor it needs', () => {
    const root = xu3Tree('vendor');
    writeFiles(root, {
      [`${POLICY4}/scaling_governor`]: 'userspace',
      [`${POLICY4}/scaling_setspeed`]: '1000000',
      [`${POLICY4}/scaling_cur_freq`]: '1000000',
    });
    const sysfs = fakeKernel(root);
    const board = createBoardAdapter('odroid-xu3', sysfs, { isRoot: true });
    const state = board.save();
    board.setFrequencyMHz('a15', 1800);
    board.restore(state);
    expect(bytes(root, `${POLICY4}/scaling_setspeed`)).toBe('1000000\n');
    expect(sysfs.writes.at(-1)).toEqual({ path: `${POLICY4}/scaling_setspeed`, value: '1000000' });
  });

  it('should restore every file it can and then report those it could not', () => {
    const root = xu3Tree('vendor');
    const sysfs = fakeKernel(root);
    const board = createBoardAdapter('odroid-xu3', sysfs, { isRoot: true });
    const state = board.save();
    board.setFrequencyMHz('a7', 1000);
    board.setFrequencyMHz('a15', 1000);
    const broken = {
      ...state,
      files: { ...state.files, '/sys/devices/system/cpu/cpufreq/policy0/scaling_governor': 'no-such-governor' },
    };
    expect(() => restoreFiles(sysfs, broken)).toThrow(
      /the board was not fully restored: cannot write 'no-such-governor'/,
    );
    expect(bytes(root, `${POLICY4}/scaling_governor`)).toBe('ondemand\n');
  });

  it('should refuse a state saved for another profile', () => {
    const state = createBoardAdapter('jetson-nano', fakeKernel(nanoTree('gpu.0', 'iio')), { isRoot: true }).save();
    const xu3 = createBoardAdapter('odroid-xu3', fakeKernel(xu3Tree('vendor')), { isRoot: true });
    expect(() => xu3.restore(state)).toThrow(InputError);
  });
});
