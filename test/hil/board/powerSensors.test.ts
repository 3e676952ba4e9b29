import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createBoardAdapter } from '../../../hil/board/adapter.js';
import { findIna231 } from '../../../hil/board/ina231.js';
import { findIna3221, isRailLabel } from '../../../hil/board/ina3221.js';
import type { RailReading } from '../../../hil/types.js';
import { fakeClock } from './fakeClock.js';
import { fakeKernel } from './fakeKernel.js';
import { bytes, link, NANO_POWER_MW, nanoTree, removeTrees, writeFiles, XU3_POWER_W, xu3Tree } from './fakeTrees.js';

afterEach(removeTrees);

function byRail(rails: RailReading[]): Record<string, RailReading> {
  return Object.fromEntries(rails.map((r) => [r.rail, r]));
}

describe('XU3 INA231 sensors', () => {
  it.each(['vendor', 'mainline'] as const)(
    'should read every rail in W, measured, on the %s kernel',
    async (kernel) => {
      // Arrange: the vendor sensors start disabled; ready() enables them and waits one update period.
      const clock = fakeClock();
      const board = createBoardAdapter('odroid-xu3', fakeKernel(xu3Tree(kernel)), {
        isRoot: true,
        nowMs: clock.nowMs,
        sleep: clock.sleep,
      });
      await board.ready();
      // Act
      const rails = byRail(board.telemetry().rails);
      // Assert
      expect(Object.keys(rails).sort()).toEqual(['VDD_ARM', 'VDD_G3D', 'VDD_KFC', 'VDD_MEM']);
      for (const [rail, watts] of Object.entries(XU3_POWER_W)) {
        expect(rails[rail]!.source).toBe('measured');
        expect(rails[rail]!.watts).toBeCloseTo(watts, 9);
      }
      expect(board.capabilities()).toMatchObject({
        power: 'measured',
        measuredRails: ['VDD_ARM', 'VDD_MEM', 'VDD_G3D', 'VDD_KFC'],
      });
    },
  );

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

  it('should leave out an unreadable sensor rather than report zero', async () => {
    const clock = fakeClock();
    const sysfs = fakeKernel(xu3Tree('vendor'));
    sysfs.unreadable.add('/sys/bus/i2c/drivers/INA231/3-0044/sensor_W');
    const board = createBoardAdapter('odroid-xu3', sysfs, { isRoot: true, nowMs: clock.nowMs, sleep: clock.sleep });
    await board.ready();
    const rails = board.telemetry().rails.map((r) => r.rail);
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

  it('should skip the hwmon summation channel and not-connected channels, and map none of them to a rail', () => {
    // Arrange: the hwmon tree has in7_label "sum of shunt voltages"; add a second INA3221 whose
    // channels are labelled as not connected (as NVIDIA's later trees do), with values to read.
    const root = nanoTree('gpu.0', 'hwmon');
    const second = '/sys/devices/platform/7000c400.i2c/i2c-1/1-0041/hwmon/hwmon2';
    writeFiles(root, {
      [`${second}/name`]: 'ina3221',
      [`${second}/in1_label`]: 'NC',
      [`${second}/in1_input`]: '5000',
      [`${second}/curr1_input`]: '100',
      [`${second}/in2_label`]: 'VDD_5V_NC',
      [`${second}/in2_input`]: '5000',
      [`${second}/curr2_input`]: '100',
    });
    link(root, '/sys/class/hwmon/hwmon2', second);
    const sysfs = fakeKernel(root);
    // Act
    const channels = findIna3221(sysfs);
    const board = createBoardAdapter('jetson-nano', sysfs, { isRoot: true });
    // Assert
    expect(channels.map((c) => [c.index, c.name])).toEqual([
      [1, 'POM_5V_IN'],
      [2, 'POM_5V_CPU'],
      [3, 'POM_5V_GPU'],
    ]);
    expect(board.telemetry().rails.map((r) => r.rail)).toEqual(['POM_5V_IN', 'POM_5V_CPU', 'POM_5V_GPU']);
    expect(board.capabilities().notes.join('\n')).not.toMatch(/not a rail of platform/);
  });

  it('should tell rail labels from the summation and NC labels', () => {
    expect(['POM_5V_IN', 'VDD_IN', 'VDD_SYNC', 'VDD_CPU_GPU_CV', 'NCX_5V'].map(isRailLabel)).toEqual([
      true,
      true,
      true,
      true,
      true,
    ]);
    expect(['sum of shunt voltages', 'Sum of shunt voltages', 'NC', 'NC 2', 'VDD_NC', 'NC_1'].map(isRailLabel)).toEqual(
      [false, false, false, false, false, false],
    );
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
  it('should not stop telemetry, should leave its rail out (a disabled INA231 holds a stale value), and capabilities should say why', async () => {
    // Arrange: one enable refuses writes (EACCES without root; here a directory in its place).
    const root = xu3Tree('vendor');
    rmSync(join(root, '/sys/bus/i2c/drivers/INA231/3-0041/enable'));
    mkdirSync(join(root, '/sys/bus/i2c/drivers/INA231/3-0041/enable'));
    const clock = fakeClock();
    const board = createBoardAdapter('odroid-xu3', fakeKernel(root), {
      isRoot: true,
      nowMs: clock.nowMs,
      sleep: clock.sleep,
    });
    // Act
    await board.ready();
    const rails = board.telemetry().rails;
    // Assert
    expect(rails.map((r) => r.rail)).toEqual(['VDD_ARM', 'VDD_G3D', 'VDD_KFC']);
    expect(board.capabilities().notes.join('\n')).toMatch(
      /could not start INA231 Hardkernel sysfs at 0x41: .*cannot write '1' to \/sys\/bus\/i2c\/drivers\/INA231\/3-0041\/enable \(EISDIR\): rail VDD_MEM is not measured/,
    );
  });
});
