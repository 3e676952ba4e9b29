import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Measurement } from '../../calibration/types.js';
import { networkById } from '../../dnn/builtinNetworks.js';
import { platformById } from '../../models/builtinPlatforms.js';
import { loadPlatformFile } from '../../models/loadPlatformFile.js';
import { sweep, truePlatform } from '../calibration/synthetic.js';
import { expectOneLineRefusal, run, runJson } from './run.js';

const dnn = networkById('alexnet-cifar10-g4');
const xu3 = platformById('odroid-xu3');
const truth = truePlatform(xu3, (p) => {
  p.units[0].perf.conv.workPerCycle = 0.25;
  p.units[1].perf.conv.workPerCycle = 0.7;
});
const rows = sweep(truth, dnn, {
  units: ['a7', 'a15'],
  groups: [1, 2, 4],
  cores: [1, 2, 4],
  freqs: { a7: [600, 1000, 1400], a15: [800, 1400, 2000] },
  layers: [null, 'conv2', 'fc6', 'pool1'],
  noise: 0.01,
  seed: 5,
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
    ...rails.map((r) => `power_${r}_W`),
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
      r.temperatureC ?? '',
      r.layer ?? '',
      r.timeMs,
      ...rails.map((rail) => r.powerW[rail] ?? ''),
    ].join(','),
  );
  return `${[header.join(','), ...lines].join('\n')}\n`;
}

const dir = mkdtempSync(join(tmpdir(), 'twinrtm-calibrate-'));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const measurements = file('m.csv', csv(rows, ['VDD_ARM', 'VDD_KFC']));

describe('twinrtm calibrate', () => {
  it('should print the contract JSON: params, validation of time, power and energy, outliers', async () => {
    const out = join(dir, 'cal.json');
    const j = await runJson('calibrate', measurements, '--platform', 'odroid-xu3', '--out', out, '--json');
    expect(Object.keys(j)).toEqual(expect.arrayContaining(['params', 'validation', 'outliers']));
    for (const q of ['time', 'power', 'energy']) {
      expect(Object.keys(j.validation[q]).sort()).toEqual(['mape', 'n', 'rmse', 'spearman', 'within10', 'within5']);
    }
    expect(j.validation.time.n).toBe(rows.length);
    expect(j.validation.time.within10).toBeGreaterThan(0.95);
    expect(j.params.map((p: { unit: string }) => p.unit)).toEqual(['a7', 'a15']);
    expect(j.outliers).toEqual([]);
  });

  it('should write a calibrated platform that loads and that predict and simulate accept', async () => {
    const out = join(dir, 'cal2.json');
    const r = await run('calibrate', measurements, '--platform', 'odroid-xu3', '--out', out);
    expect(r.code).toBe(0);
    const calibrated = loadPlatformFile(out);
    expect(calibrated.units[1]!.perf.conv.calibration?.dataSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(Math.abs(calibrated.units[1]!.perf.conv.workPerCycle / 0.7 - 1)).toBeLessThan(0.05);
    const p = await runJson('predict', '--platform-file', out, '--unit', 'a15', '--json');
    expect(p.timeMs).toBeGreaterThan(0);
    const s = await runJson('simulate', 'xu3-steady-30fps', '--platform-file', out, '--duration', '1', '--json');
    expect(s.results[0].metrics.inferences).toBeGreaterThan(0);
  });

  it('should print the fitted parameters and the validation table', async () => {
    const r = await run('calibrate', measurements, '--platform', 'odroid-xu3', '--out', join(dir, 'cal3.json'));
    expect(r.out).toMatch(/fitted parameters/);
    expect(r.out).toMatch(/5-fold cross-validation/);
    expect(r.out).toMatch(/^all\s+time\s+/m);
  });

  it('should give null power and energy for a file without power columns', async () => {
    const path = file('nopower.csv', csv(rows, []));
    const j = await runJson('calibrate', path, '--platform', 'odroid-xu3', '--out', join(dir, 'cal4.json'), '--json');
    expect(j.validation.power).toBeNull();
    expect(j.validation.energy).toBeNull();
  });

  it('should refuse a file with bad values, listing each with its line and column, and write nothing', async () => {
    const text = csv(rows.slice(0, 3), ['VDD_ARM']).replace(
      /\n([^\n]*)\n$/,
      '\nodroid-xu3,a99,alexnet-cifar10-g4,2,2,1000,0,,,-3,\n',
    );
    const out = join(dir, 'never.json');
    const r = await run('calibrate', file('bad.csv', text), '--platform', 'odroid-xu3', '--out', out);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/bad\.csv:4: unit: /);
    expect(r.err).toMatch(/bad\.csv:4: timeMs: /);
    expect(() => readFileSync(out)).toThrow();
  });

  it('should drop bad rows with --lenient and say how many', async () => {
    const text = `${csv(rows, ['VDD_ARM'])}odroid-xu3,a15,alexnet-cifar10-g4,2,9,1000,0,,,3,\n`;
    const r = await run(
      'calibrate',
      file('lenient.csv', text),
      '--platform',
      'odroid-xu3',
      '--out',
      join(dir, 'cal5.json'),
      '--lenient',
    );
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/1 bad rows dropped/);
    expect(r.out).toMatch(/dropped line \d+: cores: /);
  });

  it('should validate a held-out file', async () => {
    const holdout = sweep(truth, dnn, {
      units: ['a15'],
      groups: [3],
      cores: [3],
      freqs: { a15: [1200] },
      layers: [null],
      noise: 0,
      seed: 1,
    });
    const j = await runJson(
      'calibrate',
      measurements,
      '--platform',
      'odroid-xu3',
      '--out',
      join(dir, 'cal6.json'),
      '--holdout',
      file('h.csv', csv(holdout, [])),
      '--json',
    );
    expect(j.validation.holdout.time.n).toBe(1);
  });

  it('should refuse too few folds and a missing file in one line', async () => {
    expectOneLineRefusal(
      await run('calibrate', measurements, '--out', join(dir, 'x.json'), '--folds', '1'),
      '--folds 1 must be at least 2',
    );
    expectOneLineRefusal(await run('calibrate', join(dir, 'absent.csv'), '--out', join(dir, 'x.json')), 'absent.csv');
  });
});

describe('twinrtm calibrate on too little data', () => {
  it('refuses two rows, or many rows of one configuration, in one line naming the unit and what it needs', async () => {
    const two = file('two.csv', csv(rows.filter((r) => r.unit === 'a15' && r.layer === null).slice(0, 2), ['VDD_ARM']));
    expectOneLineRefusal(
      await run('calibrate', two, '--platform', 'odroid-xu3', '--out', join(dir, 'two.json')),
      'unit a15 has 2 distinct measurement(s)',
      'needs at least 6',
    );
    const one = rows.find((r) => r.unit === 'a15' && r.layer === null)!;
    const same = file(
      'same.csv',
      csv(
        Array.from({ length: 12 }, () => one),
        ['VDD_ARM'],
      ),
    );
    expectOneLineRefusal(
      await run('calibrate', same, '--platform', 'odroid-xu3', '--out', join(dir, 'same.json')),
      'unit a15 has 1 distinct measurement(s)',
    );
    expect(existsSync(join(dir, 'two.json')) || existsSync(join(dir, 'same.json'))).toBe(false);
  });
});
