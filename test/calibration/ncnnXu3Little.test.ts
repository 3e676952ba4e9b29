import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fitNcnn, type NcnnRowError, parseNcnnRows } from '../../calibration/ncnn/fitNcnn.js';
import { ncnnNetworks } from '../../calibration/ncnn/networks.js';
import { A7_BOARD_CLOCKS_MHZ, xu3LittleNcnnProfile } from '../../calibration/ncnn/xu3LittleProfile.js';
import { platformById } from '../../models/builtinPlatforms.js';
import { checkPlatform } from '../../models/checkPlatform.js';
import { predict } from '../../models/predict.js';
import { withRuntime } from '../../models/runtimes.js';
import type { PerfParams, Platform } from '../../models/types.js';

const HEADER =
  'readme_line,device_section,block,loop_count,num_threads,powersave,gpu_device,cooling_down,unit,model,min_ms,max_ms,avg_ms';
const table = readFileSync(new URL('../../calibration/ncnn/cortex-a7-ncnn.csv', import.meta.url), 'utf8');
const sourceNote = readFileSync(new URL('../../calibration/ncnn/SOURCE.md', import.meta.url), 'utf8');
const networks = ncnnNetworks();
const AX620A = 'AXERA AX620A (Cortex-A7 1.0GHz * 4)';
const H2PLUS = 'Banana Pi M2 Zero 2 AllWinner H2+, Cortex-A7 (ARMv7-A) (1.2GHz x 4)';

function mapePct(rows: readonly NcnnRowError[]): number {
  return (100 * rows.reduce((s, r) => s + Math.abs(r.fittedMs - r.measuredMs) / r.measuredMs, 0)) / rows.length;
}

function predictA7(platform: Platform, model: string, cores: number, freqMHz: number): number {
  return predict(platform, networks.get(model)!, { groups: 1, unit: 'a7', cores, freqMHz: { a7: freqMHz } }).timeMs;
}

describe("the Cortex-A7 boards' copied ncnn rows", () => {
  it('are the CPU rows of the two 4x A7 boards, each board clocked as its heading says', () => {
    const rows = parseNcnnRows(table);
    expect(rows).toHaveLength(12);
    expect(rows.every((r) => r.device === 'cpu')).toBe(true);
    for (const section of [AX620A, H2PLUS]) {
      const mine = rows.filter((r) => r.section === section);
      expect(mine).toHaveLength(6);
      expect(new Set(mine.map((r) => r.model))).toEqual(new Set(['alexnet', 'resnet18', 'squeezenet']));
    }
    expect(A7_BOARD_CLOCKS_MHZ).toEqual({ [AX620A]: 1000, [H2PLUS]: 1200 });
  });
});

describe("the XU3 LITTLE cluster's ncnn profile", () => {
  const xu3 = platformById('odroid-xu3');
  const fit = xu3LittleNcnnProfile();

  it('is the a7 runtimes.ncnn block the platform file holds; the a15 has none (no Exynos 5422 rows)', () => {
    expect(Object.keys(fit.profiles)).toEqual(['a7']);
    expect(xu3.units.find((u) => u.id === 'a7')!.runtimes?.ncnn).toEqual(fit.profiles.a7);
    expect(xu3.units.find((u) => u.id === 'a15')!.runtimes?.ncnn).toBeUndefined();
    expect(fit.profiles.a7!.perf.conv.calibration).toMatchObject({ rows: 12, mapePct: 38.4 });
    expect(fit.profiles.a7!.perf.conv.calibration!.note).toContain(
      'AX620A 1000 MHz, Banana Pi M2 Zero 2 (H2+) 1200 MHz',
    );
  });

  it('has the in-sample and leave-one-network-out errors SOURCE.md states', () => {
    expect(mapePct(fit.rows).toFixed(1)).toBe('19.3');
    expect(sourceNote).toContain(
      'in-sample MAPE\n19.3 % (1 of 12 rows within 10 %); each network predicted by a fit on the other two: 38.4 %',
    );
  });

  it("gives through predict() on the XU3 the fitted time of every row at its own board's clock", () => {
    const on = withRuntime(xu3, 'ncnn');
    const sectionOf = new Map(parseNcnnRows(table).map((r) => [r.readmeLine, r.section]));
    for (const r of fit.rows) {
      const mhz = A7_BOARD_CLOCKS_MHZ[sectionOf.get(r.readmeLine)!]!;
      expect(predictA7(on, r.model, r.cores, mhz) / r.fittedMs).toBeCloseTo(1, 4);
    }
  });
});

describe('fitNcnn with rows of other boards at their own clocks', () => {
  /** The XU3 with known ncnn-like parameters on the a7, to generate two boards' tables from. */
  function truth(): Platform {
    const p = structuredClone(platformById('odroid-xu3')) as Platform & { units: { perf: unknown }[] };
    const block = (workPerCycle: number, parallelFraction: number): PerfParams => ({
      workPerCycle,
      parallelFraction,
      bandwidthGBs: null,
      overheadMs: 2,
      prior: 'test truth',
    });
    p.units[0]!.perf = { conv: block(1.1, 0.9), fc: block(0.05, 0.6), pool: block(1.1, 0.9) };
    return checkPlatform(p, 'truth.json');
  }
  const boards = { 'Board A (1.0GHz)': 1000, 'Board B, 1.2GHz': 1200 };

  function generated(t: Platform): string {
    const lines = [HEADER];
    for (const [section, mhz] of Object.entries(boards))
      for (const model of ['alexnet', 'resnet18', 'squeezenet'])
        for (const threads of [1, 4]) {
          const ms = predictA7(t, `ncnn-${model}`, threads, mhz);
          const cell = section.includes(',') ? `"${section}"` : section;
          lines.push(`${lines.length},${cell},1,8,${threads},0,-1,1,CPU,${model},${ms},${ms},${ms}`);
        }
    return lines.join('\n');
  }

  it('recovers the per-cycle parameters that generated two boards at different clocks', () => {
    const t = truth();
    const fit = fitNcnn({
      platform: t,
      cpuUnit: 'a7',
      freqMHz: {},
      sectionFreqMHz: boards,
      networks,
      table: generated(t),
      citation: 'a generated table',
      date: '2026-12-04',
    });
    const a7 = t.units[0]!;
    for (const kind of ['conv', 'fc'] as const) {
      const got = fit.profiles.a7!.perf[kind];
      expect(got.workPerCycle / a7.perf[kind].workPerCycle).toBeCloseTo(1, 4);
      expect(got.parallelFraction).toBeCloseTo(a7.perf[kind].parallelFraction, 4);
      expect(got.overheadMs).toBeCloseTo(2, 4);
    }
  });

  it('refuses a row whose board has no clock given, and a Vulkan row without a gpu unit, naming the line', () => {
    const t = truth();
    const options = { platform: t, cpuUnit: 'a7', freqMHz: {}, networks, citation: 'x', date: 'x' };
    expect(() => fitNcnn({ ...options, sectionFreqMHz: { 'Board A (1.0GHz)': 1000 }, table: generated(t) })).toThrow(
      "line 7: no clock given for 'Board B, 1.2GHz'",
    );
    const vulkan = `${HEADER}\n9,Board A (1.0GHz),1,8,1,0,0,1,GPU:x,alexnet,5,5,5`;
    expect(() => fitNcnn({ ...options, sectionFreqMHz: boards, table: vulkan })).toThrow(
      'line 9: a Vulkan row, but no gpu unit is given',
    );
  });
});
