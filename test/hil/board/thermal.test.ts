import { afterEach, describe, expect, it } from 'vitest';
import { createBoardAdapter } from '../../../hil/board/adapter.js';
import { parseTmu, readThermalZones } from '../../../hil/board/thermal.js';
import { fakeKernel } from './fakeKernel.js';
import { containerTree, nanoTree, raplTree, removeTrees, xu3Tree } from './fakeTrees.js';

afterEach(removeTrees);

describe('temperatures', () => {
  it("should parse the XU3 TMU file's lines into degrees C", () => {
    expect(parseTmu('sensor0 : 54000\nsensor1 : 56000\nsensor4 : 47000\n')).toEqual({
      sensor0: 54,
      sensor1: 56,
      sensor4: 47,
    });
  });

  it("should give both XU3 clusters the hottest TMU cpu sensor, not the GPU's", () => {
    const board = createBoardAdapter('odroid-xu3', fakeKernel(xu3Tree('vendor')), { isRoot: true });
    expect(board.telemetry().temperatureC).toEqual({ a7: 56, a15: 56 });
  });

  it('should fall back to the mainline cpuN-thermal zones on the XU3', () => {
    const board = createBoardAdapter('odroid-xu3', fakeKernel(xu3Tree('mainline')), { isRoot: true });
    expect(board.telemetry().temperatureC).toEqual({ a7: 52.5, a15: 52.5 });
  });

  it("should read the Nano's CPU-therm and GPU-therm in C and ignore PMIC-Die", () => {
    const sysfs = fakeKernel(nanoTree('gpu.0', 'iio'));
    expect(readThermalZones(sysfs).map((z) => z.type)).not.toContain('PMIC-Die');
    const board = createBoardAdapter('jetson-nano', sysfs, { isRoot: true });
    expect(board.telemetry().temperatureC).toEqual({ a57: 31.5, gpu: 30.5 });
  });

  it("should take a PC's x86_pkg_temp over other zones", () => {
    const board = createBoardAdapter('local', fakeKernel(raplTree(0)), { isRoot: true });
    expect(board.telemetry().temperatureC).toEqual({ cpu: 48 });
  });

  it('should report null and a note when there is no thermal zone', () => {
    const board = createBoardAdapter('local', fakeKernel(containerTree()), { isRoot: true });
    expect(board.telemetry().temperatureC).toEqual({ cpu: null });
    expect(board.capabilities().temperature).toBe(false);
    expect(board.capabilities().notes).toContain('no temperature sensor found: temperatures unknown');
  });
});
