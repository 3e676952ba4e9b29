/**
 * `twinrtm validate` on ncnn's benchmark table: a hand-made table against hand numbers, the rows it
 * skips and why, its one-line refusals, and the committed rows the ncnn profiles were fitted on giving
 * back the in-sample errors their provenance states.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ValidateJson } from '../../cli/commands/validate.js';
import { platformById } from '../../models/builtinPlatforms.js';
import type { GroupMetrics } from '../../calibration/validate/types.js';
import { expectOneLineRefusal, run, runJson } from './run.js';

const HEADER =
  'device_section,block,loop_count,num_threads,powersave,gpu_device,cooling_down,unit,model,min_ms,max_ms,avg_ms';
const dir = mkdtempSync(join(tmpdir(), 'twinrtm-validate-ncnn-'));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

/** AlexNet at 227x227 by hand (test/calibration/validate/ncnnPairs.test.ts): work items and costed nodes. */
const ALEXNET_WORK =
  96 * 3 * 11 * 11 * 55 * 55 +
  256 * 48 * 5 * 5 * 27 * 27 +
  384 * 256 * 3 * 3 * 13 * 13 +
  384 * 192 * 3 * 3 * 13 * 13 +
  256 * 192 * 3 * 3 * 13 * 13 +
  256 * 6 * 6 * 4096 +
  4096 * 4096 +
  4096 * 1000 +
  96 * 27 * 27 * 8 +
  256 * 13 * 13 * 8 +
  256 * 6 * 6 * 8;

/** The Pi 4 with 2 work items per cycle per core on every layer kind, perfectly parallel, 0.5 ms per node. */
function handPlatformFile(): string {
  const p = structuredClone(platformById('raspberry-pi-4')) as { units: { id: string; perf: unknown }[] };
  const block = { workPerCycle: 2, parallelFraction: 1, bandwidthGBs: null, overheadMs: 0.5, prior: 'hand-made' };
  p.units.find((u) => u.id === 'a72')!.perf = { conv: block, fc: block, pool: block };
  return file('pi4-hand.json', JSON.stringify(p));
}
const handMs = (cores: number) => ALEXNET_WORK / (2 * 1500e3 * cores) + 11 * 0.5;

/** AlexNet on 1, 4 and 2 threads measured 10 % slower, 10 % faster and exactly as the hand platform says at 1500 MHz, and five rows it skips. */
function handTable(): string {
  const at = (threads: number, factor: number, model = 'alexnet', ps = 0, unit = 'CPU') =>
    `"Pi 4, by hand",1,10,${threads},${ps},${unit === 'CPU' ? -1 : 0},1,${unit},${model},0,0,${handMs(threads) * factor}`;
  return [
    HEADER,
    at(1, 1.1),
    at(4, 0.9),
    at(2, 1),
    at(4, 1, 'squeezenet_int8'),
    at(4, 1, 'googlenet'),
    at(4, 1, 'alexnet', 0, 'GPU:V3D 4.2'),
    at(8, 1),
    at(4, 1, 'alexnet', 1),
  ].join('\n');
}

const validateJson = (...argv: string[]): Promise<ValidateJson> => runJson('validate', ...argv, '--json');
const group = (j: ValidateJson, unit: string): GroupMetrics => j.groups.find((g) => g.unit === unit)!;

