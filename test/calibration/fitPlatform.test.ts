import { describe, expect, it } from 'vitest';
import { calibrate } from '../../calibration/calibrate.js';
import { fitPlatform } from '../../calibration/fitPlatform.js';
import { predictRow } from '../../calibration/predictRow.js';
import { networkById } from '../../dnn/builtinNetworks.js';
import { platformById } from '../../models/builtinPlatforms.js';
import { predict } from '../../models/predict.js';
import type { PowmonPower } from '../../models/types.js';
import { sweep, truePlatform } from './synthetic.js';

const dnn = networkById('alexnet-cifar10-g4');
const xu3 = platformById('odroid-xu3');
const ALL_LAYERS = [null, ...dnn.layers.map((l) => l.name)];
const provenance = { dataSha256: 'a'.repeat(64), date: '2026-11-26' };

// The truth differs from the priors by tens of percent in every fitted parameter.
const truth = truePlatform(xu3, (p) => {
  const a15 = p.units[1];
  a15.perf.conv = { ...a15.perf.conv, workPerCycle: 0.7, parallelFraction: 0.9, bandwidthGBs: 2.5, overheadMs: 0.05 };
  a15.perf.fc = { ...a15.perf.fc, workPerCycle: 0.3, parallelFraction: 0.8, bandwidthGBs: 2, overheadMs: 0.04 };
  a15.perf.pool = { ...a15.perf.pool, workPerCycle: 0.4, parallelFraction: 0.85, bandwidthGBs: 3, overheadMs: 0.03 };
  a15.power.static.coefficients = a15.power.static.coefficients.map((c: number) => c * 1.2);
  a15.power.betas.values = Object.fromEntries(
    Object.entries(a15.power.betas.values).map(([e, b]) => [e, (b as number) * 0.8]),
  );
});
const rows = sweep(truth, dnn, {
  units: ['a15'],
  groups: [1, 2, 3, 4],
  cores: [1, 2, 3, 4],
  freqs: { a15: [600, 1000, 1400, 1800] },
  layers: ALL_LAYERS,
  noise: 0.02,
  seed: 11,
});

describe('fitPlatform on measurements generated from known parameters (2 % noise)', () => {
  const { platform, fits } = fitPlatform(xu3, dnn, rows, provenance);
  const a15 = platform.units.find((u) => u.id === 'a15')!;

  it.each([
    ['conv', 0.7, 0.9, 2.5, 0.05],
    ['fc', 0.3, 0.8, 2, 0.04],
    ['pool', 0.4, 0.85, 3, 0.03],
  ] as const)(
    'should recover %s MACs per cycle within 3 %, the parallel fraction within 0.03, bandwidth within 10 %, overhead within 0.01 ms',
    (kind, eta, p, bw, c) => {
      const perf = a15.perf[kind];
      expect(Math.abs(perf.workPerCycle / eta - 1)).toBeLessThan(0.03);
      expect(Math.abs(perf.parallelFraction - p)).toBeLessThan(0.03);
      expect(Math.abs(perf.bandwidthGBs! / bw - 1)).toBeLessThan(0.1);
      expect(Math.abs(perf.overheadMs - c)).toBeLessThan(0.01);
      // No contention in the truth: the fit finds next to none.
      expect(perf.contention ?? 0).toBeLessThan(0.01);
    },
  );

  it('should recover the static and dynamic power scales within 5 %', () => {
    const power = fits.find((f) => f.unit === 'a15')!.power!;
    expect(power.rail).toBe('VDD_ARM');
    expect(Math.abs(power.staticScale / 1.2 - 1)).toBeLessThan(0.05);
    expect(Math.abs(power.dynamicScale / 0.8 - 1)).toBeLessThan(0.05);
  });

  it('should mark every fitted block with its calibration and leave unmeasured units alone', () => {
    expect(a15.perf.conv.calibration).toMatchObject({ dataSha256: 'a'.repeat(64), date: '2026-11-26', rows: 704 });
    expect(a15.perf.conv.prior).toBeUndefined();
    expect((a15.power as PowmonPower).betas.calibration?.rows).toBe(64);
    const a7 = platform.units.find((u) => u.id === 'a7')!;
    expect(a7).toEqual(xu3.units.find((u) => u.id === 'a7'));
  });

  it('should give a platform that predict() accepts and that predicts the truth within 5 %', () => {
    const config = { groups: 3, unit: 'a15', cores: 2, freqMHz: { a15: 1200 } };
    const fitted = predict(platform, dnn, config);
    const real = predict(truth, dnn, config);
    expect(Math.abs(fitted.timeMs / real.timeMs - 1)).toBeLessThan(0.05);
    expect(Math.abs(fitted.energyMJ / real.energyMJ - 1)).toBeLessThan(0.05);
  });

  it('should fit one parameter set for every kind when only whole inferences were measured', () => {
    const whole = rows.filter((r) => r.layer === null);
    const tied = fitPlatform(xu3, dnn, whole, provenance);
    const t = tied.fits[0]!.time!;
    expect(t.tied).toBe(true);
    expect(tied.platform.units[1]!.perf.conv.workPerCycle).toBe(tied.platform.units[1]!.perf.fc.workPerCycle);
    expect(tied.platform.units[1]!.perf.conv.calibration?.note).toMatch(/one parameter set for every layer kind/);
  });
});

