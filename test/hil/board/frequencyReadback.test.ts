import { afterEach, describe, expect, it } from 'vitest';
import { createBoardAdapter } from '../../../hil/board/adapter.js';
import { DEFAULT_READBACK_SETTLE_MS, judgeReadback } from '../../../hil/board/frequencyReadback.js';
import { createSysfsRoot } from '../../../hil/board/sysfsRoot.js';
import { fakeClock } from './fakeClock.js';
import { fakeKernel } from './fakeKernel.js';
import { NANO_DEVFREQ, nanoTree, removeTrees, writeFiles, xu3Tree } from './fakeTrees.js';

afterEach(removeTrees);

const A15 = '/sys/devices/system/cpu/cpufreq/policy4';

/**
 * An emulated board: the plain tree takes every write (no kernel checks), and its emulator puts the
 * old value back a moment later. Here the test plays the emulator by writing the old value.
 */
function emulatedXu3() {
  const root = xu3Tree('vendor');
  const clock = fakeClock();
  const board = createBoardAdapter('odroid-xu3', createSysfsRoot(root), {
    isRoot: true,
    nowMs: clock.nowMs,
    sleep: clock.sleep,
  });
  return { root, clock, board };
}

describe('frequency read-back', () => {
  it('should report a frequency the emulator put back as differing once the settle time has passed', () => {
    // Arrange: the emulated tree accepts 1800 MHz in setspeed and cur_freq...
    const { root, clock, board } = emulatedXu3();
    board.setFrequencyMHz('a15', 1800);
    writeFiles(root, { [`${A15}/scaling_cur_freq`]: '1800000' });
    expect(board.frequencyReadback()).toEqual([
      {
        unit: 'a15',
        setMHz: 1800,
        readMHz: 1800,
        sinceSetMs: 0,
        settleMs: DEFAULT_READBACK_SETTLE_MS,
        status: 'settling',
      },
    ]);
    // ...then its emulator refuses it and puts the old 2000 MHz back.
    clock.advance(5);
    writeFiles(root, { [`${A15}/scaling_cur_freq`]: '2000000', [`${A15}/scaling_setspeed`]: '2000000' });
    expect(board.frequencyReadback()[0]!.status).toBe('settling');
    // Act
    clock.advance(DEFAULT_READBACK_SETTLE_MS);
    // Assert
    expect(board.frequencyReadback()).toEqual([
      {
        unit: 'a15',
        setMHz: 1800,
        readMHz: 2000,
        sinceSetMs: 55,
        settleMs: DEFAULT_READBACK_SETTLE_MS,
        status: 'differs',
      },
    ]);
  });

  it('should report a frequency the kernel took, and a capped one, per unit', () => {
    // Arrange: the fake kernel clamps setspeed to scaling_max_freq (a thermal or power-mode cap on a15).
    const root = xu3Tree('vendor');
    writeFiles(root, { [`${A15}/scaling_max_freq`]: '1400000' });
    const clock = fakeClock();
    const board = createBoardAdapter('odroid-xu3', fakeKernel(root), {
      isRoot: true,
      nowMs: clock.nowMs,
      sleep: clock.sleep,
    });
    // Act
    board.setFrequencyMHz('a7', 1000);
    board.setFrequencyMHz('a15', 1800);
    clock.advance(DEFAULT_READBACK_SETTLE_MS);
    // Assert
    expect(board.frequencyReadback().map((r) => [r.unit, r.readMHz, r.status])).toEqual([
      ['a7', 1000, 'took'],
      ['a15', 1400, 'differs'],
    ]);
  });

  it('should read the Nano GPU back from devfreq cur_freq', () => {
    const root = nanoTree('gpu.0', 'iio');
    const clock = fakeClock();
    const board = createBoardAdapter('jetson-nano', createSysfsRoot(root), {
      isRoot: true,
      nowMs: clock.nowMs,
      sleep: clock.sleep,
      readbackSettleMs: 20,
    });
    board.setFrequencyMHz('gpu', 460.8);
    writeFiles(root, { [`${NANO_DEVFREQ['gpu.0']}/cur_freq`]: '76800000' }); // the emulator undid it
    clock.advance(20);
    expect(board.frequencyReadback()).toEqual([
      { unit: 'gpu', setMHz: 460.8, readMHz: 76.8, sinceSetMs: 20, settleMs: 20, status: 'differs' },
    ]);
    writeFiles(root, { [`${NANO_DEVFREQ['gpu.0']}/cur_freq`]: '460800000' });
    expect(board.frequencyReadback()[0]!.status).toBe('took');
  });

  it('should wait the transition latency when it is longer than the settle time, and ignore CPUFREQ_ETERNAL', () => {
    const root = xu3Tree('vendor');
    writeFiles(root, {
      [`${A15}/cpuinfo_transition_latency`]: '80000000',
      '/sys/devices/system/cpu/cpufreq/policy0/cpuinfo_transition_latency': '4294967295',
    });
    const board = createBoardAdapter('odroid-xu3', fakeKernel(root), { isRoot: true, nowMs: fakeClock().nowMs });
    board.setFrequencyMHz('a7', 600);
    board.setFrequencyMHz('a15', 600);
    expect(board.frequencyReadback().map((r) => [r.unit, r.settleMs])).toEqual([
      ['a7', DEFAULT_READBACK_SETTLE_MS],
      ['a15', 80],
    ]);
  });

  it('should forget the frequencies set once the board is restored', () => {
    const root = xu3Tree('vendor');
    const board = createBoardAdapter('odroid-xu3', fakeKernel(root), { isRoot: true, nowMs: fakeClock().nowMs });
    const saved = board.save();
    board.setFrequencyMHz('a15', 1800);
    board.restore(saved);
    expect(board.frequencyReadback()).toEqual([]);
  });

  it('should count a read-back within 1 % as the frequency set, and an unreadable one as unreadable', () => {
    expect(judgeReadback('gpu', 921.6, 921.1, 60, 50).status).toBe('took');
    expect(judgeReadback('gpu', 921.6, 844.8, 60, 50).status).toBe('differs');
    expect(judgeReadback('gpu', 921.6, null, 60, 50).status).toBe('unreadable');
    expect(judgeReadback('gpu', 921.6, null, 49, 50).status).toBe('settling');
  });
});