describe('twinrtm validate on ncnn benchmark table', () => {
  it('gives the hand numbers of a hand-made table: predicted/measured 1/1.1, 1/0.9 and 1, and counts the rows it skips', async () => {
    const platform = handPlatformFile();
    const j: ValidateJson = await validateJson(
      file('hand.csv', handTable()),
      '--platform-file',
      platform,
      '--freq-mhz',
      '1500',
    );
    expect(j).toMatchObject({ format: 'ncnn', dnn: null, rows: 8, pairs: 3 });
    expect(j.ncnn).toMatchObject({
      devices: ['Pi 4, by hand'],
      cpuUnit: 'a72',
      gpuUnit: null,
      clocksMHz: { a72: 1500 },
    });
    expect(j.ncnn!.skipped.map((s) => [s.reason, s.rows])).toEqual([
      ['int8', 1],
      ['network', 1],
      ['no-gpu-unit', 1],
      ['powersave', 1],
      ['threads', 1],
    ]);
    const a72 = group(j, 'a72');
    expect(a72).toMatchObject({ quantity: 'time', runtime: 'ncnn', n: 3, spearman: 1 });
    // Errors -1/11, +1/9 and 0: MAPE (1/11 + 1/9) / 3, bias (1/9 - 1/11) / 3, two of three within 10 %.
    expect(a72.mapePct).toBeCloseTo((100 * (1 / 11 + 1 / 9)) / 3, 9);
    expect(a72.biasPct).toBeCloseTo((100 * (1 / 9 - 1 / 11)) / 3, 9);
    expect(a72.within10).toBeCloseTo(2 / 3, 12);
    expect(j.worst[0]).toMatchObject({ line: 3, unit: 'a72', label: 'alexnet, 4 threads' });
    expect(j.worst[0]!.predicted / handMs(4)).toBeCloseTo(1, 12);
  });

  it('prints the table, the worst rows naming network and threads, the clocks, why avg_ms, and one line per skip rule', async () => {
    const r = await run(
      'validate',
      file('hand2.csv', handTable()),
      '--platform-file',
      handPlatformFile(),
      '--freq-mhz',
      'a72=1500',
    );
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    expect(r.out).toContain("(ncnn's benchmark table, Pi 4, by hand): 8 rows, 3 values compared");
    expect(r.out).toMatch(/^time\s+a72\s+ncnn\s+3\s+6\.73\s+\+0\.67\s+66\.7\s+1\.0000$/m);
    expect(r.out).toMatch(/^\s+3\s+a72\s+time\s+alexnet, 4 threads\s+/m);
    expect(r.out).toContain('clocks: benchncnn does not set clocks; every row predicted at a72 1500 MHz');
    expect(r.out).toContain('measured: avg_ms');
    const skipped = r.out.split('\n').filter((l) => l.startsWith('skipped: '));
    expect(skipped).toEqual([
      "skipped: 1 row of int8 models (ncnn's quantised kernels; the twin costs float networks): squeezenet_int8",
      'skipped: 1 row of networks with no param file here (the twin has alexnet, vgg16, resnet18, squeezenet): googlenet',
      'skipped: 1 row on a Vulkan GPU (GPU:V3D 4.2): raspberry-pi-4 has no gpu unit',
      "skipped: 1 row pinned to a big.LITTLE board's little cores (powersave 1): raspberry-pi-4 has one CPU cluster, which stands for the whole board",
      "skipped: 1 row with more threads (8) than a72's 4 cores",
    ]);
  });

  it('should refuse in one line what it cannot take', async () => {
    const two = file(
      'two.csv',
      `${HEADER}\nBoard A,1,8,4,0,-1,1,CPU,alexnet,1,2,1.5\nBoard B,1,8,4,0,-1,1,CPU,alexnet,1,2,1.5\n`,
    );
    expectOneLineRefusal(
      await run('validate', two, '--platform', 'raspberry-pi-4'),
      'two.csv: the rows are of 2 devices',
      '--device',
    );
    expectOneLineRefusal(
      await run('validate', two, '--platform', 'raspberry-pi-4', '--device', 'Board C'),
      "--device 'Board C' matches no device_section",
    );
    const one = file('one.csv', `${HEADER}\nBoard A,1,8,4,0,-1,1,CPU,alexnet,1,2,1.5\n`);
    expectOneLineRefusal(
      await run('validate', one, '--platform', 'raspberry-pi-4', '--freq-mhz', '1850'),
      '--freq-mhz 1850: not an operating point of a72',
    );
    expectOneLineRefusal(
      await run('validate', one, '--platform', 'raspberry-pi-4', '--freq-mhz', 'fast'),
      "--freq-mhz 'fast'",
    );
    expectOneLineRefusal(
      await run('validate', one, '--platform', 'raspberry-pi-4', '--unit', 'a15'),
      "(--unit) 'a15'",
      'a72',
    );
    expectOneLineRefusal(await run('validate', one, '--dnn', 'alexnet-cifar10-g4'), "ncnn's benchmark table", '--dnn');
    expectOneLineRefusal(
      await run(
        'validate',
        file('skip.csv', `${HEADER}\nBoard A,1,8,4,0,-1,1,CPU,mobilenet,1,2,1.5\n`),
        '--platform',
        'raspberry-pi-4',
      ),
      'skip.csv: no row is left to compare (1 row network',
    );
    expectOneLineRefusal(
      await run('validate', file('bad.csv', `${HEADER}\nBoard A,1,8,4,0,-1,1,CPU,alexnet,1,2,\n`)),
      "bad.csv: line 2: avg_ms: '' is not a positive number",
    );
    expectOneLineRefusal(
      await run('validate', 'data/public/powmon-xu3-a15/powmon_A15_key.csv', '--device', 'x', '--unit', 'a15'),
      "Powmon's A15 table: --device, --unit apply only to ncnn's benchmark table",
    );
  });
});

