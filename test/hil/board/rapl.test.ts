import { afterEach, describe, expect, it } from 'vitest';
import { createBoardAdapter } from '../../../hil/board/adapter.js';
import { findRaplDomains, raplEnergyDeltaUj, raplPowerW } from '../../../hil/board/rapl.js';
import { fakeKernel } from './fakeKernel.js';
import { RAPL_MAX_UJ, raplTree, removeTrees, writeFiles } from './fakeTrees.js';

afterEach(removeTrees);

const ENERGY = '/sys/class/powercap/intel-rapl:0/energy_uj';

describe('RAPL energy counters', () => {
  it('should take the plain difference when the counter did not wrap', () => {
    expect(raplEnergyDeltaUj(1_000, 3_500, RAPL_MAX_UJ)).toBe(2_500);
  });

  it('should add max_energy_range_uj + 1 when the counter wrapped', () => {
    // 100 µJ to the top (max - 100 .. max), one step to 0, then 50: 100 + 1 + 50.
    expect(raplEnergyDeltaUj(RAPL_MAX_UJ - 100, 50, RAPL_MAX_UJ)).toBe(151);
  });

  it('should compute power across a wrap: 2 J in 1 s is 2 W', () => {
    const before = { energyUj: RAPL_MAX_UJ - 999_999, atMs: 0 };
    const after = { energyUj: 1_000_000, atMs: 1_000 };
    expect(raplPowerW(before, after, RAPL_MAX_UJ)).toBe(2);
  });

  it('should give no power when no time passed', () => {
    expect(raplPowerW({ energyUj: 1, atMs: 5 }, { energyUj: 9, atMs: 5 }, RAPL_MAX_UJ)).toBeNull();
  });

  it('should measure package power across a wrap in the local telemetry', () => {
    // Arrange
    const root = raplTree(RAPL_MAX_UJ - 999_999);
    let now = 0;
    const board = createBoardAdapter('local', fakeKernel(root), { isRoot: true, nowMs: () => now });
    writeFiles(root, { [ENERGY]: '1000000' });
    now = 500;
    // Act
    const rails = board.telemetry().rails;
    // Assert: 2 J in 0.5 s
    expect(rails).toEqual([{ rail: 'package', watts: 4, source: 'measured' }]);
    expect(board.capabilities()).toMatchObject({
      power: 'measured',
      measuredRails: ['package'],
      energyCounters: [
        'package-0: /sys/class/powercap/intel-rapl:0/energy_uj',
        'core: /sys/class/powercap/intel-rapl:0:0/energy_uj',
      ],
    });
  });

  it('should treat an unreadable energy_uj (root only) as no counter, and say so', () => {
    const sysfs = fakeKernel(raplTree(0));
    sysfs.unreadable.add(ENERGY);
    sysfs.unreadable.add('/sys/class/powercap/intel-rapl:0:0/energy_uj');
    expect(findRaplDomains(sysfs).map((d) => d.readable)).toEqual([false, false]);
    const board = createBoardAdapter('local', sysfs, { isRoot: false });
    const caps = board.capabilities();
    expect(caps.power).toBe('modelled');
    expect(caps.energyCounters).toEqual([]);
    expect(caps.notes.some((n) => n.startsWith('RAPL energy_uj unreadable (root only since Linux 5.10)'))).toBe(true);
    expect(board.telemetry().rails).toEqual([]);
  });
});
