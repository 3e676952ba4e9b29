import { describe, expect, it } from 'vitest';
import { fitNcnn } from '../../calibration/ncnn/fitNcnn.js';
import { nanoNcnnProfile } from '../../calibration/ncnn/nanoProfile.js';
import { ncnnNetworks } from '../../calibration/ncnn/networks.js';
import { paramNetwork } from '../../calibration/ncnn/paramNetwork.js';
import { networkCost } from '../../dnn/networkCost.js';
import { platformById } from '../../models/builtinPlatforms.js';
import { checkPlatform } from '../../models/checkPlatform.js';
import { predict } from '../../models/predict.js';
import { withRuntime } from '../../models/runtimes.js';
import type { PerfParams, Platform } from '../../models/types.js';

const HEADER =
  'readme_line,device_section,block,loop_count,num_threads,powersave,gpu_device,cooling_down,unit,model,min_ms,max_ms,avg_ms';
const networks = ncnnNetworks();
const FREQ = { a57: 1479, gpu: 921.6 };

function byName(id: string, field: 'macs' | 'compares'): Record<string, number> {
  return Object.fromEntries(networkCost(networks.get(id)!, 1).layers.map((l) => [l.name, l[field]]));
}

describe('ncnn param networks', () => {
  it('costs BVLC AlexNet as counted by hand, its grouped convs at half the input channels', () => {
    expect(byName('ncnn-alexnet', 'macs')).toMatchObject({
      conv1: 96 * 3 * 11 * 11 * 55 * 55,
      conv2: 256 * 48 * 5 * 5 * 27 * 27,
      conv3: 384 * 256 * 3 * 3 * 13 * 13,
      conv4: 384 * 192 * 3 * 3 * 13 * 13,
      conv5: 256 * 192 * 3 * 3 * 13 * 13,
      fc6: 256 * 6 * 6 * 4096,
      fc7: 4096 * 4096,
      fc8: 4096 * 1000,
    });
    // 3x3 stride-2 max pools on 55x55: 27x27 outputs, 8 compares each.
    expect(byName('ncnn-alexnet', 'compares').pool1).toBe(96 * 27 * 27 * 8);
    expect(networkCost(networks.get('ncnn-vgg16')!, 1).macs).toBe(15_470_264_320);
  });

  it("costs ResNet-18's branches and adds, with the pool rounding up as ncnn's full padding does", () => {
    const macs = byName('ncnn-resnet18', 'macs');
    const compares = byName('ncnn-resnet18', 'compares');
    expect(macs.conv1).toBe(64 * 3 * 7 * 7 * 112 * 112);
    // pool1: 3x3 stride 2 on 112x112 rounds up to 56x56, so res2a's 1x1 shortcut reads 56x56.
    expect(macs.res2a_branch1).toBe(64 * 64 * 56 * 56);
    expect(macs.res3a_branch1).toBe(128 * 64 * 28 * 28);
    expect(compares.res2a).toBe(64 * 56 * 56);
    expect(compares.pool5).toBe(512 * (7 * 7 - 1));
    expect(macs.fc1000).toBe(512 * 1000);
  });

  it('refuses a layer whose weights differ from the count its file states, and a layer type it does not cost', () => {
    const alexnet = (edit: (text: string) => string) => () =>
      paramNetwork(
        edit(
          `7767517\n3 3\nInput data 0 1 data\nConvolution conv1 1 1 data c1 0=96 1=11 3=4 5=1 6=34848\nSoftmax prob 1 1 c1 out\n`,
        ),
        { id: 'x', description: 'x', input: [3, 227, 227], source: 'a test' },
      );
    expect(alexnet((t) => t)).not.toThrow();
    expect(alexnet((t) => t.replace('6=34848', '6=34849'))).toThrow(
      'x line 4 (conv1): 34848 weights worked out, the file states 34849',
    );
    expect(alexnet((t) => t.replace('Softmax', 'Deconvolution'))).toThrow(
      'x line 5 (prob): layer type Deconvolution is not one this reader costs',
    );
  });
});

