import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fitPlatform } from '../../calibration/fitPlatform.js';
import { startOnRuntime, withFittedRuntime } from '../../calibration/runtimeBlocks.js';
import type { Measurement } from '../../calibration/types.js';
import { networkById } from '../../dnn/builtinNetworks.js';
import { InputError } from '../../dnn/inputError.js';
import { builtinPlatforms, platformById } from '../../models/builtinPlatforms.js';
import { checkConfiguration } from '../../models/checkConfiguration.js';
import { checkPlatform } from '../../models/checkPlatform.js';
import { predict } from '../../models/predict.js';
import { ownRuntimeOf, RUNTIME_NAMES, withRuntime } from '../../models/runtimes.js';
import type { PerfParams, Platform } from '../../models/types.js';
import { sweep, truePlatform } from './synthetic.js';

const dnn = networkById('alexnet-cifar10-g4');
const nano = platformById('jetson-nano');
const xu3 = platformById('odroid-xu3');
const ALL_LAYERS = [null, ...dnn.layers.map((l) => l.name)];
const provenance = { dataSha256: 'b'.repeat(64), date: '2026-12-04' };
const numbers = ({ workPerCycle, parallelFraction, bandwidthGBs, overheadMs }: PerfParams) => ({
  workPerCycle,
  parallelFraction,
  bandwidthGBs,
  overheadMs,
});
const withoutPower = (rows: Measurement[]) => rows.map((r) => ({ ...r, powerW: {} }));

/** Fits `runtime` on rows as `calibrate --runtime` does, and writes the blocks back. */
function fitOnRuntime(platform: Platform, runtime: 'ncnn' | 'onnxruntime', rows: readonly Measurement[]) {
  const start = startOnRuntime(platform, runtime, [...new Set(rows.map((r) => r.unit))]);
  const fitted = fitPlatform(start, dnn, rows, provenance);
  return { ...fitted, out: withFittedRuntime(platform, fitted.platform, runtime) };
}

const TRUE_A57 = {
  conv: { workPerCycle: 4, parallelFraction: 0.9, bandwidthGBs: 3, overheadMs: 0.2 },
  fc: { workPerCycle: 0.4, parallelFraction: 0.8, bandwidthGBs: 2, overheadMs: 0.05 },
  pool: { workPerCycle: 2, parallelFraction: 0.85, bandwidthGBs: 4, overheadMs: 0.03 },
} as const;

describe('calibrating the ncnn block of the Nano A57 on measurements generated from known parameters (2 % noise)', () => {
  // The truth's ncnn block differs from the platform's (fitted to ncnn's table) in every parameter.
  const truth = truePlatform(nano, (p) => {
    for (const [kind, v] of Object.entries(TRUE_A57)) Object.assign(p.units[0].runtimes.ncnn.perf[kind], v);
  });
  const rows = withoutPower(
    sweep(withRuntime(truth, 'ncnn'), dnn, {
      units: ['a57'],
      groups: [1, 2, 3, 4],
      cores: [1, 2, 3, 4],
      freqs: { a57: [518.4, 921.6, 1224, 1479] },
      layers: ALL_LAYERS,
      noise: 0.02,
      seed: 21,
    }),
  );
  const { out } = fitOnRuntime(nano, 'ncnn', rows);
  const a57 = out.units.find((u) => u.id === 'a57')!;
  const before = nano.units.find((u) => u.id === 'a57')!;

  it.each(Object.entries(TRUE_A57))('should recover the %s block under runtimes.ncnn', (kind, v) => {
    const perf = a57.runtimes!.ncnn!.perf[kind as keyof typeof TRUE_A57];
    expect(Math.abs(perf.workPerCycle / v.workPerCycle - 1)).toBeLessThan(0.03);
    expect(Math.abs(perf.parallelFraction - v.parallelFraction)).toBeLessThan(0.03);
    expect(Math.abs(perf.bandwidthGBs! / v.bandwidthGBs - 1)).toBeLessThan(0.1);
    expect(Math.abs(perf.overheadMs - v.overheadMs)).toBeLessThan(0.01);
    expect(perf.calibration).toMatchObject({ dataSha256: 'b'.repeat(64), date: '2026-12-04' });
    expect(perf.calibration?.note).toMatch(new RegExp(`^time of ${kind} layers on ncnn`));
    expect(perf.prior).toBeUndefined();
  });

  it('should leave every other block as it was: the A57 own block, the GPU, the rest of the file', () => {
    expect({ ...a57, runtimes: {} }).toEqual({ ...before, runtimes: {} });
    expect(out.units.find((u) => u.id === 'gpu')).toEqual(nano.units.find((u) => u.id === 'gpu'));
    expect({ ...out, units: [] }).toEqual({ ...nano, units: [] });
    expect(out.runtime).toBeUndefined();
  });

  it('should predict the truth on ncnn within 5 % and the own runtime as before', () => {
    const config = { groups: 3, unit: 'a57', cores: 2, freqMHz: { a57: 1224 } };
    const fitted = predict(out, dnn, config, { runtime: 'ncnn' }).timeMs;
    expect(Math.abs(fitted / predict(truth, dnn, config, { runtime: 'ncnn' }).timeMs - 1)).toBeLessThan(0.05);
    expect(predict(out, dnn, config).timeMs).toBe(predict(nano, dnn, config).timeMs);
  });
});

