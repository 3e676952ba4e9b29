import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { networkById } from '../../dnn/builtinNetworks.js';
import { DataFileError } from '../../dnn/schemaCheck.js';
import { platformById } from '../../models/builtinPlatforms.js';
import { checkPlatform } from '../../models/checkPlatform.js';
import { configurationSpace, predictSpace } from '../../models/configurationSpace.js';
import { predict } from '../../models/predict.js';
import {
  ENGINE_RUNTIMES,
  ownRuntimeOf,
  parseRuntime,
  runtimesOf,
  runtimesOfUnit,
  withRuntime,
} from '../../models/runtimes.js';
import type { PerfParams, Platform } from '../../models/types.js';
import xu3File from '../../models/platforms/odroid-xu3.json' with { type: 'json' };

const alexnet = networkById('alexnet-cifar10-g4');

/** A block for another runtime: the A15's own numbers with eta and c changed, so times must differ. */
function otherBlock(perf: Record<'conv' | 'fc' | 'pool', PerfParams>, etaScale: number, overheadMs: number) {
  const scaled = (p: PerfParams) => ({
    workPerCycle: p.workPerCycle * etaScale,
    parallelFraction: p.parallelFraction,
    bandwidthGBs: p.bandwidthGBs,
    overheadMs,
    prior: 'a test block',
  });
  return { conv: scaled(perf.conv), fc: scaled(perf.fc), pool: scaled(perf.pool) };
}

/** The XU3 file without its other runtimes' blocks (the A7's ncnn fit), as the tests below build their own. */
function xu3Plain(): any {
  const p: any = structuredClone(xu3File);
  for (const u of p.units) delete u.runtimes;
  return p;
}

/** The XU3 file with an ncnn profile on the A15 only. */
function xu3WithNcnn(): any {
  const p: any = xu3Plain();
  p.units[1].runtimes = { ncnn: { perf: otherBlock(p.units[1].perf, 2.5, 0.005) } };
  return p;
}

function refusal(data: unknown): string {
  try {
    checkPlatform(data, 'broken.json');
  } catch (err) {
    expect(err).toBeInstanceOf(DataFileError);
    return (err as Error).message;
  }
  throw new Error('the file was accepted');
}

