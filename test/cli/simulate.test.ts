import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { builtinScenarios } from '../../scenarios/builtinScenarios.js';
import { expectOneLineRefusal, headerLine, run, runJson } from './run.js';

const BUILTIN = [
  'rtm',
  'energy-aware',
  'oracle',
  'performance',
  'powersave',
  'userspace',
  'ondemand',
  'ondemand-3.10',
  'conservative',
  'schedutil',
  'interactive',
];
const NOISE_FREE = fileURLToPath(new URL('./fixtures/noise-free.json', import.meta.url));
const NANO = fileURLToPath(new URL('../../models/platforms/jetson-nano.json', import.meta.url));
const XU3 = fileURLToPath(new URL('../../models/platforms/odroid-xu3.json', import.meta.url));

const dir = mkdtempSync(join(tmpdir(), 'twinrtm-simulate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The lines of a JSON Lines file, each parsed. */
function jsonLines(path: string): any[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line));
}

/** The rows of a text table: the lines after the dashes under the header. */
function tableRows(out: string): string[] {
  const lines = out.split('\n');
  const rule = lines.findIndex((l) => /^-+(\s+-+)+\s*$/.test(l));
  return lines.slice(rule + 1).filter((l) => l.trim() !== '');
}

/** Metrics without the wall-clock figures, which no seed governs. */
function simulated(metrics: Record<string, unknown>): Record<string, unknown> {
  const { wallMs: _wall, decisionUs: _decide, ...rest } = metrics;
  return rest;
}

describe('twinrtm simulate --json', () => {
  it('gives the scenario and, per policy, every metric of the contract', async () => {
    const json = await runJson('simulate', 'xu3-default', '--policy', 'rtm', '--duration', '2', '--json');
    expect(json.scenario).toBe('xu3-default');
    expect(json.results).toHaveLength(1);
    const [result] = json.results;
    expect(result.policy).toBe('rtm');
    expect(Object.keys(result.metrics)).toEqual(
      expect.arrayContaining([
        'inferences',
        'deadlineMissRate',
        'latencyMs',
        'meanAccuracy',
        'meanGroups',
        'energyPerInferenceMJ',
        'avgPowerW',
        'peakPowerW',
        'overPowerCapFraction',
        'reconfigurations',
        'decisionUs',
        'simulatedS',
        'wallMs',
      ]),
    );
    expect(Object.keys(result.metrics.latencyMs)).toEqual(expect.arrayContaining(['p50', 'p95', 'p99']));
    expect(Object.keys(result.metrics.decisionUs)).toEqual(expect.arrayContaining(['p50', 'p99']));
  });

  it('gives numbers for the metrics of a run with inferences, mean accuracy among them', async () => {
    const { metrics: m } = (await runJson('simulate', 'xu3-default', '--policy', 'rtm', '--duration', '2', '--json'))
      .results[0];
    for (const v of [
      m.inferences,
      m.meanAccuracy,
      m.deadlineMissRate,
      m.latencyMs.p50,
      m.latencyMs.p95,
      m.latencyMs.p99,
      m.meanGroups,
      m.energyPerInferenceMJ,
      m.avgPowerW,
      m.peakPowerW,
      m.reconfigurations,
      m.decisionUs.p50,
      m.decisionUs.p99,
      m.simulatedS,
      m.wallMs,
    ]) {
      expect(typeof v).toBe('number');
    }
    expect(m.meanAccuracy).toBeGreaterThanOrEqual(0.9213);
    expect(m.meanAccuracy).toBeLessThanOrEqual(0.9269 + 1e-9); // a running mean, summed in floating point
    // No power cap in the first 40 s of xu3-default.
    expect(m.overPowerCapFraction).toBeNull();
  });

  it('simulates the --duration given: 2 s of 30 fps is about 60 inferences', async () => {
    const { metrics } = (
      await runJson('simulate', 'xu3-default', '--policy', 'performance', '--duration', '2', '--json')
    ).results[0];
    expect(metrics.simulatedS).toBe(2);
    expect(metrics.inferences).toBeGreaterThanOrEqual(58);
    expect(metrics.inferences).toBeLessThanOrEqual(61);
  });

  it('runs rtm when no --policy is given', async () => {
    const json = await runJson('simulate', 'xu3-default', '--duration', '1', '--json');
    expect(json.results.map((r: any) => r.policy)).toEqual(['rtm']);
  });

  it('gives one result per --policy, in the order given', async () => {
    const json = await runJson(
      'simulate',
      'xu3-default',
      '--policy',
      'schedutil',
      '--policy',
      'rtm',
      '--duration',
      '1',
      '--json',
    );
    expect(json.results.map((r: any) => r.policy)).toEqual(['schedutil', 'rtm']);
  });

  it('runs every built-in policy for --policy all: 10 results, in the registry order', async () => {
    const json = await runJson('simulate', 'xu3-default', '--policy', 'all', '--duration', '1', '--json');
    expect(json.results.map((r: any) => r.policy)).toEqual(BUILTIN);
  });

  it('runs a scenario file given by path', async () => {
    const json = await runJson('simulate', NOISE_FREE, '--policy', 'performance', '--json');
    expect(json.scenario).toBe('cli-noise-free');
    expect(json.results[0].metrics.simulatedS).toBe(2);
  });
});

