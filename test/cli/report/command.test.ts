import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Measurement } from '../../../calibration/types.js';
import { networkById } from '../../../dnn/builtinNetworks.js';
import { platformById } from '../../../models/builtinPlatforms.js';
import { sweep, truePlatform } from '../../calibration/synthetic.js';
import { expectOneLineRefusal, run } from '../run.js';
import { symbolCount } from './svgHelpers.js';
import { writeSmallTrace } from './smallTrace.js';
import { xmlProblem } from './xml.js';

const dir = mkdtempSync(join(tmpdir(), 'twinrtm-report-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const at = (name: string) => join(dir, name);

describe('twinrtm report from simulate, its traces, space and ranges', () => {
  let html = '';
  let result = { code: -1, out: '', err: '' };
  beforeAll(async () => {
    const sim = await run(
      'simulate',
      'xu3-default',
      '--duration',
      '2',
      '--policy',
      'rtm',
      '--policy',
      'powersave',
      '--json',
      '--trace',
      at('run.jsonl'),
    );
    expect(sim.code).toBe(0);
    writeFileSync(at('sim.json'), sim.out);
    const space = await run('space', '--platform', 'jetson-nano', '--json');
    writeFileSync(at('space.json'), space.out);
    const ranges = await run('ranges', '--json');
    writeFileSync(at('xu3-ranges.json'), ranges.out);
    result = await run(
      'report',
      at('sim.json'),
      at('run.rtm.jsonl'),
      at('run.powersave.jsonl'),
      at('space.json'),
      at('xu3-ranges.json'),
      '--out',
      at('report.html'),
      '--svg',
      at('svg'),
    );
    html = readFileSync(at('report.html'), 'utf8');
  });

  it('should write the page and one SVG per figure, saying so', () => {
    expect(result.code).toBe(0);
    expect(result.err).toBe('');
    // comparison, two timelines, two space figures, the dynamic range.
    expect(result.out).toContain('6 figures');
    const svgs = readdirSync(at('svg')).sort();
    expect(svgs).toEqual([
      'comparison-xu3-default.svg',
      'dynamic-range.svg',
      'pareto-accuracy-jetson-nano-space.svg',
      'pareto-time-energy-jetson-nano-space.svg',
      'timeline-xu3-default-powersave-twin.svg',
      'timeline-xu3-default-rtm-twin.svg',
    ]);
    for (const f of svgs) expect(xmlProblem(readFileSync(join(at('svg'), f), 'utf8')), f).toBeNull();
  });

  it('should hold every figure as a Vega spec and the Vega runtime inline, with nothing fetched at view time', () => {
    const specs = JSON.parse(
      /<script id="twinrtm-specs" type="application\/json">(.*?)<\/script>/s.exec(html)![1]!,
    ) as Record<string, { marks?: unknown[] }>;
    expect(Object.keys(specs).sort()).toEqual(
      readdirSync(at('svg'))
        .map((f) => f.replace(/\.svg$/, ''))
        .sort(),
    );
    for (const spec of Object.values(specs)) expect(spec.marks?.length).toBeGreaterThan(0);
    expect(html).toContain('vega.View');
    expect(html.length).toBeGreaterThan(400_000);
    expect(html).not.toMatch(/<(script|img|link|iframe)\b[^>]*\b(src|href)=/i);
    expect(html).not.toMatch(/@import|url\(\s*['"]?https?:/i);
  });

  it('should show the metrics table of the policies', () => {
    expect(html).toMatch(/<th[^>]*>miss %<\/th>/);
    expect(html).toMatch(/<td>rtm<\/td>/);
    expect(html).toMatch(/<td>powersave<\/td>/);
  });
});

describe('twinrtm report from calibrate and hil compare', () => {
  it('should draw one point per measured configuration, and both sources per window', async () => {
    const truth = truePlatform(platformById('odroid-xu3'), (p) => {
      p.units[1].perf.conv.workPerCycle = 0.7;
    });
    const rows: Measurement[] = sweep(truth, networkById('alexnet-cifar10-g4'), {
      units: ['a7', 'a15'],
      groups: [1, 4],
      cores: [1, 4],
      freqs: { a7: [600, 1400], a15: [800, 2000] },
      layers: [null],
      noise: 0.01,
      seed: 3,
    });
    const header = 'platform,unit,dnn,groups,cores,freqMHz,busyCores,temperatureC,layer,timeMs';
    writeFileSync(
      at('m.csv'),
      `${[header, ...rows.map((r) => [r.platform, r.unit, r.dnn, r.groups, r.cores, r.freqMHz, r.busyCores, '', '', r.timeMs].join(','))].join('\n')}\n`,
    );
    const cal = await run('calibrate', at('m.csv'), '--out', at('cal-platform.json'), '--json');
    expect(cal.code, cal.err).toBe(0);
    writeFileSync(at('cal.json'), cal.out);
    const sim = await run('simulate', 'xu3-default', '--duration', '3', '--trace', at('cmp.jsonl'));
    expect(sim.code).toBe(0);
    const cmp = await run('hil', 'compare', at('cmp.jsonl'), '--json');
    expect(cmp.code, cmp.err).toBe(0);
    writeFileSync(at('cmp.json'), cmp.out);
    const r = await run('report', at('cal.json'), at('cmp.json'), '--svg', at('svg2'));
    expect(r.code, r.err).toBe(0);
    const configurations = new Set(rows.map((x) => `${x.unit} ${x.groups} ${x.cores} ${x.freqMHz}`)).size;
    const calSvg = readFileSync(join(at('svg2'), 'calibration-cal.svg'), 'utf8');
    expect(xmlProblem(calSvg)).toBeNull();
    const drawn = [...calSvg.matchAll(/<g class="mark-symbol role-mark child_layer_2_marks"[^>]*>(.*?)<\/g>/g)].reduce(
      (n, m) => n + (m[1]!.match(/<path\b/g) ?? []).length,
      0,
    );
    expect(drawn).toBe(configurations);
    const cmpSvg = readFileSync(join(at('svg2'), 'hil-compare-cmp.svg'), 'utf8');
    expect(xmlProblem(cmpSvg)).toBeNull();
    // Three one-second windows, board and twin, in the latency panel's points.
    const windows = (JSON.parse(cmp.out) as { windows: unknown[] }).windows.length;
    expect(symbolCount(cmpSvg, 'concat_0_layer_1_marks')).toBe(2 * windows);
  });
});

describe('twinrtm report on bad input', () => {
  it('should refuse a file of an unknown kind in one line naming it and what was expected', async () => {
    writeFileSync(at('other.json'), '{"hello": 1}\n');
    expectOneLineRefusal(
      await run('report', at('other.json'), '--out', at('r.html')),
      'other.json: unknown kind of file',
      'simulate, space, ranges, calibrate or hil compare',
    );
  });

  it('should refuse text that is neither JSON nor a trace, and an empty file', async () => {
    writeFileSync(at('notes.txt'), 'hello\nworld\n');
    expectOneLineRefusal(
      await run('report', at('notes.txt'), '--out', at('r.html')),
      'notes.txt is neither JSON nor a trace',
    );
    writeFileSync(at('empty.json'), '');
    expectOneLineRefusal(await run('report', at('empty.json'), '--out', at('r.html')), 'empty.json is empty');
  });

  it('should refuse simulate output with no results', async () => {
    writeFileSync(at('none.json'), JSON.stringify({ scenario: 'xu3-default', seed: 1, results: [] }));
    expectOneLineRefusal(
      await run('report', at('none.json'), '--out', at('r.html')),
      'none.json: simulate output with no results',
    );
  });

  it.each<[string, unknown, string | RegExp]>([
    [
      'simulate output with empty metrics',
      { scenario: 'xu3-default', seed: 1, results: [{ policy: 'rtm', metrics: {} }] },
      /^twinrtm: .*bad-shape\.json: results\[0\]\.metrics\.\w+: is required but missing \(and \d+ more problems\); expected simulate --json output\n$/,
    ],
    [
      'simulate output with a metric of the wrong type',
      { scenario: 'xu3-default', seed: 1, results: [{ policy: 'rtm', metrics: { inferences: 'many' } }] },
      'bad-shape.json: results[0].metrics.inferences: must be number',
    ],
    [
      'space output without pareto',
      {
        platform: 'odroid-xu3',
        dnn: 'd',
        spaceSize: 1,
        count: 1,
        configs: [
          {
            config: { unit: 'a7', groups: 1, cores: 1, freqMHz: { a7: 200 } },
            timeMs: 1,
            energyMJ: 1,
            avgPowerW: 1,
            accuracy: null,
          },
        ],
      },
      /bad-shape\.json: pareto: is required but missing; expected space --json output\n$/,
    ],
    [
      'space output with a configuration lacking its unit',
      {
        platform: 'odroid-xu3',
        dnn: 'd',
        spaceSize: 1,
        pareto: null,
        count: 1,
        configs: [
          { config: { groups: 1, cores: 1, freqMHz: {} }, timeMs: 1, energyMJ: 1, avgPowerW: 1, accuracy: null },
        ],
      },
      'bad-shape.json: configs[0].config.unit: is required but missing',
    ],
    [
      'ranges output without where groups alone were measured',
      {
        groupsOnly: { time: 2, energy: 2 },
        withMapping: { time: 3, energy: 3 },
        withMappingAndDvfs: { time: 4, energy: 4 },
      },
      'bad-shape.json: groupsOnly.at: is required but missing; expected ranges --json output',
    ],
    [
      'calibrate output with a point lacking its times',
      {
        platform: 'p',
        dnn: 'd',
        rows: 1,
        params: [],
        validation: {
          folds: 2,
          perUnit: {},
          holdout: null,
          points: [{ unit: 'a7', groups: 1, cores: 1, freqMHz: 200, busyCores: 0, repeats: 1 }],
        },
      },
      'bad-shape.json: validation.points[0].timeMs: is required but missing; expected calibrate --json output',
    ],
    [
      'hil compare output with a window lacking its start',
      {
        scenario: 's',
        policy: 'rtm',
        power: 'twin',
        latency: null,
        energy: null,
        powerAccuracy: null,
        windows: [
          { endS: 1, measuredLatencyMs: 1, predictedLatencyMs: 1, measuredPowerW: null, predictedPowerW: null },
        ],
      },
      'bad-shape.json: windows[0].startS: is required but missing; expected hil compare --json output',
    ],
  ])('should refuse recognised JSON of the wrong shape in one line naming the field: %s', async (_, value, message) => {
    writeFileSync(at('bad-shape.json'), JSON.stringify(value));
    expectOneLineRefusal(await run('report', at('bad-shape.json'), '--out', at('r.html')), message);
  });

  it('should use the complete lines of a trace cut off mid-line, and say what was skipped', async () => {
    const cut = writeSmallTrace(dir, 'cut.jsonl', (text) => text.slice(0, text.lastIndexOf('"kind":"end"') + 20));
    const r = await run('report', cut, '--out', at('cut.html'));
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/cut\.jsonl: line \d+ was cut off mid-way/);
    const page = readFileSync(at('cut.html'), 'utf8');
    expect(page).toMatch(/Missing or skipped.*cut off mid-way/s);
    expect(page).toContain('the run did not end');
  });

  it('should refuse a trace with a broken line before its end, naming the line', async () => {
    const broken = writeSmallTrace(dir, 'broken.jsonl', (text) => text.replace('"kind":"drop"', '"kind":"drop"}}'));
    expectOneLineRefusal(await run('report', broken, '--out', at('r.html')), /broken\.jsonl:\d+: not a JSON line/);
  });

  it.each<[string, (text: string) => string, RegExp]>([
    [
      'a sensor read without its power',
      (text) => text.replace(/,"powerW":1\.3,/, ','),
      /bad-event\.jsonl:\d+: the sensor event's powerW is missing; expected a number \(a trace written by simulate --trace or hil run --trace\)\n$/,
    ],
    [
      'an inference whose latency is a string',
      (text) => text.replace('"latencyMs":25,', '"latencyMs":"25",'),
      /bad-event\.jsonl:\d+: the inference event's latencyMs is string "25"; expected a number/,
    ],
    [
      'a configuration without its unit',
      (text) =>
        text.replace(
          '"unit":"a15","cores":2,"freqMHz":{"a7":200,"a15":1000}},"stallMs"',
          '"cores":2,"freqMHz":{"a7":200,"a15":1000}},"stallMs"',
        ),
      /bad-event\.jsonl:\d+: the apply event's config is an object; expected a configuration/,
    ],
    [
      'a line that is not an object',
      (text) => text.replace(/\n\{"t":600,"kind":"drop"[^\n]*/, '\nnull'),
      /bad-event\.jsonl:\d+: not a trace event \(an object with a kind\)/,
    ],
  ])(
    'should refuse a trace with a bad event, naming path:line and the field, not as "neither JSON nor a trace": %s',
    async (_, transform, message) => {
      const bad = writeSmallTrace(dir, 'bad-event.jsonl', transform);
      const r = await run('report', bad, '--out', at('r.html'));
      expectOneLineRefusal(r, message);
      expect(r.err).not.toContain('neither JSON nor a trace');
    },
  );

  it('should refuse a trace with nothing to draw', async () => {
    const bare = writeSmallTrace(dir, 'bare.jsonl', (text) => `${text.split('\n')[0]!}\n`);
    expectOneLineRefusal(
      await run('report', bare, '--out', at('r.html')),
      'nothing to draw',
      'no sensor reads and no inferences',
    );
  });

  it('should write only the figures --figure names, and refuse a name that matches none', async () => {
    const trace = writeSmallTrace(dir);
    const r = await run('report', trace, '--figure', 'timeline', '--svg', at('only'));
    expect(r.code).toBe(0);
    expect(readdirSync(at('only'))).toEqual(['timeline-xu3-default-rtm-twin.svg']);
    expectOneLineRefusal(
      await run('report', trace, '--figure', 'nope', '--svg', at('only')),
      '--figure nope matches no figure',
      'comparison-xu3-default',
    );
  });

  it('should refuse to run with nowhere to write', async () => {
    expectOneLineRefusal(await run('report', writeSmallTrace(dir)), 'give --out report.html, --svg DIR or --png DIR');
  });

  it('should refuse --png where no Chromium is on PATH, before any work', async () => {
    const path = process.env.PATH;
    process.env.PATH = at('no-such-bin');
    try {
      expectOneLineRefusal(
        await run('report', writeSmallTrace(dir), '--png', at('png')),
        '--png needs a headless Chromium',
        'apt-get install chromium',
      );
    } finally {
      process.env.PATH = path;
    }
    expect(existsSync(at('png'))).toBe(false);
  });
});