/** The in-sample MAPE of a fitted block's provenance: its note lists each row's measured and fitted time. */
function provenanceMape(platformId: string, unit: string): number {
  const u = platformById(platformId).units.find((x) => x.id === unit)!;
  const perf = u.runtimes?.ncnn?.perf ?? u.perf;
  const note = perf.conv.calibration!.note!;
  const rows = [...note.matchAll(/ x\d+ ([\d.]+) ms \(fit ([\d.]+)\)/g)].map(
    (m) => [Number(m[1]), Number(m[2])] as const,
  );
  expect(rows).toHaveLength(perf.conv.calibration!.rows);
  return (100 * rows.reduce((s, [measured, fit]) => s + Math.abs(fit - measured) / measured, 0)) / rows.length;
}

const SOURCE = readFileSync('calibration/ncnn/SOURCE.md', 'utf8').replace(/\s+/g, ' ');

describe('twinrtm validate on the rows the ncnn profiles were fitted on', () => {
  it("gives the Nano's in-sample MAPE its provenance states, on ncnn, and the priors' errors without --runtime", async () => {
    const j: ValidateJson = await validateJson(
      'calibration/ncnn/jetson-nano-ncnn.csv',
      '--platform',
      'jetson-nano',
      '--runtime',
      'ncnn',
    );
    expect(j).toMatchObject({ rows: 16, pairs: 16, runtime: 'ncnn' });
    expect(j.ncnn!.skipped).toEqual([]);
    const stated = SOURCE.match(
      /in-sample MAPE ([\d.]+) % on the A57 \(2 of 8 rows within 10 %\), ([\d.]+) % on the GPU \(2 of 8\)/,
    )!;
    for (const [unit, text] of [
      ['a57', stated[1]!],
      ['gpu', stated[2]!],
    ] as const) {
      const g = group(j, unit);
      expect(g).toMatchObject({ runtime: 'ncnn', n: 8, within10: 2 / 8 });
      expect(g.mapePct.toFixed(1)).toBe(text);
      expect(g.mapePct.toFixed(1)).toBe(provenanceMape('jetson-nano', unit).toFixed(1));
    }
    const priors: ValidateJson = await validateJson(
      'calibration/ncnn/jetson-nano-ncnn.csv',
      '--platform',
      'jetson-nano',
    );
    const [, a57, gpu] = SOURCE.match(
      /The onnxruntime\/pytorch priors of the same units are (\d+) % and (\d+) % off these rows/,
    )!;
    expect(group(priors, 'a57')).toMatchObject({ runtime: 'onnxruntime' });
    expect(group(priors, 'gpu')).toMatchObject({ runtime: 'pytorch' });
    expect(group(priors, 'a57').mapePct.toFixed(0)).toBe(a57);
    expect(group(priors, 'gpu').mapePct.toFixed(0)).toBe(gpu);
  });

  it("gives the Raspberry Pi 4's in-sample MAPE, and the Cortex-A7 boards' at each board's clock", async () => {
    const pi: ValidateJson = await validateJson(
      'calibration/ncnn/raspberry-pi-4-ncnn.csv',
      '--platform',
      'raspberry-pi-4',
    );
    const [, piStated] = SOURCE.match(/in-sample MAPE ([\d.]+) % \(4 of 8 rows within 10 %\)/)!;
    expect(group(pi, 'a72').mapePct.toFixed(1)).toBe(piStated);
    expect(group(pi, 'a72').mapePct.toFixed(1)).toBe(provenanceMape('raspberry-pi-4', 'a72').toFixed(1));
    // Each stand-in board at its heading's clock (six rows each): the fit's in-sample MAPE is their mean.
    const at = async (device: string, mhz: string) =>
      group(
        await validateJson(
          'calibration/ncnn/cortex-a7-ncnn.csv',
          '--platform',
          'odroid-xu3',
          '--runtime',
          'ncnn',
          '--device',
          device,
          '--freq-mhz',
          mhz,
        ),
        'a7',
      );
    const [ax, h2] = [await at('AX620A', '1000'), await at('H2+', '1200')];
    expect([ax.n, h2.n]).toEqual([6, 6]);
    const [, a7Stated] = SOURCE.match(/in-sample MAPE ([\d.]+) % \(1 of 12 rows within 10 %\)/)!;
    expect(((ax.mapePct + h2.mapePct) / 2).toFixed(1)).toBe(a7Stated);
    expect(((ax.mapePct + h2.mapePct) / 2).toFixed(1)).toBe(provenanceMape('odroid-xu3', 'a7').toFixed(1));
  });
});
