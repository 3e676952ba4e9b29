/**
 * The board emulator on a temporary folder: the tree is the real board's layout (the adapters find
 * everything on it), writes are taken or put back as the kernel would, the INA231s are silent until
 * enabled and one update period has passed, and an inference through the emulated workload takes the
 * twin's time for the configuration the tree is set to. Assertions on the wall clock are lower
 * bounds or waits with generous limits: they hold on a loaded machine.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { networkById } from '../../../dnn/builtinNetworks.js';
import { createBoardAdapter } from '../../../hil/board/adapter.js';
import { createSysfsRoot } from '../../../hil/board/sysfsRoot.js';
import { EmulatedCoworkloads } from '../../../hil/emulator/emulatedCoworkloads.js';
import { readEmulatorMarker } from '../../../hil/emulator/emulatorMarker.js';
import { startEmulator, type RunningEmulator } from '../../../hil/emulator/emulator.js';
import { emulatedWorkloadCommand } from '../../../hil/emulator/workloadCommand.js';
import { WorkloadProcess } from '../../../hil/workload/workloadProcess.js';
import { platformById } from '../../../models/builtinPlatforms.js';
import { predict } from '../../../models/predict.js';
import { cascadeCost } from '../../../models/anytime.js';

const POLICY4 = '/sys/devices/system/cpu/cpufreq/policy4';
const ARM = '/sys/bus/i2c/drivers/INA231/3-0040';

let root: string;
let emulator: RunningEmulator;
const read = (path: string) => readFileSync(join(root, path), 'utf8').trim();
const write = (path: string, value: string) => writeFileSync(join(root, path), `${value}\n`);

/** Waits until check() holds, up to limitMs (generous: a loaded machine is slow, not wrong). */
async function until(what: string, check: () => boolean, limitMs = 20_000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > limitMs) throw new Error(`waited ${limitMs} ms for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'twinrtm-emulate-'));
  emulator = await startEmulator({ board: 'odroid-xu3', root, tickMs: 2 });
});
afterAll(async () => {
  await emulator.stop();
  rmSync(root, { recursive: true, force: true });
});

describe('an emulated Odroid-XU3', () => {
  it("lays out the vendor kernel's tree, which the XU3 adapter reads as a board", () => {
    expect(readEmulatorMarker(root)).toMatchObject({ board: 'odroid-xu3', pid: process.pid });
    const caps = createBoardAdapter('odroid-xu3', createSysfsRoot(root)).capabilities();
    expect(caps.units.map((u) => [u.id, u.dvfs, u.onlineCpus])).toEqual([
      ['a7', true, [0, 1, 2, 3]],
      ['a15', true, [4, 5, 6, 7]],
    ]);
    expect(caps.units[1]!.availableMHz).toEqual(
      platformById('odroid-xu3')
        .units.find((u) => u.id === 'a15')!
        .opps.points.map((p) => p.freqMHz),
    );
    expect(caps.measuredRails.sort()).toEqual(['VDD_ARM', 'VDD_G3D', 'VDD_KFC', 'VDD_MEM']);
    expect(read('/sys/devices/10060000.tmu/temp')).toMatch(/^sensor0 : \d+$/m);
  });

  /** The A15s pinned at 1000 MHz under userspace, as the inference tests below assume (each pins it itself). */
  async function pinA15At1000(): Promise<void> {
    write(`${POLICY4}/scaling_governor`, 'userspace');
    write(`${POLICY4}/scaling_setspeed`, '1000000');
    await until('scaling_cur_freq to show 1000 MHz', () => read(`${POLICY4}/scaling_cur_freq`) === '1000000');
  }

  it('puts a clock written under userspace in force, and shows it after the transition', async () => {
    await pinA15At1000();
    expect(read(`${POLICY4}/scaling_setspeed`)).toBe('1000000');
  });

  it('puts a refused write back, as -EINVAL leaves the file', async () => {
    write(`${POLICY4}/scaling_governor`, 'turbo');
    await until('the governor to read userspace again', () => read(`${POLICY4}/scaling_governor`) === 'userspace');
    expect(read(`${POLICY4}/scaling_cur_freq`)).toBe('1000000');
  });

  it('keeps an INA231 silent until enabled and one update period (263.808 ms) has passed', async () => {
    expect(read(`${ARM}/update_period`)).toBe('263808 usec');
    await new Promise((r) => setTimeout(r, 50));
    expect(read(`${ARM}/sensor_W`)).toBe('0.000000');
    const enabledAt = performance.now();
    write(`${ARM}/enable`, '1');
    await until('a reading', () => Number(read(`${ARM}/sensor_W`)) > 0);
    // Whenever the first reading came, it came no sooner than one period after the enable.
    expect(performance.now() - enabledAt).toBeGreaterThanOrEqual(263.808);
  });

  it("runs an inference through the emulated workload in the twin's time for the tree's configuration", async () => {
    await pinA15At1000();
    const w = new WorkloadProcess({ command: emulatedWorkloadCommand(root, 'a15', 4, 'alexnet-cifar10-g4') });
    try {
      expect(await w.ready()).toMatchObject({ engine: 'emulated', board: 'odroid-xu3', unit: 'a15', cores: 4 });
      const config = { groups: 2, unit: 'a15', cores: 4, freqMHz: { a7: 1400, a15: 1000 } };
      const time = predict(platformById('odroid-xu3'), networkById('alexnet-cifar10-g4'), config).timeMs;
      await w.infer(2); // the first pays the move from the A7, where the emulator starts
      const reply = await w.infer(2);
      expect('latencyMs' in reply && reply.latencyMs).toBeCloseTo(time, 6);
      // Co-runners on two A15 cores: the twin's contention model, not processes on this machine.
      new EmulatedCoworkloads(root).set({ busyCores: { a15: 2 }, busyUtilisation: { a15: 1 } });
      const slowed = predict(platformById('odroid-xu3'), networkById('alexnet-cifar10-g4'), config, {
        contention: { busyCores: { a15: 2 }, busyUtilisation: { a15: 1 } },
      }).timeMs;
      const contended = await w.infer(2);
      expect('latencyMs' in contended && contended.latencyMs).toBeCloseTo(slowed, 6);
      new EmulatedCoworkloads(root).set({});
    } finally {
      await w.close();
    }
  }, 60_000);

  it("runs anytime inference on a measured image: the g it stopped at, the cascade's time to it, and how sure it was", async () => {
    await pinA15At1000();
    const w = new WorkloadProcess({ command: emulatedWorkloadCommand(root, 'a15', 4, 'alexnet-cifar10-g4') });
    try {
      await w.ready();
      const config = { groups: 4, unit: 'a15', cores: 4, freqMHz: { a7: 1400, a15: 1000 } };
      await w.infer(4, false, 0.9); // the first pays the move from the A7, where the emulator starts
      const times = [1, 2, 3, 4].map(
        (g) => cascadeCost(platformById('odroid-xu3'), networkById('alexnet-cifar10-g4'), config, g).timeMs,
      );
      for (let i = 0; i < 10; i++) {
        const reply = await w.infer(4, false, 0.9);
        if ('error' in reply) throw new Error(reply.error);
        expect(reply.groupsRun).toBeGreaterThanOrEqual(1);
        expect(reply.groupsRun).toBeLessThanOrEqual(4);
        if (reply.groupsRun! < 4) expect(reply.confidence).toBeGreaterThanOrEqual(0.9);
        // The cascade's time to where it stopped, as the twin models it at the pinned clocks. The
        // emulator runs it on the wall clock from when the request was sent, so on a loaded machine it
        // may report a little less than the model (up to 0.45 ms seen here), never more: the latency
        // lies above the cascade to the stop before and at most the cascade to its own stop.
        const own = times[reply.groupsRun! - 1]!;
        const before = reply.groupsRun! > 1 ? times[reply.groupsRun! - 2]! : 0;
        expect(reply.latencyMs).toBeLessThanOrEqual(own * (1 + 1e-9));
        expect(reply.latencyMs).toBeGreaterThan(before);
      }
      expect(await w.infer(4, false, -1)).toEqual({ error: 'confidenceThreshold must be a number >= 0' });
    } finally {
      await w.close();
    }
  }, 60_000);

  it('takes its marker away when stopped, leaving the tree', async () => {
    const other = mkdtempSync(join(tmpdir(), 'twinrtm-emulate-'));
    const e = await startEmulator({ board: 'jetson-nano', root: other });
    expect(readEmulatorMarker(other)?.board).toBe('jetson-nano');
    await e.stop();
    expect(readEmulatorMarker(other)).toBeNull();
    expect(readFileSync(join(other, '/proc/stat'), 'utf8').length).toBeGreaterThan(0);
    rmSync(other, { recursive: true, force: true });
  });
});
