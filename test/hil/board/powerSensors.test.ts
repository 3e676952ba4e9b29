import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createBoardAdapter } from '../../../hil/board/adapter.js';
import { findIna231 } from '../../../hil/board/ina231.js';
import { findIna3221 } from '../../../hil/board/ina3221.js';
import type { RailReading } from '../../../hil/types.js';
import { fakeKernel } from './fakeKernel.js';
import { bytes, NANO_POWER_MW, nanoTree, removeTrees, XU3_POWER_W, xu3Tree } from './fakeTrees.js';

afterEach(removeTrees);

function byRail(rails: RailReading[]): Record<string, RailReading> {
  return Object.fromEntries(rails.map((r) => [r.rail, r]));
}

describe('XU3 INA231 sensors', () => {
  it.each(['vendor', 'mainline'] as const)('should read every rail in W, measured, on the %s kernel', (kernel) => {
    // Arrange
    const board = createBoardAdapter('odroid-xu3', fakeKernel(xu3Tree(kernel)), { isRoot: true });
    // Act
    const rails = byRail(board.telemetry().rails);
    // Assert
    expect(Object.keys(rails).sort()).toEqual(['VDD_ARM', 'VDD_G3D', 'VDD_KFC', 'VDD_MEM']);
    for (const [rail, watts] of Object.entries(XU3_POWER_W)) {
      expect(rails[rail]!.source).toBe('measured');
      expect(rails[rail]!.watts).toBeCloseTo(watts, 9);
    }
    expect(board.capabilities()).toMatchObject({ power: 'measured', measuredRails: ['VDD_ARM', 'VDD_MEM', 'VDD_G3D', 'VDD_KFC'] });
  });

  it('should find the hwmon sensors by i2c address, whatever their hwmon numbers', () => {
    const found = findIna231(fakeKernel(xu3Tree('mainline')));
    expect(found.map((s) => [s.rail, s.dir])).toEqual([
      ['VDD_ARM', '/sys/bus/i2c/devices/0-0040/hwmon/hwmon3'],
      ['VDD_MEM', '/sys/bus/i2c/devices/0-0041/hwmon/hwmon0'],
      ['VDD_G3D', '/sys/bus/i2c/devices/0-0044/hwmon/hwmon2'],
      ['VDD_KFC', '/sys/bus/i2c/devices/0-0045/hwmon/hwmon1'],
    ]);
  });

  it("should write 1 to a Hardkernel sensor's enable on the first telemetry, once", () => {
    const root = xu3Tree('vendor');
    const sysfs = fakeKernel(root);
    const board = createBoardAdapter('odroid-xu3', sysfs, { isRoot: true });
    expect(sysfs.writes).toEqual([]);
    board.telemetry();
    board.telemetry();
    expect(sysfs.writes.map((w) => [w.path, w.value])).toEqual(
      ['3-0040', '3-0041', '3-0044', '3-0045'].map((d) => [`/sys/bus/i2c/drivers/INA231/${d}/enable`, '1']),
    );
    expect(bytes(root, '/sys/bus/i2c/drivers/INA231/3-0045/enable')).toBe('1\n');
  });

  it('should leave out an unreadable sensor rather than report zero', () => {
    const sysfs = fakeKernel(xu3Tree('vendor'));
    sysfs.unreadable.add('/sys/bus/i2c/drivers/INA231/3-0044/sensor_W');
    const rails = createBoardAdapter('odroid-xu3', sysfs, { isRoot: true }).telemetry().rails.map((r) => r.rail);
    expect(rails).toEqual(['VDD_ARM', 'VDD_MEM', 'VDD_KFC']);
  });
});

describe('Nano INA3221 sensors', () => {
  it.each(['iio', 'hwmon'] as const)('should map channels by rail name, not number, through %s', (driver) => {
    // Arrange: channel 1 is the CPU and channel 2 the GPU, the opposite of the usual L4T order.
    const board = createBoardAdapter('jetson-nano', fakeKernel(nanoTree('gpu.0', driver)), { isRoot: true });
    // Act
    const rails = byRail(board.telemetry().rails);
    // Assert
    const tolerance = driver === 'iio' ? 0 : 0.002; // hwmon power is mV x mA rounded to whole mA
    for (const [rail, mW] of Object.entries(NANO_POWER_MW)) {
      expect(rails[rail]!.source).toBe('measured');
      expect(Math.abs(rails[rail]!.watts - mW / 1000)).toBeLessThanOrEqual(tolerance + 1e-12);
    }
    expect(rails.POM_5V_CPU!.watts).toBeGreaterThan(rails.POM_5V_GPU!.watts);
  });

  it('should compute hwmon power as bus mV times mA', () => {
    const board = createBoardAdapter('jetson-nano', fakeKernel(nanoTree('gpu.0', 'hwmon')), { isRoot: true });
    const rails = byRail(board.telemetry().rails);
    expect(rails.POM_5V_IN!.watts).toBeCloseTo((5000 * 278) / 1e6, 12);
    expect(rails.POM_5V_CPU!.watts).toBeCloseTo((5000 * 33) / 1e6, 12);
    expect(rails.POM_5V_GPU!.watts).toBeCloseTo((5000 * 24) / 1e6, 12);
  });

  it('should find the IIO channels with the names the driver gives them', () => {
    const channels = findIna3221(fakeKernel(nanoTree('gpu.0', 'iio')));
    expect(channels.map((c) => [c.index, c.name])).toEqual([
      [0, 'POM_5V_IN'],
      [1, 'POM_5V_CPU'],
      [2, 'POM_5V_GPU'],
    ]);
  });

  it('should report a rail the platform does not know in a note, not in telemetry', () => {
    const sysfs = fakeKernel(nanoTree('gpu.0', 'iio'));
    sysfs.write('/sys/bus/i2c/drivers/ina3221x/6-0040/iio:device0/rail_name_2', 'VDD_SOC');
    const board = createBoardAdapter('jetson-nano', sysfs, { isRoot: true });
    expect(board.telemetry().rails.map((r) => r.rail)).toEqual(['POM_5V_IN', 'POM_5V_CPU']);
    const notes = board.capabilities().notes.join('\n');
    expect(notes).toMatch(/rail 'VDD_SOC' is not a rail of platform jetson-nano/);
    expect(notes).toMatch(/INA3221 rails not found: POM_5V_GPU: those rails are modelled/);
  });
});

describe('a sensor that cannot be started', () => {
  it('should not stop telemetry, and capabilities should say why', () => {
    // Arrange: one enable refuses writes (EACCES without root; here a directory in its place).
    const root = xu3Tree('vendor');
    rmSync(join(root, '/sys/bus/i2c/drivers/INA231/3-0041/enable'));
    mkdirSync(join(root, '/sys/bus/i2c/drivers/INA231/3-0041/enable'));
    const board = createBoardAdapter('odroid-xu3', fakeKernel(root), { isRoot: true });
    // Act
    const rails = board.telemetry().rails;
    // Assert
    expect(rails).toHaveLength(4);
    expect(board.capabilities().notes.join('\n')).toMatch(/could not start INA231 Hardkernel sysfs at 0x41: .*cannot write '1' to \/sys\/bus\/i2c\/drivers\/INA231\/3-0041\/enable \(EISDIR\)/);
  });
});