describe('twinrtm simulate: the table', () => {
  it('prints a header with the policy and the metric columns', async () => {
    const r = await run('simulate', 'xu3-default', '--policy', 'rtm', '--duration', '1');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(
      headerLine(
        'policy',
        'inferences',
        'miss %',
        'p50 ms',
        'p95 ms',
        'p99 ms',
        'mJ/inf',
        'avg W',
        'peak W',
        'over cap %',
        'groups',
        'top-1',
        'conf.',
        'reconf',
        'decide us p50/p99',
        'wall ms',
      ),
    );
  });

  it('names the scenario, the platform, the DNN, the simulated time and the seed above the table', async () => {
    const r = await run('simulate', 'xu3-default', '--policy', 'rtm', '--duration', '1');
    expect(r.out).toMatch(/^xu3-default: /);
    expect(r.out).toContain('odroid-xu3, alexnet-cifar10-g4, 1 s simulated, seed 1');
  });

  it('prints one row per policy, in the order given', async () => {
    const r = await run('simulate', 'xu3-default', '--policy', 'rtm', '--policy', 'performance', '--duration', '1');
    expect(r.code).toBe(0);
    expect(tableRows(r.out).map((row) => row.split(/\s+/)[0])).toEqual(['rtm', 'performance']);
  });

  it('prints one row per built-in policy for --policy all', async () => {
    const r = await run('simulate', 'xu3-default', '--policy', 'all', '--duration', '1');
    expect(r.code).toBe(0);
    expect(tableRows(r.out).map((row) => row.split(/\s+/)[0])).toEqual(BUILTIN);
  });
});

describe('twinrtm simulate: bad input', () => {
  it('refuses an unknown policy with exit 2 and one line listing the valid names', async () => {
    expectOneLineRefusal(
      await run('simulate', 'xu3-default', '--policy', 'nope', '--duration', '1'),
      "unknown policy 'nope'",
      BUILTIN.join(', '),
    );
  });

  it('refuses an unknown policy among known ones before simulating anything', async () => {
    expectOneLineRefusal(
      await run('simulate', 'xu3-default', '--policy', 'rtm', '--policy', 'nope', '--duration', '1'),
      "unknown policy 'nope'",
    );
  });

  it('refuses an unknown scenario with exit 2 and one line listing the valid ids', async () => {
    const ids = builtinScenarios().map((s) => s.id);
    expectOneLineRefusal(await run('simulate', 'nope', '--policy', 'rtm'), "unknown scenario 'nope'", ...ids);
  });

  it('refuses a scenario file that does not exist with one line naming it', async () => {
    const missing = join(dir, 'missing.json');
    expectOneLineRefusal(await run('simulate', missing, '--policy', 'rtm'), missing);
  });

  it('refuses the same policy named twice', async () => {
    expectOneLineRefusal(
      await run('simulate', 'xu3-default', '--policy', 'rtm', '--policy', 'rtm', '--duration', '1'),
      "'rtm'",
      'twice',
    );
  });

  it('refuses a zero --duration', async () => {
    expectOneLineRefusal(await run('simulate', 'xu3-default', '--duration', '0'), '--duration');
  });

  it('refuses a --seed that is not an integer', async () => {
    expectOneLineRefusal(await run('simulate', 'xu3-default', '--seed', 'abc', '--duration', '1'), '--seed');
  });

  it('refuses a platform file for another board than the scenario', async () => {
    expectOneLineRefusal(
      await run('simulate', 'xu3-default', '--platform-file', NANO, '--duration', '1'),
      'jetson-nano',
      'odroid-xu3',
    );
  });
});