describe('calibrating a unit on its own runtime with --runtime', () => {
  it("should write the fit into the unit's perf and keep its other runtimes' blocks", () => {
    const truth = truePlatform(nano, (p) => {
      for (const [kind, v] of Object.entries(TRUE_A57)) Object.assign(p.units[0].perf[kind], v);
    });
    const rows = withoutPower(
      sweep(truth, dnn, {
        units: ['a57'],
        groups: [2, 4],
        cores: [1, 2, 4],
        freqs: { a57: [614.4, 1036.8, 1479] },
        layers: ALL_LAYERS,
        noise: 0.01,
        seed: 8,
      }),
    );
    const { out } = fitOnRuntime(nano, 'onnxruntime', rows);
    const a57 = out.units.find((u) => u.id === 'a57')!;
    expect(a57.runtime).toBeUndefined();
    expect(Math.abs(a57.perf.conv.workPerCycle / TRUE_A57.conv.workPerCycle - 1)).toBeLessThan(0.03);
    expect(a57.perf.conv.calibration?.note).toMatch(/^time of conv layers on onnxruntime/);
    expect(a57.runtimes).toEqual(nano.units[0]!.runtimes);
  });
});

describe('calibrating a runtime a unit has no block for yet', () => {
  // The XU3 with no unit on ncnn yet; the A15 measured on it, only conv layers, so fc and pool stay
  // the copies of its own block.
  const bare = truePlatform(xu3, (p) => {
    for (const u of p.units) delete u.runtimes;
  });
  const truth = truePlatform(bare, (p) => {
    const a15 = p.units[1];
    const perf = structuredClone(a15.perf);
    perf.conv = { ...perf.conv, workPerCycle: 2.5, parallelFraction: 0.92, bandwidthGBs: 2.5, overheadMs: 0.1 };
    a15.runtimes = { ncnn: { perf } };
  });
  const rows = withoutPower(
    sweep(withRuntime(truth, 'ncnn'), dnn, {
      units: ['a15'],
      groups: [1, 2, 4],
      cores: [1, 2, 3, 4],
      freqs: { a15: [800, 1400, 2000] },
      layers: ['conv1', 'conv2', 'conv3', 'conv4', 'conv5'],
      noise: 0.02,
      seed: 3,
    }),
  );
  const { out } = fitOnRuntime(bare, 'ncnn', rows);
  const a15 = out.units.find((u) => u.id === 'a15')!;
  const before = bare.units.find((u) => u.id === 'a15')!;

  it('should fit the measured kind from the own block as the start', () => {
    const conv = a15.runtimes!.ncnn!.perf.conv;
    expect(Math.abs(conv.workPerCycle / 2.5 - 1)).toBeLessThan(0.03);
    expect(Math.abs(conv.parallelFraction - 0.92)).toBeLessThan(0.03);
    expect(conv.calibration?.rows).toBe(rows.length);
  });

  it("should keep an unmeasured kind as a copy of the own block's numbers, marked as a copy with the original's reasoning", () => {
    for (const kind of ['fc', 'pool'] as const) {
      const copy = a15.runtimes!.ncnn!.perf[kind];
      expect(numbers(copy)).toEqual(numbers(before.perf[kind]));
      expect(copy.prior).toBe(
        `not measured on ncnn: a copy of this unit's onnxruntime block, whose prior reads: ${before.perf[kind].prior}`,
      );
      expect(copy.calibration).toBeUndefined();
    }
  });

  it('should leave the own block and the unmeasured unit alone, so only the A15 runs ncnn', () => {
    expect(a15.perf).toEqual(before.perf);
    expect(out.units.find((u) => u.id === 'a7')).toEqual(bare.units.find((u) => u.id === 'a7'));
    const onNcnn = withRuntime(out, 'ncnn');
    expect(predict(onNcnn, dnn, { groups: 4, unit: 'a15', cores: 4, freqMHz: { a15: 2000 } }).timeMs).toBeGreaterThan(
      0,
    );
    expect(() => checkConfiguration(onNcnn, dnn, { groups: 4, unit: 'a7', cores: 4, freqMHz: { a7: 1400 } })).toThrow(
      /unit a7 of odroid-xu3 has no time profile for runtime ncnn/,
    );
  });

  it('should refuse a unit whose own profile no runtime names, naming the unit and the runtime', () => {
    const unnamed = structuredClone(platformById('host')) as Platform;
    delete unnamed.defaultRuntime;
    const host = checkPlatform(unnamed, 'host without a runtime');
    expect(() => startOnRuntime(host, 'ncnn', ['cpu'])).toThrow(InputError);
    expect(() => startOnRuntime(host, 'ncnn', ['cpu'])).toThrow(/unit cpu of host .*no runtime names it/);
  });
});

describe('startOnRuntime then withFittedRuntime, with nothing fitted in between', () => {
  it('should keep every existing block and add a copied block exactly for the measured units without one', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...builtinPlatforms()).chain((p) =>
          fc.tuple(
            fc.constant(p),
            fc.subarray(
              p.units.map((u) => u.id),
              { minLength: 1 },
            ),
          ),
        ),
        fc.constantFrom(...RUNTIME_NAMES),
        ([platform, measured], runtime) => {
          const out = withFittedRuntime(platform, startOnRuntime(platform, runtime, measured), runtime);
          for (const [i, unit] of out.units.entries()) {
            const was = platform.units[i]!;
            const own = ownRuntimeOf(platform, was);
            expect(unit.perf).toEqual(was.perf);
            for (const [name, block] of Object.entries(was.runtimes ?? {}))
              expect(unit.runtimes?.[name as 'ncnn']).toEqual(block);
            const added = own !== runtime && was.runtimes?.[runtime] === undefined && measured.includes(was.id);
            expect(unit.runtimes?.[runtime] !== undefined).toBe(
              own !== runtime && (added || was.runtimes?.[runtime] !== undefined),
            );
            if (added)
              for (const block of Object.values(unit.runtimes![runtime]!.perf))
                expect(block.prior).toMatch(/^not measured on /);
            expect(unit.power).toEqual(was.power);
          }
        },
      ),
      { numRuns: 60, seed: 42 },
    );
  });
});
