import { describe, expect, it } from 'vitest';
import { calibrationPairs } from '../../../calibration/validate/calibrationPairs.js';
import { summariseValidation } from '../../../calibration/validate/summariseValidation.js';
import { networkById } from '../../../dnn/builtinNetworks.js';
import { platformById } from '../../../models/builtinPlatforms.js';
import { sweep, truePlatform } from '../synthetic.js';

const dnn = networkById('alexnet-cifar10-g4');
const xu3 = platformById('odroid-xu3');
const spec = {
  units: ['a7', 'a15'],
  groups: [1, 4],
  cores: [1, 4],
  freqs: { a7: [600, 1400], a15: [800, 2000] },
  layers: [null, 'conv2'],
  noise: 0,
  seed: 1,
};

describe('calibrationPairs', () => {
  it('finds no error in rows the twin itself generated: a time for every row, a power for every whole inference', () => {
    const rows = sweep(xu3, dnn, spec);
    const pairs = calibrationPairs(xu3, dnn, rows);
    expect(pairs.filter((p) => p.quantity === 'time')).toHaveLength(rows.length);
    expect(pairs.filter((p) => p.quantity === 'power')).toHaveLength(rows.filter((r) => r.layer === null).length);
    for (const p of pairs) expect(Math.abs(p.predicted - p.measured) / p.measured).toBeLessThan(1e-12);
    // The XU3's units run the platform's default runtime.
    expect(new Set(pairs.map((p) => p.runtime))).toEqual(new Set(['onnxruntime']));
  });

  it('sees a unit run twice as fast as the twin thinks as about -50 % on its compute-bound rows', () => {
    const truth = truePlatform(xu3, (p) => {
      p.units[1].perf.conv.workPerCycle *= 2;
      p.units[1].perf.fc.workPerCycle *= 2;
      p.units[1].perf.pool.workPerCycle *= 2;
    });
    const rows = sweep(truth, dnn, spec);
    const report = summariseValidation('calibration', rows.length, calibrationPairs(xu3, dnn, rows), 5);
    const a15 = report.groups.find((g) => g.unit === 'a15' && g.quantity === 'time')!;
    const a7 = report.groups.find((g) => g.unit === 'a7' && g.quantity === 'time')!;
    expect(a7.mapePct).toBeLessThan(1e-9);
    // The twin predicts slower than measured: positive errors, at most +100 % (all compute), not below 0.
    expect(a15.biasPct).toBeGreaterThan(10);
    expect(a15.biasPct).toBeLessThanOrEqual(100 + 1e-9);
    expect(report.worst.every((w) => w.unit === 'a15')).toBe(true);
  });
});