describe('twinrtm simulate --trace', () => {
  it('writes JSON Lines whose every line parses, the first a run event and the last an end event', async () => {
    const path = join(dir, 'one.jsonl');
    await runJson('simulate', 'xu3-default', '--policy', 'rtm', '--duration', '1', '--trace', path, '--json');
    const events = jsonLines(path);
    expect(events.length).toBeGreaterThan(2);
    expect(events[0].kind).toBe('run');
    expect(events[events.length - 1].kind).toBe('end');
  });

  it('gives every event a time and a kind, in time order', async () => {
    const path = join(dir, 'ordered.jsonl');
    await runJson('simulate', 'xu3-default', '--policy', 'ondemand', '--duration', '1', '--trace', path, '--json');
    const events = jsonLines(path);
    for (const e of events) {
      expect(typeof e.t).toBe('number');
      expect(typeof e.kind).toBe('string');
    }
    const times = events.map((e) => e.t);
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it('records one inference event per inference the metrics count', async () => {
    const path = join(dir, 'count.jsonl');
    const json = await runJson(
      'simulate',
      'xu3-default',
      '--policy',
      'rtm',
      '--duration',
      '1',
      '--trace',
      path,
      '--json',
    );
    expect(jsonLines(path).filter((e) => e.kind === 'inference')).toHaveLength(json.results[0].metrics.inferences);
  });

  it('writes one file per policy, named after it, when several policies run', async () => {
    const path = join(dir, 'several.jsonl');
    await runJson(
      'simulate',
      'xu3-default',
      '--policy',
      'rtm',
      '--policy',
      'performance',
      '--duration',
      '1',
      '--trace',
      path,
      '--json',
    );
    expect(existsSync(path)).toBe(false);
    for (const policy of ['rtm', 'performance']) {
      const events = jsonLines(join(dir, `several.${policy}.jsonl`));
      expect(events[0]).toMatchObject({ kind: 'run', policy, scenario: 'xu3-default' });
      expect(events[events.length - 1].kind).toBe('end');
    }
  });

  it('refuses a trace path in a directory that does not exist with one line naming it', async () => {
    const path = join(dir, 'no-such-dir', 'trace.jsonl');
    expectOneLineRefusal(
      await run('simulate', 'xu3-default', '--policy', 'rtm', '--duration', '1', '--trace', path),
      path,
    );
  });
});

describe('twinrtm simulate --chrome-trace', () => {
  it('writes a JSON object with a non-empty traceEvents array', async () => {
    const path = join(dir, 'chrome.json');
    await runJson('simulate', 'xu3-default', '--policy', 'rtm', '--duration', '1', '--chrome-trace', path, '--json');
    const chrome = JSON.parse(readFileSync(path, 'utf8'));
    expect(Array.isArray(chrome.traceEvents)).toBe(true);
    expect(chrome.traceEvents.length).toBeGreaterThan(0);
  });

  it('with --trace too, writes both, one complete slice per inference of the trace', async () => {
    const trace = join(dir, 'both.jsonl');
    const chromePath = join(dir, 'both.json');
    await runJson(
      'simulate',
      'xu3-default',
      '--policy',
      'rtm',
      '--duration',
      '1',
      '--trace',
      trace,
      '--chrome-trace',
      chromePath,
      '--json',
    );
    const inferences = jsonLines(trace).filter((e) => e.kind === 'inference');
    const slices = JSON.parse(readFileSync(chromePath, 'utf8')).traceEvents.filter((e: any) => e.ph === 'X');
    expect(slices).toHaveLength(inferences.length);
  });

  it('writes one file per policy when several policies run', async () => {
    const path = join(dir, 'chrome-several.json');
    await runJson(
      'simulate',
      'xu3-default',
      '--policy',
      'rtm',
      '--policy',
      'powersave',
      '--duration',
      '1',
      '--chrome-trace',
      path,
      '--json',
    );
    for (const policy of ['rtm', 'powersave']) {
      expect(
        JSON.parse(readFileSync(join(dir, `chrome-several.${policy}.json`), 'utf8')).traceEvents.length,
      ).toBeGreaterThan(0);
    }
  });
});

describe('twinrtm simulate --seed', () => {
  it('echoes the seed given in the JSON', async () => {
    expect(
      (await runJson('simulate', 'xu3-default', '--policy', 'rtm', '--duration', '1', '--seed', '7', '--json')).seed,
    ).toBe(7);
  });

  it("echoes the scenario's own seed when none is given", async () => {
    expect((await runJson('simulate', 'xu3-default', '--policy', 'rtm', '--duration', '1', '--json')).seed).toBe(1);
  });

  it('records the seed given in the run event of the trace', async () => {
    const path = join(dir, 'seed.jsonl');
    await runJson(
      'simulate',
      'xu3-default',
      '--policy',
      'rtm',
      '--duration',
      '1',
      '--seed',
      '42',
      '--trace',
      path,
      '--json',
    );
    expect(jsonLines(path)[0]).toMatchObject({ kind: 'run', seed: 42 });
  });

  it('changes no simulated metric of a noise-free scenario with periodic requests', async () => {
    const args = ['simulate', NOISE_FREE, '--policy', 'rtm', '--policy', 'ondemand', '--json'];
    const a = await runJson(...args, '--seed', '1');
    const b = await runJson(...args, '--seed', '987654');
    expect(b.results.map((r: any) => simulated(r.metrics))).toEqual(a.results.map((r: any) => simulated(r.metrics)));
  });

  it('gives the same simulated metrics for the same seed twice on a noisy scenario', async () => {
    const args = [
      'simulate',
      'xu3-default',
      '--policy',
      'rtm',
      '--policy',
      'schedutil',
      '--duration',
      '2',
      '--seed',
      '5',
      '--json',
    ];
    const a = await runJson(...args);
    const b = await runJson(...args);
    expect(b.results.map((r: any) => simulated(r.metrics))).toEqual(a.results.map((r: any) => simulated(r.metrics)));
  });

  it('drives the sensor noise: the noisy readings of xu3-default differ between seeds', async () => {
    const sensors = async (seed: string) => {
      const path = join(dir, `noise-${seed}.jsonl`);
      await runJson(
        'simulate',
        'xu3-default',
        '--policy',
        'performance',
        '--duration',
        '1',
        '--seed',
        seed,
        '--trace',
        path,
        '--json',
      );
      return jsonLines(path)
        .filter((e) => e.kind === 'sensor')
        .map((e) => e.powerW);
    };
    expect(await sensors('2')).not.toEqual(await sensors('3'));
  });
});

describe('twinrtm simulate --platform-file', () => {
  it('gives the same simulated metrics with a copy of the built-in platform file', async () => {
    const args = ['simulate', 'xu3-default', '--policy', 'rtm', '--duration', '1', '--json'];
    const builtin = await runJson(...args);
    const fromFile = await runJson(...args, '--platform-file', XU3);
    expect(simulated(fromFile.results[0].metrics)).toEqual(simulated(builtin.results[0].metrics));
  });
});