/** The Nano with known ncnn-like parameters on both units, to generate a table from. */
function truth(): Platform {
  const p: any = structuredClone(platformById('jetson-nano'));
  const block = (workPerCycle: number, parallelFraction: number, overheadMs: number): PerfParams => ({
    workPerCycle,
    parallelFraction,
    bandwidthGBs: null,
    overheadMs,
    prior: 'test truth',
  });
  p.units[0].perf = { conv: block(6.5, 0.85, 0.3), fc: block(0.4, 0.7, 0.3), pool: block(6.5, 0.85, 0.3) };
  p.units[1].perf = { conv: block(60, 1, 0.2), fc: block(2, 1, 0.2), pool: block(60, 1, 0.2) };
  return checkPlatform(p, 'truth.json');
}

function predictRow(platform: Platform, id: string, unit: 'a57' | 'gpu', threads: number): number {
  return predict(platform, networks.get(id)!, {
    groups: 1,
    unit,
    cores: unit === 'gpu' ? 1 : threads,
    freqMHz: { [unit]: FREQ[unit] },
  }).timeMs;
}

describe('fitNcnn', () => {
  it('recovers the parameters that generated a table, and predicts held-out networks exactly from them', () => {
    const t = truth();
    const lines = [HEADER];
    for (const id of networks.keys()) {
      for (const [unit, threads, device] of [
        ['a57', 1, -1],
        ['a57', 4, -1],
        ['gpu', 4, 0],
      ] as const) {
        const ms = predictRow(t, id, unit, threads);
        lines.push(
          `${lines.length},Test board,1,8,${threads},0,${device},1,${device < 0 ? 'CPU' : 'GPU'},${id.replace(/^ncnn-/, '')},${ms},${ms},${ms}`,
        );
      }
    }
    const fit = fitNcnn({
      platform: t,
      cpuUnit: 'a57',
      gpuUnit: 'gpu',
      freqMHz: FREQ,
      networks,
      table: lines.join('\n'),
      citation: 'a generated table',
      date: '2026-12-04',
    });
    for (const unit of t.units) {
      for (const kind of ['conv', 'fc'] as const) {
        const got = fit.profiles[unit.id]!.perf[kind];
        expect(got.workPerCycle / unit.perf[kind].workPerCycle).toBeCloseTo(1, 4);
        expect(got.parallelFraction).toBeCloseTo(unit.perf[kind].parallelFraction, 4);
        expect(got.overheadMs).toBeCloseTo(unit.perf[kind].overheadMs, 4);
        expect(got.calibration!.mapePct).toBeLessThan(0.01);
      }
    }
  });

  it('refuses a table whose header is not the copied one', () => {
    expect(() =>
      fitNcnn({
        platform: platformById('jetson-nano'),
        cpuUnit: 'a57',
        gpuUnit: 'gpu',
        freqMHz: FREQ,
        networks,
        table: 'model,avg_ms\nalexnet,1',
        citation: 'x',
        date: 'x',
      }),
    ).toThrow(/^the copied ncnn rows: no column device_section/);
  });
});

describe("the Nano's ncnn profile", () => {
  const nano = platformById('jetson-nano');
  const fit = nanoNcnnProfile();

  it('is what the platform file holds, so the file is reproduced by the fit', () => {
    for (const unit of nano.units) expect(unit.runtimes?.ncnn).toEqual(fit.profiles[unit.id]);
    expect(fit.rows).toHaveLength(16);
  });

  it("gives through predict() the times the fit reports for every published row (the fit's form is the twin's)", () => {
    const on = withRuntime(nano, 'ncnn');
    for (const r of fit.rows)
      expect(predictRow(on, r.model, r.unit as 'a57' | 'gpu', r.cores) / r.fittedMs).toBeCloseTo(1, 4);
  });
});
