import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ValidationPair } from '../../../calibration/validate/types.js';
import { networkById } from '../../../dnn/builtinNetworks.js';
import { platformById } from '../../../models/builtinPlatforms.js';
import { toCsv } from '../../calibration/fixtures/measurementsCsv.js';
import { sweep } from '../../calibration/synthetic.js';
import { expectOneLineRefusal, run, runJson } from '../run.js';
import { symbolCount } from './svgHelpers.js';
import { xmlProblem } from './xml.js';

const dir = mkdtempSync(join(tmpdir(), 'twinrtm-report-validate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const at = (name: string) => join(dir, name);

interface GroupJson {
  unit: string;
  runtime: string | null;
  quantity: string;
  n: number;
  mapePct: number;
}
interface ValidateJson {
  groups: GroupJson[];
  compared: ValidationPair[];
  pairs: number;
}

/** The Nano's CPU and GPU with time and power on every rail, 8 % noise: what a board's sweep writes. */
function nanoCsv(): string {
  const nano = platformById('jetson-nano');
  const dnn = networkById('alexnet-cifar10-g4');
  const spec = { groups: [1, 2, 4], layers: [null], noise: 0.08 };
  const rows = [
    ...sweep(nano, dnn, { ...spec, units: ['a57'], cores: [1, 4], freqs: { a57: [921.6, 1479] }, seed: 2 }),
    ...sweep(nano, dnn, { ...spec, units: ['gpu'], cores: [1], freqs: { gpu: [460.8, 921.6] }, seed: 3 }),
  ];
  return toCsv(
    rows.map(({ line: _, ...r }) => r),
    { rails: nano.rails.map((r) => r.name), voltage: false },
  );
}

describe("twinrtm report from validate --json on ncnn's Jetson Nano table", () => {
  let j: ValidateJson;
  let result = { code: -1, out: '', err: '' };
  let html = '';
  beforeAll(async () => {
    j = await runJson(
      'validate',
      'calibration/ncnn/jetson-nano-ncnn.csv',
      '--platform',
      'jetson-nano',
      '--runtime',
      'ncnn',
      '--json',
    );
    writeFileSync(at('v.json'), JSON.stringify(j));
    result = await run('report', at('v.json'), '--out', at('v.html'), '--svg', at('svg'));
    html = readFileSync(at('v.html'), 'utf8');
  });

  it('should carry every value compared in the JSON, as many as it counts', () => {
    expect(j.compared).toHaveLength(j.pairs);
    expect(j.compared.length).toBeGreaterThan(0);
    for (const p of j.compared)
      expect(p).toMatchObject({ quantity: 'time', runtime: 'ncnn', unit: expect.stringMatching(/^(a57|gpu)$/) });
  });

  it('should draw one point per value compared, in one figure (times only)', () => {
    expect(result.code, result.err).toBe(0);
    expect(result.err).toBe('');
    expect(result.out).toContain('1 figures in 1 sections');
    expect(readdirSync(at('svg'))).toEqual(['validation-time-v.svg']);
    const svg = readFileSync(join(at('svg'), 'validation-time-v.svg'), 'utf8');
    expect(xmlProblem(svg)).toBeNull();
    expect(symbolCount(svg, 'layer_1_marks')).toBe(j.compared.length);
    for (const p of j.compared) expect(svg).toContain(`what: ${p.label}; line: ${p.line};`);
  });

  it("should show validate's metrics as the section's table, and each group's in the caption", () => {
    expect(html).toContain('<h2>Validation: jetson-nano against calibration/ncnn/jetson-nano-ncnn.csv (ncnn)</h2>');
    for (const g of j.groups) {
      const name = g.unit === 'all' ? 'all' : `${g.unit} (${g.runtime})`;
      expect(html).toContain(
        `<td>${g.quantity}</td><td>${name}</td><td class="num">${g.n}</td><td class="num">${g.mapePct.toFixed(2)}</td>`,
      );
      expect(html).toContain(`${name}: MAPE ${g.mapePct.toFixed(1)} %`);
    }
    expect(html).toContain(
      `validate: jetson-nano against calibration/ncnn/jetson-nano-ncnn.csv, ${j.compared.length} values compared`,
    );
  });
});

describe('twinrtm report from validate --json on a calibration CSV with power, beside another validation', () => {
  it('should draw time and power apart, one point per pair each, and keep figures of two files apart', async () => {
    writeFileSync(at('nano.csv'), nanoCsv());
    const j: ValidateJson = await runJson('validate', at('nano.csv'), '--platform', 'jetson-nano', '--json');
    writeFileSync(at('nano.json'), JSON.stringify(j));
    const ncnn = await runJson(
      'validate',
      'calibration/ncnn/raspberry-pi-4-ncnn.csv',
      '--platform',
      'raspberry-pi-4',
      '--json',
    );
    writeFileSync(at('rpi.json'), JSON.stringify(ncnn));
    const r = await run('report', at('nano.json'), at('rpi.json'), '--svg', at('svg2'));
    expect(r.code, r.err).toBe(0);
    expect(readdirSync(at('svg2')).sort()).toEqual([
      'validation-power-nano.svg',
      'validation-time-nano.svg',
      'validation-time-rpi.svg',
    ]);
    for (const quantity of ['time', 'power']) {
      const svg = readFileSync(join(at('svg2'), `validation-${quantity}-nano.svg`), 'utf8');
      expect(xmlProblem(svg)).toBeNull();
      const n = j.compared.filter((p) => p.quantity === quantity).length;
      // One time and one power value per whole inference of the 18 rows.
      expect(n).toBe(18);
      expect(symbolCount(svg, 'layer_1_marks')).toBe(n);
    }
    const only = await run('report', at('nano.json'), '--figure', 'validation-power', '--svg', at('svg3'));
    expect(only.code, only.err).toBe(0);
    expect(readdirSync(at('svg3'))).toEqual(['validation-power-nano.svg']);
  });
});

describe('twinrtm report on validate output it cannot draw', () => {
  const base = {
    dataset: 'm.csv',
    platform: 'odroid-xu3',
    dnn: 'alexnet-cifar10-g4',
    runtime: null,
    format: 'calibration',
    rows: 1,
    pairs: 1,
    groups: [
      { unit: 'all', runtime: null, quantity: 'time', n: 1, mapePct: 10, biasPct: 10, within10: 1, spearman: null },
    ],
    worst: [],
    compared: [
      { line: 2, unit: 'a15', runtime: null, quantity: 'time', label: 'inference', measured: 10, predicted: 11 },
    ],
  };

  it.each<[string, unknown, string]>([
    [
      'output from before validate carried its values',
      { ...base, compared: undefined },
      'vbad.json: validate output without the values compared (written by an older twinrtm); run validate --json again',
    ],
    ['output with no value compared', { ...base, compared: [] }, 'vbad.json: validate output with no value compared'],
    [
      'a compared value without its measurement',
      { ...base, compared: [{ ...base.compared[0], measured: undefined }] },
      'vbad.json: compared[0].measured: is required but missing; expected validate --json output',
    ],
    [
      'a group of a quantity validate does not compare',
      { ...base, groups: [{ ...base.groups[0], quantity: 'energy' }] },
      'vbad.json: groups[0].quantity:',
    ],
  ])('should refuse %s in one line naming the file and the field', async (_, value, message) => {
    writeFileSync(at('vbad.json'), JSON.stringify(value));
    expectOneLineRefusal(await run('report', at('vbad.json'), '--out', at('r.html')), message);
  });

  it('should draw the well-formed base the refusals start from', async () => {
    writeFileSync(at('vgood.json'), JSON.stringify(base));
    const r = await run('report', at('vgood.json'), '--out', at('good.html'));
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('1 figures in 1 sections');
  });
});