describe('calibrate', () => {
  it('should cross-validate on held-out configurations with errors near the noise', () => {
    const result = calibrate(xu3, dnn, rows, { ...provenance, folds: 5 });
    expect(result.validation.folds).toBe(5);
    expect(result.validation.time!.n).toBe(rows.length);
    expect(result.validation.time!.mape).toBeLessThan(3);
    expect(result.validation.time!.within10).toBeGreaterThan(0.99);
    expect(result.validation.time!.spearman!).toBeGreaterThan(0.99);
    expect(result.validation.power!.n).toBe(64);
    expect(result.validation.energy!.mape).toBeLessThan(5);
    expect(Object.keys(result.validation.perUnit)).toEqual(['a15']);
  });

  it('should report, drop and refit without a row far off the model', () => {
    const bad = rows.map((r, i) => (i === 5 ? { ...r, timeMs: r.timeMs * 6 } : r));
    const result = calibrate(xu3, dnn, bad, provenance);
    expect(result.outliers).toEqual([expect.objectContaining({ line: bad[5]!.line, quantity: 'time', unit: 'a15' })]);
    expect(result.rows).toBe(rows.length - 1);
    expect(result.validation.time!.mape).toBeLessThan(3);
  });

  it('should give null power and energy validation for a file without power', () => {
    const noPower = rows.map((r) => ({ ...r, powerW: {} }));
    const result = calibrate(xu3, dnn, noPower, provenance);
    expect(result.validation.power).toBeNull();
    expect(result.validation.energy).toBeNull();
  });

  it('should predict a held-out file with the final fit', () => {
    const holdout = sweep(truth, dnn, {
      units: ['a15'],
      groups: [2],
      cores: [3],
      freqs: { a15: [1200, 1600] },
      layers: [null],
      noise: 0,
      seed: 3,
    });
    const result = calibrate(xu3, dnn, rows, { ...provenance, holdout });
    expect(result.validation.holdout!.time!.n).toBe(2);
    expect(result.validation.holdout!.time!.within5).toBe(1);
  });

  it("should measure the held-out file against the fitted file's own medians: the machine against itself", () => {
    // Every configuration 20 % slower the second time: the fitted file's medians are 1/6 off each.
    const slower = rows.map((r) => ({ ...r, timeMs: r.timeMs * 1.2 }));
    const floor = calibrate(xu3, dnn, rows, { ...provenance, holdout: slower }).validation.holdout!.repeatability!;
    const configurations = new Set(
      rows.filter((r) => r.layer === null).map((r) => `${r.unit}|${r.groups}|${r.cores}|${r.freqMHz}|${r.busyCores}`),
    );
    expect(floor.n).toBe(configurations.size);
    expect(floor.mape).toBeCloseTo(100 / 6, 9);
    expect(floor.within10).toBe(0);
    // No configuration in common: nothing to compare.
    const other = sweep(truth, dnn, {
      units: ['a15'],
      groups: [2],
      cores: [3],
      freqs: { a15: [1200] },
      layers: [null],
      noise: 0,
      seed: 3,
    });
    const unseen = other.filter(
      (r) => !configurations.has(`${r.unit}|${r.groups}|${r.cores}|${r.freqMHz}|${r.busyCores}`),
    );
    expect(unseen.length).toBeGreaterThan(0);
    expect(calibrate(xu3, dnn, rows, { ...provenance, holdout: unseen }).validation.holdout!.repeatability).toBeNull();
  });

  it('should record the cross-validated time error in the calibrated blocks', () => {
    const result = calibrate(xu3, dnn, rows, provenance);
    const mape = result.platform.units[1]!.perf.conv.calibration!.mapePct!;
    expect(mape).toBeCloseTo(result.validation.perUnit.a15!.time!.mape, 9);
  });
});