describe('runtime profiles', () => {
  it('names the runtime each built-in unit describes', () => {
    const nano = platformById('jetson-nano');
    expect(nano.units.map((u) => [u.id, ownRuntimeOf(nano, u)])).toEqual([
      ['a57', 'onnxruntime'],
      ['gpu', 'pytorch'],
    ]);
    expect(runtimesOf(platformById('host'))).toEqual(['ts-engine']);
    expect(runtimesOf(platformById('odroid-xu3'))).toEqual(['onnxruntime', 'ncnn']);
  });

  it("predicts on a runtime's block exactly as a file whose perf is that block", () => {
    const base = checkPlatform(xu3WithNcnn(), 'xu3-ncnn.json');
    const byHand: any = xu3WithNcnn();
    byHand.units[1].perf = byHand.units[1].runtimes.ncnn.perf;
    delete byHand.units[1].runtimes;
    const swapped = checkPlatform(byHand, 'by-hand.json');
    const on = withRuntime(base, 'ncnn');
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 4 }),
        fc.constantFrom(...base.units[1]!.opps.points.map((o) => o.freqMHz)),
        (groups, cores, f) => {
          const config = { groups, unit: 'a15', cores, freqMHz: { a15: f } };
          const want = predict(swapped, alexnet, config);
          expect(predict(on, alexnet, config)).toEqual(want);
          expect(predict(base, alexnet, config, { runtime: 'ncnn' })).toEqual(want);
          // The default profile stays what it was, and the two differ.
          expect(predict(base, alexnet, config).timeMs).not.toBeCloseTo(want.timeMs, 6);
        },
      ),
      { numRuns: 25 },
    );
  });

  it('refuses the unit without a profile in one line, and leaves it out of the space', () => {
    const on = withRuntime(checkPlatform(xu3WithNcnn(), 'xu3-ncnn.json'), 'ncnn');
    const config = { groups: 4, unit: 'a7', cores: 4, freqMHz: { a7: 1400 } };
    expect(() => predict(on, alexnet, config)).toThrow(
      'unit a7 of odroid-xu3 has no time profile for runtime ncnn (its profiles: onnxruntime; units with one: a15)',
    );
    const units = new Set(configurationSpace(on, alexnet).map((c) => c.unit));
    expect([...units]).toEqual(['a15']);
    expect(predictSpace(checkPlatform(xu3WithNcnn(), 'x.json'), alexnet, { runtime: 'ncnn' })).toHaveLength(
      configurationSpace(on, alexnet).length,
    );
  });

  it('refuses a runtime no unit has, and an unknown name, naming the valid ones', () => {
    expect(() => withRuntime(platformById('jetson-nano'), 'tensorrt')).toThrow(
      'runtime tensorrt: no unit of jetson-nano has a time profile for it (profiles: onnxruntime, pytorch, ncnn)',
    );
    expect(() => parseRuntime('tflite')).toThrow(
      "unknown runtime 'tflite' (valid: ts-engine, onnxruntime, pytorch, ncnn, tensorrt)",
    );
  });

  it('keeps every block reachable: a derived platform is a valid file, and switching back restores perf', () => {
    const base = checkPlatform(xu3WithNcnn(), 'xu3-ncnn.json');
    const on = withRuntime(base, 'ncnn');
    expect(withRuntime(base, 'ncnn')).toBe(on);
    expect(withRuntime(on, 'ncnn')).toBe(on);
    const again = checkPlatform(structuredClone(on), 'derived.json');
    expect(runtimesOfUnit(again, again.units[1]!)).toEqual(['ncnn', 'onnxruntime']);
    const back = withRuntime(on, 'onnxruntime');
    expect(back.units.map((u) => u.perf)).toEqual(base.units.map((u) => u.perf));
  });

  it('refuses runtime blocks that would hide one another', () => {
    const same = xu3WithNcnn();
    same.units[1].runtimes.onnxruntime = same.units[1].runtimes.ncnn;
    expect(refusal(same)).toBe(
      'broken.json: units[1].runtimes.onnxruntime: is the runtime perf already describes: give its parameters once, in perf',
    );
    const unnamed = xu3WithNcnn();
    delete unnamed.defaultRuntime;
    expect(refusal(unnamed)).toMatch(/^broken\.json: units\[1\]\.runtimes: the runtime perf describes must be named/);
    const unknown = xu3WithNcnn();
    unknown.units[1].runtimes = { tflite: unknown.units[1].runtimes.ncnn };
    expect(refusal(unknown)).toMatch(/^broken\.json: units\[1\]\.runtimes/);
    const none: any = xu3Plain();
    none.runtime = 'ncnn';
    expect(refusal(none)).toBe("broken.json: runtime: no unit's perf describes ncnn, so no unit could run the DNN");
  });

  it("names the runtime of each engine a workload runs, and the host's profile is the TypeScript engine's", () => {
    expect(ENGINE_RUNTIMES).toEqual({ ts: 'ts-engine', onnx: 'onnxruntime', torch: 'pytorch' });
    const host = platformById('host');
    expect(() => withRuntime(host, ENGINE_RUNTIMES.onnx)).toThrow(
      'runtime onnxruntime: no unit of host has a time profile for it (profiles: ts-engine)',
    );
  });

  it('lets a platform without named runtimes work as before', () => {
    const plain: any = xu3Plain();
    delete plain.defaultRuntime;
    const p: Platform = checkPlatform(plain, 'plain.json');
    expect(runtimesOf(p)).toEqual([]);
    expect(() => withRuntime(p, 'onnxruntime')).toThrow(
      /no unit of odroid-xu3 has a time profile for it \(profiles: none named\)/,
    );
  });
});
