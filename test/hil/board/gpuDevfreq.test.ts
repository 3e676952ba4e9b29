import { renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { InputError } from '../../../dnn/inputError.js';
import { createBoardAdapter } from '../../../hil/board/adapter.js';
import { findNanoGpu, readGpuLoad } from '../../../hil/board/gpuDevfreq.js';
import { limitWriteOrder } from '../../../hil/board/limitOrder.js';
import { fakeKernel } from './fakeKernel.js';
import { bytes, link, NANO_DEVFREQ, NANO_GPU_HZ, NANO_GPU_LOAD, nanoTree, removeTrees } from './fakeTrees.js';

afterEach(removeTrees);

describe.each(Object.entries(NANO_DEVFREQ) as [keyof typeof NANO_DEVFREQ, string][])(
  'the Nano GPU through devfreq at %s',
  (variant, dir) => {
    it('should pin the GPU by writing max_freq then min_freq when raising', () => {
      // Arrange
      const root = nanoTree(variant, 'iio');
      const sysfs = fakeKernel(root);
      const board = createBoardAdapter('jetson-nano', sysfs, { isRoot: true });
      // Act
      board.setFrequencyMHz('gpu', 460.8);
      // Assert
      expect(sysfs.writes).toEqual([
        { path: `${dir}/max_freq`, value: '460800000' },
        { path: `${dir}/min_freq`, value: '460800000' },
      ]);
      expect(bytes(root, `${dir}/min_freq`)).toBe('460800000\n');
      expect(bytes(root, `${dir}/max_freq`)).toBe('460800000\n');
      expect(board.telemetry().freqMHz.gpu).toBe(460.8);
    });

    it('should write min_freq before max_freq when lowering a pinned GPU', () => {
      const sysfs = fakeKernel(nanoTree(variant, 'iio'));
      const board = createBoardAdapter('jetson-nano', sysfs, { isRoot: true });
      board.setFrequencyMHz('gpu', 921.6);
      sysfs.writes.length = 0;
      board.setFrequencyMHz('gpu', 76.8);
      expect(sysfs.writes.map((w) => w.path.slice(dir.length + 1))).toEqual(['min_freq', 'max_freq']);
      expect(board.telemetry().freqMHz.gpu).toBe(76.8);
    });

    it('should report the GPU with DVFS, its own list in MHz and where it is set', () => {
      const board = createBoardAdapter('jetson-nano', fakeKernel(nanoTree(variant, 'iio')), { isRoot: true });
      const gpu = board.capabilities().units.find((u) => u.id === 'gpu')!;
      expect(gpu).toEqual({
        id: 'gpu',
        onlineCpus: [],
        availableMHz: NANO_GPU_HZ.map((hz) => hz / 1e6),
        dvfs: true,
        frequencyPath: dir,
      });
    });

    it("should read the GPU load from the GPU's device directory, the parent of devfreq/", () => {
      const board = createBoardAdapter('jetson-nano', fakeKernel(nanoTree(variant, 'iio')), { isRoot: true });
      expect(board.telemetry().utilisation.gpu).toBe(NANO_GPU_LOAD / 1000);
    });

    it.each(['name', 'numbered', 'none'] as const)('should find it with the devfreq class entry %s', (devfreqClass) => {
      // 'name': /sys/class/devfreq/57000000.gpu; 'numbered': devfreq1 whose `device` is the GPU (a
      // decoy devfreq0 comes first); 'none': no class entry, the known paths.
      const found = findNanoGpu(fakeKernel(nanoTree(variant, 'iio', { devfreqClass })));
      expect(found).toMatchObject({ dir, deviceDir: dir.replace(/\/devfreq\/57000000\.gpu$/, '') });
      expect(found!.foundBy).toBe(
        { name: '/sys/class/devfreq/57000000.gpu', numbered: '/sys/class/devfreq/devfreq1', none: dir }[devfreqClass],
      );
    });
  },
);

describe('the Nano GPU found through the devfreq class alone', () => {
  it('should find a GPU directory at a path no list knows, and pin it there', () => {
    // Arrange: a kernel that puts the GPU somewhere new; only /sys/class/devfreq points to it.
    const root = nanoTree('host1x', 'iio');
    const elsewhere = '/sys/devices/platform/bus@0/57000000.gpu';
    renameSync(join(root, '/sys/devices/platform/host1x'), join(root, '/sys/devices/platform/bus@0'));
    rmSync(join(root, '/sys/class/devfreq/57000000.gpu'));
    link(root, '/sys/class/devfreq/57000000.gpu', `${elsewhere}/devfreq/57000000.gpu`);
    const sysfs = fakeKernel(root);
    const board = createBoardAdapter('jetson-nano', sysfs, { isRoot: true });
    // Act
    board.setFrequencyMHz('gpu', 614.4);
    // Assert
    expect(board.capabilities().units.find((u) => u.id === 'gpu')!.frequencyPath).toBe(
      `${elsewhere}/devfreq/57000000.gpu`,
    );
    expect(sysfs.writes.map((w) => w.path)).toEqual([
      `${elsewhere}/devfreq/57000000.gpu/max_freq`,
      `${elsewhere}/devfreq/57000000.gpu/min_freq`,
    ]);
    expect(board.telemetry()).toMatchObject({ freqMHz: { gpu: 614.4 }, utilisation: { gpu: NANO_GPU_LOAD / 1000 } });
  });

  it('should say where it looked when there is no GPU devfreq at all', () => {
    const root = nanoTree('gpu.0', 'iio', { devfreqClass: 'none' });
    rmSync(join(root, '/sys/devices/gpu.0'), { recursive: true });
    const caps = createBoardAdapter('jetson-nano', fakeKernel(root), { isRoot: true }).capabilities();
    expect(caps.notes).toContain(
      'gpu: no GPU devfreq directory (looked in /sys/class/devfreq and /sys/devices/gpu.0/devfreq/57000000.gpu, /sys/devices/57000000.gpu/devfreq/57000000.gpu, /sys/devices/platform/host1x/57000000.gpu/devfreq/57000000.gpu): no DVFS',
    );
  });
});

describe('GPU frequency safety', () => {
  it('should refuse a GPU frequency not in available_frequencies and write nothing', () => {
    const sysfs = fakeKernel(nanoTree('gpu.0', 'iio'));
    const board = createBoardAdapter('jetson-nano', sysfs, { isRoot: true });
    expect(() => board.setFrequencyMHz('gpu', 640)).toThrow(InputError);
    expect(() => board.setFrequencyMHz('gpu', 640)).toThrow(
      /gpu: 640 MHz is not in this board's available list \(valid MHz: 76.8, 153.6, .*, 921.6\)/,
    );
    expect(sysfs.writes).toEqual([]);
  });

  it('should order limit writes so that min never exceeds max', () => {
    expect(limitWriteOrder(76800000, 460800000)).toBe('max-first');
    expect(limitWriteOrder(921600000, 76800000)).toBe('min-first');
    expect(limitWriteOrder(null, 76800000)).toBe('max-first');
  });

  it('should read the GPU load per-mille as a share', () => {
    const board = createBoardAdapter('jetson-nano', fakeKernel(nanoTree('gpu.0', 'iio')), { isRoot: true });
    expect(readGpuLoad(board.sysfs)).toBe(0.25);
    expect(board.telemetry().utilisation.gpu).toBe(0.25);
  });
});