describe('predictRow', () => {
  it('should agree with predict() for a whole inference and for one layer', () => {
    const row = rows.find((r) => r.layer === null && r.groups === 2 && r.cores === 3 && r.freqMHz === 1400)!;
    const p = predict(
      xu3,
      dnn,
      { groups: 2, unit: 'a15', cores: 3, freqMHz: { a15: 1400 } },
      { contention: { busyCores: { a15: 0 } } },
    );
    expect(predictRow(xu3, dnn, row).timeMs).toBe(p.timeMs);
    const layerRow = { ...row, layer: 'conv3' };
    expect(predictRow(xu3, dnn, layerRow).timeMs).toBe(p.layers.find((l) => l.name === 'conv3')!.timeMs);
  });
});

describe('fitPlatform on a unit whose time has no memory-bound part', () => {
  // Whole inferences only, from a truth without a per-byte term: the fit pins that term at zero.
  const computeBound = truePlatform(xu3, (p) => {
    const a15 = p.units[1];
    for (const kind of ['conv', 'fc', 'pool'] as const)
      a15.perf[kind] = {
        ...a15.perf[kind],
        workPerCycle: 6,
        parallelFraction: 0.3,
        bandwidthGBs: null,
        overheadMs: 0.02,
      };
  });
  const whole = sweep(computeBound, dnn, {
    units: ['a15'],
    groups: [1, 2, 3, 4],
    cores: [1, 2, 4],
    freqs: { a15: [1000, 1800] },
    layers: [null],
    noise: 0,
    seed: 5,
  });

  it('should say there is no bandwidth (null), not keep the prior, so its predictions are the fitted model', () => {
    const result = calibrate(xu3, dnn, whole, provenance);
    const conv = result.platform.units[1]!.perf.conv;
    expect(conv.bandwidthGBs).toBeNull();
    expect(conv.calibration?.note).toContain('the per-byte term fitted to zero');
    expect(Math.abs(conv.workPerCycle / 6 - 1)).toBeLessThan(0.01);
    expect(result.validation.configurationTime!.mape).toBeLessThan(1);
    for (const r of whole) expect(predictRow(result.platform, dnn, r).timeMs).toBeCloseTo(r.timeMs, 6);
  });
});

describe('fitPlatform on a unit whose threads cost time (contention)', () => {
  // Two threads slower than one at p = 0.3: 0.7 + 0.15 + 0.4 = 1.25 of the one-thread time.
  const contended = truePlatform(xu3, (p) => {
    const a15 = p.units[1];
    for (const kind of ['conv', 'fc', 'pool'] as const)
      a15.perf[kind] = {
        ...a15.perf[kind],
        workPerCycle: 0.8,
        parallelFraction: 0.3,
        contention: 0.4,
        overheadMs: 0.02,
      };
  });
  const measured = sweep(contended, dnn, {
    units: ['a15'],
    groups: [1, 2, 3, 4],
    cores: [1, 2, 3, 4],
    freqs: { a15: [1000, 1800] },
    layers: ALL_LAYERS,
    noise: 0.02,
    seed: 9,
  });

  // p and k trade off against each other over n = 1..4: 2 % noise moves p by up to about 0.06.
  it('should recover k within 0.03 and the parallel fraction within 0.07, and predict within 3 %', () => {
    const result = calibrate(xu3, dnn, measured, provenance);
    for (const kind of ['conv', 'fc', 'pool'] as const) {
      const perf = result.platform.units[1]!.perf[kind];
      expect(Math.abs((perf.contention ?? 0) - 0.4)).toBeLessThan(0.03);
      expect(Math.abs(perf.parallelFraction - 0.3)).toBeLessThan(0.07);
    }
    expect(result.validation.configurationTime!.mape).toBeLessThan(3);
  });
});

describe('fitPlatform with two core counts, where p and k cannot be told apart', () => {
  const slowerOnTwo = truePlatform(xu3, (p) => {
    const a15 = p.units[1];
    for (const kind of ['conv', 'fc', 'pool'] as const)
      a15.perf[kind] = { ...a15.perf[kind], workPerCycle: 0.8, parallelFraction: 0, contention: 0.2, overheadMs: 0.02 };
  });
  const measured = sweep(slowerOnTwo, dnn, {
    units: ['a15'],
    groups: [1, 2, 3, 4],
    cores: [1, 2],
    freqs: { a15: [1000, 1800] },
    layers: ALL_LAYERS,
    noise: 0,
    seed: 9,
  });

  it('should fit the two-thread time with one of them at 0, and say contention is not identified', () => {
    const result = calibrate(xu3, dnn, measured, provenance);
    const perf = result.platform.units[1]!.perf.conv;
    expect(perf.parallelFraction).toBe(0);
    expect(perf.contention).toBeCloseTo(0.2, 6);
    expect(result.fits[0]!.time!.kinds.conv!.identified.contention).toBe(false);
    expect(perf.calibration?.note).toContain('told apart only by three or more core counts');
    for (const r of measured) expect(predictRow(result.platform, dnn, r).timeMs).toBeCloseTo(r.timeMs, 6);
  });
});
