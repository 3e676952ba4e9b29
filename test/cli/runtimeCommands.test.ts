/**
 * --runtime on predict, space, simulate and calibrate: a runtime a unit has no profile for is refused
 * in one line naming the unit (where the command has one), the runtime and the profiles that exist;
 * a runtime it has is used, and said.
 */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Measurement } from '../../calibration/types.js';
import { networkById } from '../../dnn/builtinNetworks.js';
import { platformById } from '../../models/builtinPlatforms.js';
import { loadPlatformFile } from '../../models/loadPlatformFile.js';
import { predict } from '../../models/predict.js';
import { RUNTIME_NAMES, runtimesOf, runtimesOfUnit, withRuntime } from '../../models/runtimes.js';
import type { Platform } from '../../models/types.js';
import { sweep, truePlatform } from '../calibration/synthetic.js';
import { expectOneLineRefusal, run, runJson } from './run.js';

const dnn = networkById('alexnet-cifar10-g4');
const nano = platformById('jetson-nano');
const xu3 = platformById('odroid-xu3');
const dir = mkdtempSync(join(tmpdir(), 'twinrtm-runtime-'));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const unitOf = (p: Platform, id: string) => p.units.find((u) => u.id === id)!;

/** A runtime no unit of the platform has a profile for. */
const missingOn = (p: Platform) => RUNTIME_NAMES.find((r) => !runtimesOf(p).includes(r))!;

describe('predict --runtime', () => {
  it('should refuse a unit without the profile in one line: the unit, the runtime, its profiles, the units that have one', async () => {
    const a57 = runtimesOfUnit(nano, unitOf(nano, 'a57'));
    expectOneLineRefusal(
      await run('predict', '--platform', 'jetson-nano', '--unit', 'a57', '--runtime', 'pytorch'),
      'unit a57 of jetson-nano has no time profile for runtime pytorch',
      `its profiles: ${a57.join(', ')}`,
      'units with one: gpu',
    );
    const none = missingOn(nano);
    expectOneLineRefusal(
      await run('predict', '--platform', 'jetson-nano', '--unit', 'a57', '--runtime', none),
      `unit a57 of jetson-nano has no time profile for runtime ${none}`,
      `its profiles: ${a57.join(', ')}`,
      'units with one: none',
    );
    expectOneLineRefusal(
      await run('predict', '--platform', 'jetson-nano', '--unit', 'a57', '--runtime', 'tflite'),
      "unknown runtime 'tflite'",
      RUNTIME_NAMES.join(', '),
    );
  });

  it("should predict with the runtime's block and say so", async () => {
    const config = { groups: 4, unit: 'a57', cores: 4, freqMHz: { a57: 1479 } };
    const j = await runJson('predict', '--platform', 'jetson-nano', '--unit', 'a57', '--runtime', 'ncnn', '--json');
    expect(j.runtime).toBe('ncnn');
    expect(j.timeMs).toBe(predict(nano, dnn, { ...config, freqMHz: j.config.freqMHz }, { runtime: 'ncnn' }).timeMs);
    expect(j.timeMs).not.toBe(predict(nano, dnn, { ...config, freqMHz: j.config.freqMHz }).timeMs);
    const r = await run('predict', '--platform', 'jetson-nano', '--unit', 'a57', '--runtime', 'ncnn');
    expect(r.out).toMatch(/^config: 4 groups on a57 x4 \(runtime ncnn\), /);
  });
});

describe('space --runtime', () => {
  it('should refuse a runtime no unit has in one line, naming the platform and the profiles it has', async () => {
    const none = missingOn(xu3);
    expectOneLineRefusal(
      await run('space', '--platform', 'odroid-xu3', '--runtime', none),
      `runtime ${none}: no unit of odroid-xu3 has a time profile for it`,
      `(profiles: ${runtimesOf(xu3).join(', ')})`,
    );
  });

  it('should predict only the units with the profile, and name the runtime in --json and in the text', async () => {
    const j = await runJson('space', '--platform', 'jetson-nano', '--runtime', 'pytorch', '--json');
    expect(j.runtime).toBe('pytorch');
    expect(new Set(j.configs.map((c: { config: { unit: string } }) => c.config.unit))).toEqual(new Set(['gpu']));
    expect(j.count).toBe(dnn.groups * unitOf(nano, 'gpu').opps.points.length);
    expect((await runJson('space', '--platform', 'jetson-nano', '--json')).runtime).toBeUndefined();
    const r = await run('space', '--platform', 'jetson-nano', '--runtime', 'pytorch', '--pareto', 'time,energy');
    expect(r.out).toMatch(/^alexnet-cifar10-g4 on jetson-nano \(runtime pytorch\): Pareto front over time, energy: /);
  });
});

describe('simulate --runtime', () => {
  it('should refuse a scenario whose first unit has no such profile, naming it and what it has', async () => {
    expectOneLineRefusal(
      await run('simulate', 'nano-maxn-to-5w', '--runtime', 'pytorch', '--duration', '1'),
      'unit a57 of jetson-nano has no time profile for runtime pytorch',
      `its profiles: ${runtimesOfUnit(nano, unitOf(nano, 'a57')).join(', ')}`,
      'units with one: gpu',
    );
    const none = missingOn(nano);
    expectOneLineRefusal(
      await run('simulate', 'nano-gpu-coworkload', '--runtime', none, '--duration', '1'),
      `runtime ${none}: no unit of jetson-nano has a time profile for it`,
    );
  });

  it("should run the scenario on the runtime's profiles", async () => {
    const args = ['simulate', 'nano-maxn-to-5w', '--duration', '2', '--json'];
    const own = (await runJson(...args)).results[0].metrics;
    const ncnn = (await runJson(...args, '--runtime', 'ncnn')).results[0].metrics;
    expect(ncnn.inferences).toBeGreaterThan(0);
    // The A57's ncnn block is not its own: the same requests take other times.
    expect(ncnn.latencyMs.p50).not.toBe(own.latencyMs.p50);
  });
});

