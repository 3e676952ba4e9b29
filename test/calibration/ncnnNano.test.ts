import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { chainNetwork } from '../../calibration/ncnn/chainNetwork.js';
import { fitNcnn } from '../../calibration/ncnn/fitNcnn.js';
import { nanoNcnnProfile } from '../../calibration/ncnn/nanoProfile.js';
import { NCNN_ALEXNET, NCNN_CHAIN_NETWORKS, NCNN_VGG16 } from '../../calibration/ncnn/networks.js';
import { networkCost } from '../../dnn/networkCost.js';
import { platformById } from '../../models/builtinPlatforms.js';
import { checkPlatform } from '../../models/checkPlatform.js';
import { predict } from '../../models/predict.js';
import { withRuntime } from '../../models/runtimes.js';
import type { PerfParams, Platform } from '../../models/types.js';

const HEADER =
  'readme_line,device_section,block,loop_count,num_threads,powersave,gpu_device,cooling_down,unit,model,min_ms,max_ms,avg_ms';

describe('ncnn benchmark networks', () => {
  it("costs BVLC AlexNet's layers as counted by hand, its grouped convs at half the input channels", () => {
    const cost = networkCost(chainNetwork(NCNN_ALEXNET), 1);
    const macs = Object.fromEntries(cost.layers.map((l) => [l.name, l.macs]));
    expect(macs).toMatchObject({
      conv1: 96 * 3 * 11 * 11 * 55 * 55,
      conv2: 256 * 48 * 5 * 5 * 27 * 27,
      conv3: 384 * 256 * 3 * 3 * 13 * 13,
      conv4: 384 * 192 * 3 * 3 * 13 * 13,
      conv5: 256 * 192 * 3 * 3 * 13 * 13,
      fc6: 256 * 6 * 6 * 4096,
      fc7: 4096 * 4096,
      fc8: 4096 * 1000,
    });
    // A max pool of 3x3 stride 2 on 55x55 gives 27x27: 8 compares per output element.
    expect(cost.layers.find((l) => l.name === 'pool1')!.compares).toBe(96 * 27 * 27 * 8);
    expect(networkCost(chainNetwork(NCNN_VGG16), 1).macs).toBe(15_470_264_320);
  });

  it('refuses a layer whose weights differ from what its source states', () => {
    const wrong = {
      ...NCNN_ALEXNET,
      layers: NCNN_ALEXNET.layers.map((l) => (l.name === 'conv2' ? { ...l, group: 1 } : l)),
    };
    expect(() => chainNetwork(wrong)).toThrow('conv2: 614400 weights worked out, the source states 307200');
  });
});

/** The Nano with known ncnn-like parameters on both units, to generate a table from. */
function truth(): {
  platform: Platform;
  a57: Record<'conv' | 'fc', PerfParams>;
  gpu: Record<'conv' | 'fc', PerfParams>;
} {
  const p: any = structuredClone(platformById('jetson-nano'));
  const block = (workPerCycle: number, parallelFraction: number): PerfParams => ({
    workPerCycle,
    parallelFraction,
    bandwidthGBs: null,
    overheadMs: 0,
    prior: 'test truth',
  });
  const a57 = { conv: block(6.5, 0.85), fc: block(0.4, 0.7) };
  const gpu = { conv: block(60, 1), fc: block(2, 1) };
  p.units[0].perf = { ...a57, pool: a57.conv };
  p.units[1].perf = { ...gpu, pool: gpu.conv };
  return { platform: checkPlatform(p, 'truth.json'), a57, gpu };
}

describe('fitNcnn', () => {
  it('recovers the conv and fc parameters that generated a table', () => {
    const t = truth();
    const lines = [HEADER];
    let line = 1;
    for (const net of NCNN_CHAIN_NETWORKS) {
      const dnn = chainNetwork(net);
      const model = net.id.replace(/^ncnn-/, '');
      for (const [unit, threads, device] of [
        ['a57', 1, -1],
        ['a57', 4, -1],
        ['gpu', 4, 0],
      ] as const) {
        const ms = predict(t.platform, dnn, {
          groups: 1,
          unit,
          cores: unit === 'gpu' ? 1 : threads,
          freqMHz: { [unit]: unit === 'gpu' ? 921.6 : 1479 },
        }).timeMs;
        lines.push(
          `${line++},Test board,1,8,${threads},0,${device},1,${device < 0 ? 'CPU' : 'GPU'},${model},${ms},${ms},${ms}`,
        );
      }
    }
    const fit = fitNcnn({
      platform: t.platform,
      cpuUnit: 'a57',
      gpuUnit: 'gpu',
      freqMHz: { a57: 1479, gpu: 921.6 },
      networks: NCNN_CHAIN_NETWORKS,
      table: lines.join('\n'),
      citation: 'a generated table',
      date: '2026-12-04',
    });
    for (const [unit, want] of [
      ['a57', t.a57],
      ['gpu', t.gpu],
    ] as const) {
      for (const kind of ['conv', 'fc'] as const) {
        const got = fit.profiles[unit]!.perf[kind];
        expect(got.workPerCycle / want[kind].workPerCycle).toBeCloseTo(1, 4);
        expect(got.parallelFraction).toBeCloseTo(want[kind].parallelFraction, 4);
      }
    }
    for (const r of fit.rows) expect(r.fittedMs / r.measuredMs).toBeCloseTo(1, 4);
  });

  it('refuses a table whose header is not the copied one', () => {
    expect(() =>
      fitNcnn({
        platform: platformById('jetson-nano'),
        cpuUnit: 'a57',
        gpuUnit: 'gpu',
        freqMHz: { a57: 1479, gpu: 921.6 },
        networks: NCNN_CHAIN_NETWORKS,
        table: 'model,avg_ms\nalexnet,1',
        citation: 'x',
        date: 'x',
      }),
    ).toThrow(/^the header must be readme_line,/);
  });
});

describe("the Nano's ncnn profile", () => {
  const nano = platformById('jetson-nano');
  const fit = nanoNcnnProfile();

  it('is what the platform file holds, so the file is reproduced by the fit', () => {
    for (const unit of nano.units) expect(unit.runtimes?.ncnn).toEqual(fit.profiles[unit.id]);
  });

  it("predicts the published rows it was fitted on within 0.5 % (the GPU's 1- and 4-thread rows differ by 0.4 %)", () => {
    const table = readFileSync(new URL('../../calibration/ncnn/jetson-nano-ncnn.csv', import.meta.url), 'utf8')
      .trim()
      .split('\n')
      .slice(1);
    const on = withRuntime(nano, 'ncnn');
    expect(table).toHaveLength(8);
    for (const row of table) {
      const cells = row.split(',');
      const [threads, device, model, avg] = [Number(cells[4]), Number(cells[6]), cells[9]!, Number(cells[12])];
      const net = NCNN_CHAIN_NETWORKS.find((n) => n.id === `ncnn-${model}`)!;
      const unit = device < 0 ? 'a57' : 'gpu';
      const ms = predict(on, chainNetwork(net), {
        groups: 1,
        unit,
        cores: unit === 'gpu' ? 1 : threads,
        freqMHz: { [unit]: unit === 'gpu' ? 921.6 : 1479 },
      }).timeMs;
      expect(Math.abs(ms / avg - 1)).toBeLessThan(0.005);
    }
  });
});