function csv(data: readonly Measurement[], rails: readonly string[]): string {
  const header = [
    'platform',
    'unit',
    'dnn',
    'groups',
    'cores',
    'freqMHz',
    'busyCores',
    'temperatureC',
    'layer',
    'timeMs',
  ];
  const lines = data.map((r) =>
    [
      r.platform,
      r.unit,
      r.dnn,
      r.groups,
      r.cores,
      r.freqMHz,
      r.busyCores,
      '',
      r.layer ?? '',
      r.timeMs,
      ...rails.map((rail) => r.powerW[rail] ?? ''),
    ].join(','),
  );
  return `${[[...header, ...rails.map((r) => `power_${r}_W`)].join(','), ...lines].join('\n')}\n`;
}

describe('calibrate --runtime', () => {
  // The truth: the Nano whose A57 runs ncnn at other speeds than the platform file says.
  const truth = truePlatform(nano, (p) => {
    Object.assign(p.units[0].runtimes.ncnn.perf.conv, {
      workPerCycle: 4,
      parallelFraction: 0.9,
      bandwidthGBs: 3,
      overheadMs: 0.2,
    });
  });
  const rails = nano.rails.map((r) => r.name);
  const rows = sweep(withRuntime(truth, 'ncnn'), dnn, {
    units: ['a57'],
    groups: [1, 2, 4],
    cores: [1, 2, 3, 4],
    freqs: { a57: [614.4, 1036.8, 1479] },
    layers: [null, 'conv1', 'conv2', 'conv3', 'fc6', 'pool1'],
    noise: 0.01,
    seed: 13,
  });
  const measurements = file('nano-ncnn.csv', csv(rows, rails));

  it("should fit the A57's ncnn block, write it under runtimes.ncnn and leave the other blocks as they were", async () => {
    const out = join(dir, 'nano-ncnn.json');
    const j = await runJson(
      'calibrate',
      measurements,
      '--platform',
      'jetson-nano',
      '--runtime',
      'ncnn',
      '--out',
      out,
      '--json',
    );
    expect(j.runtime).toBe('ncnn');
    expect(j.validation.time.within10).toBeGreaterThan(0.95);
    const written = loadPlatformFile(out);
    const a57 = unitOf(written, 'a57');
    const conv = a57.runtimes!.ncnn!.perf.conv;
    expect(Math.abs(conv.workPerCycle / 4 - 1)).toBeLessThan(0.05);
    expect(conv.calibration?.note).toMatch(/^time of conv layers on ncnn/);
    expect(a57.perf).toEqual(unitOf(nano, 'a57').perf);
    expect(unitOf(written, 'gpu')).toEqual(unitOf(nano, 'gpu'));
    // Power is the unit's, whatever the runtime: the fit on its own rail is kept.
    expect(a57.power.form === 'powmon' ? a57.power.betas.calibration : a57.power.dynamic.calibration).toBeDefined();
    const p = await runJson(
      'predict',
      '--platform-file',
      out,
      '--unit',
      'a57',
      '--runtime',
      'ncnn',
      '--cores',
      '2',
      '--freq',
      '1224',
      '--json',
    );
    const real = predict(truth, dnn, { groups: 4, unit: 'a57', cores: 2, freqMHz: { a57: 1224 } }, { runtime: 'ncnn' });
    expect(Math.abs(p.timeMs / real.timeMs - 1)).toBeLessThan(0.05);
  });

  it('should say the runtime in the text', async () => {
    const r = await run(
      'calibrate',
      measurements,
      '--platform',
      'jetson-nano',
      '--runtime',
      'ncnn',
      '--out',
      join(dir, 'text.json'),
    );
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/^calibrating jetson-nano \(runtime ncnn\) for alexnet-cifar10-g4 on /);
    expect(r.out).toMatch(/^jetson-nano \(runtime ncnn\), alexnet-cifar10-g4: \d+ rows fitted/);
  });

  it('should refuse an unknown runtime in one line and write nothing', async () => {
    const out = join(dir, 'never.json');
    expectOneLineRefusal(
      await run('calibrate', measurements, '--platform', 'jetson-nano', '--runtime', 'tflite', '--out', out),
      "unknown runtime 'tflite'",
      RUNTIME_NAMES.join(', '),
    );
    expect(existsSync(out)).toBe(false);
  });

  it('should refuse a unit whose own profile no runtime names, naming the unit and the runtime, and write nothing', async () => {
    const unnamed = structuredClone(platformById('host')) as Platform & { $schema?: string };
    delete unnamed.defaultRuntime;
    const platformFile = file('host-unnamed.json', JSON.stringify(unnamed));
    const hostRows = sweep(platformById('host'), dnn, {
      units: ['cpu'],
      groups: [1, 2, 3, 4],
      cores: [1, 2],
      freqs: { cpu: [2000] },
      layers: [null],
      noise: 0,
      seed: 1,
    });
    const out = join(dir, 'never-host.json');
    expectOneLineRefusal(
      await run(
        'calibrate',
        file('host.csv', csv(hostRows, [])),
        '--platform-file',
        platformFile,
        '--runtime',
        'ncnn',
        '--out',
        out,
      ),
      '--runtime ncnn: unit cpu of host has one time profile and no runtime names it',
    );
    expect(existsSync(out)).toBe(false);
  });
});
