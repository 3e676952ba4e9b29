import { describe, expect, it } from 'vitest';
import { networkById } from '../../dnn/builtinNetworks.js';
import { platformById } from '../../models/builtinPlatforms.js';
import { predictSpace } from '../../models/configurationSpace.js';
import { dominates } from '../../models/paretoFront.js';
import { expectOneLineRefusal, headerLine, run, runJson } from './run.js';

// The contract's keys, plus the extras the README documents.
const SPACE_KEYS = ['count', 'configs', 'platform', 'dnn', 'spaceSize', 'pareto', 'accuracyProxy'].sort();
const ENTRY_KEYS = ['config', 'timeMs', 'energyMJ', 'avgPowerW', 'accuracy', 'confidence'].sort();

interface Entry {
  config: { groups: number; unit: string; cores: number; freqMHz: Record<string, number> };
  timeMs: number;
  energyMJ: number;
  avgPowerW: number;
  accuracy: number | null;
}

/** Minimisation vector over time, energy and accuracy (the groups standing in while unmeasured). */
const vector = (e: Entry) => [e.timeMs, e.energyMJ, -e.config.groups];

describe('twinrtm space --json shape', () => {
  it('should have exactly the keys of the contract', async () => {
    const s = await runJson('space', '--json');
    expect(Object.keys(s).sort()).toEqual(SPACE_KEYS);
  });

  it('should give each configuration exactly the keys of the contract', async () => {
    const s = await runJson('space', '--json');
    for (const e of s.configs) expect(Object.keys(e).sort()).toEqual(ENTRY_KEYS);
  });

  it('should give count as the number of configurations listed', async () => {
    const s = await runJson('space', '--json');
    expect(s.count).toBe(s.configs.length);
  });

  it('should type every configuration', async () => {
    const s = await runJson('space', '--json');
    for (const e of s.configs as Entry[]) {
      expect(Number.isInteger(e.config.groups)).toBe(true);
      expect(typeof e.config.unit).toBe('string');
      expect(Number.isInteger(e.config.cores)).toBe(true);
      expect(Object.keys(e.config.freqMHz).sort()).toEqual(['a15', 'a7']);
      for (const k of ['timeMs', 'energyMJ', 'avgPowerW'] as const) expect(e[k]).toBeGreaterThan(0);
    }
  });

  it("should give every configuration its groups' measured top-1, and null while it is unmeasured", async () => {
    const s = await runJson('space', '--json');
    const table: Record<number, number> = { 1: 0.9213, 2: 0.9262, 3: 0.9263, 4: 0.9269 };
    expect(s.configs.every((e: Entry) => e.accuracy === table[e.config.groups])).toBe(true);
    const cumulative = await runJson('space', '--json', '--dnn', 'alexnet-cifar10-g4-cumulative');
    expect(cumulative.configs.every((e: Entry) => e.accuracy === null)).toBe(true);
  });
});

describe('twinrtm space counts', () => {
  // 4 groups x (a7: 4 cores x 13 points + a15: 4 cores x 19 points) = 4 x 128.
  it('should list 512 configurations for odroid-xu3', async () => {
    expect((await runJson('space', '--json', '--platform', 'odroid-xu3')).count).toBe(512);
  });

  // MAXN: 4 groups x (a57: 4 cores x 15 points + gpu: 1 x 12 points) = 4 x 72.
  it('should list 288 configurations for jetson-nano in MAXN', async () => {
    expect((await runJson('space', '--json', '--platform', 'jetson-nano')).count).toBe(288);
  });

  // 5W: a57 2 cores, 8 points up to 825.6 (<= 918); gpu 8 points up to 614.4 (<= 640): 4 x (2 x 8 + 1 x 8).
  it('should list 96 configurations for jetson-nano in 5W', async () => {
    expect((await runJson('space', '--json', '--platform', 'jetson-nano', '--power-mode', '5W')).count).toBe(96);
  });

  it('should count groups x cores x operating points of every unit as the platforms listing gives them', async () => {
    const platforms = await runJson('platforms', '--json');
    for (const p of platforms) {
      const modes: (string | undefined)[] =
        p.powerModes.length === 0 ? [undefined] : p.powerModes.map((m: { id: string }) => m.id);
      for (const mode of modes) {
        const limits = mode === undefined ? {} : p.powerModes.find((m: { id: string }) => m.id === mode).limits;
        const perGroup = p.units.reduce((n: number, u: { id: string; cores: number; freqsMHz: number[] }) => {
          const cores = limits[u.id]?.maxCores ?? u.cores;
          const points = u.freqsMHz.filter(
            (f) => limits[u.id]?.maxFreqMHz === undefined || f <= limits[u.id].maxFreqMHz,
          ).length;
          return n + cores * points;
        }, 0);
        const s = await runJson(
          'space',
          '--json',
          '--platform',
          p.id,
          ...(mode === undefined ? [] : ['--power-mode', mode]),
        );
        expect(s.count, `${p.id} ${mode ?? ''}`).toBe(4 * perGroup);
      }
    }
  });

  it('should list each configuration once', async () => {
    const s = await runJson('space', '--json');
    const keys = new Set(s.configs.map((e: Entry) => JSON.stringify(e.config)));
    expect(keys.size).toBe(512);
  });

  it("should agree with the library's predictSpace()", async () => {
    const s = await runJson('space', '--json');
    const expected = predictSpace(platformById('odroid-xu3'), networkById('alexnet-cifar10-g4'));
    const key = (e: Entry) => JSON.stringify(e.config);
    const byKey = new Map(expected.map((p) => [key(p), p]));
    for (const e of s.configs as Entry[]) {
      const p = byKey.get(key(e))!;
      expect(e).toEqual({
        config: p.config,
        timeMs: p.timeMs,
        energyMJ: p.energyMJ,
        avgPowerW: p.avgPowerW,
        accuracy: p.accuracy,
        confidence: p.confidence,
      });
    }
  });
});

describe('twinrtm space --pareto', () => {
  it('should list only configurations no other listed one dominates', async () => {
    const front: Entry[] = (await runJson('space', '--json', '--pareto', 'time,energy,accuracy')).configs;
    for (const a of front) for (const b of front) expect(dominates(vector(a), vector(b))).toBe(false);
  });

  it('should keep every configuration of the space that nothing dominates', async () => {
    const all: Entry[] = (await runJson('space', '--json')).configs;
    const front: Entry[] = (await runJson('space', '--json', '--pareto', 'time,energy,accuracy')).configs;
    const onFront = new Set(front.map((e) => JSON.stringify(e.config)));
    for (const e of all) {
      if (onFront.has(JSON.stringify(e.config))) continue;
      expect(front.some((f) => dominates(vector(f), vector(e)))).toBe(true);
    }
  });

  it('should sort the front by time', async () => {
    const front: Entry[] = (await runJson('space', '--json', '--pareto', 'time,energy,accuracy')).configs;
    for (let i = 1; i < front.length; i++) expect(front[i]!.timeMs).toBeGreaterThanOrEqual(front[i - 1]!.timeMs);
  });

  it('should sort the whole space by time without --pareto', async () => {
    const all: Entry[] = (await runJson('space', '--json')).configs;
    for (let i = 1; i < all.length; i++) expect(all[i]!.timeMs).toBeGreaterThanOrEqual(all[i - 1]!.timeMs);
  });

  it('should keep fewer configurations than the space over time and energy', async () => {
    const s = await runJson('space', '--json', '--pareto', 'time,energy');
    expect(s.count).toBeGreaterThan(0);
    expect(s.count).toBeLessThan(512);
  });

  it('should state that the number of groups stands in for unmeasured accuracy, and only then', async () => {
    const r = await run('space', '--pareto', 'time,energy,accuracy', '--dnn', 'alexnet-cifar10-g4-cumulative');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/accuracy is unmeasured.*groups/);
    expect((await run('space', '--pareto', 'time,energy,accuracy')).out).not.toMatch(/accuracy is unmeasured/);
  });

  it('should not mention the groups proxy when accuracy is not an objective', async () => {
    const r = await run('space', '--pareto', 'time,energy');
    expect(r.out).not.toMatch(/accuracy is unmeasured/);
  });

  it('should refuse an unknown objective, listing the valid ones', async () => {
    const r = await run('space', '--pareto', 'time,speed');
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/^[^\n]+\n$/);
    expect(r.err).toContain("'speed'");
    expect(r.err).toContain('time, energy, power, accuracy');
  });
});

describe('twinrtm space text output', () => {
  it('should print the configuration table with its headers', async () => {
    const r = await run('space', '--pareto', 'time,energy');
    expect(r.err).toBe('');
    expect(r.out).toMatch(
      headerLine('groups', 'unit', 'cores', 'MHz', 'time ms', 'energy mJ', 'power W', 'top-1', 'conf.'),
    );
  });

  it('should say how many of the space the front keeps', async () => {
    const r = await run('space', '--pareto', 'time,energy');
    expect(r.out).toMatch(
      /^alexnet-cifar10-g4 on odroid-xu3: Pareto front over time, energy: \d+ of 512 configurations$/m,
    );
  });

  it("should show each row's measured top-1, or unmeasured", async () => {
    const rowsOf = (out: string) => out.split('\n').filter((line) => /^\s*\d+\s+a(7|15)\s/.test(line));
    const rows = rowsOf((await run('space', '--pareto', 'time,energy')).out);
    expect(rows.length).toBeGreaterThan(0);
    const table: Record<string, string> = { 1: '0.9213', 2: '0.9262', 3: '0.9263', 4: '0.9269' };
    for (const row of rows) expect(row.trim().split(/\s+/)[7]).toBe(table[row.trim().split(/\s+/)[0]!]);
    for (const row of rowsOf(
      (await run('space', '--pareto', 'time,energy', '--dnn', 'alexnet-cifar10-g4-cumulative')).out,
    ))
      expect(row).toMatch(/\sunmeasured$/);
  });
});

describe('twinrtm space --anytime', () => {
  it('adds every mapping at each group limit 2..4 and threshold, with the mean time and its tail', async () => {
    const json = await runJson('space', '--anytime', '0.5,0.9', '--json');
    expect(json.spaceSize).toBe(512 + 128 * 3 * 2);
    const anytime = json.configs.filter(
      (c: { config: { confidenceThreshold?: number } }) => c.config.confidenceThreshold !== undefined,
    );
    expect(anytime).toHaveLength(128 * 3 * 2);
    for (const c of anytime) {
      expect([0.5, 0.9]).toContain(c.config.confidenceThreshold);
      expect(c.p95TimeMs).toBeGreaterThan(0);
      expect(c.maxTimeMs).toBeGreaterThanOrEqual(c.p95TimeMs);
    }
  });

  it('puts anytime configurations on the energy/accuracy front: the cascade answers as well as 4 groups for less', async () => {
    const json = await runJson('space', '--anytime', '--pareto', 'energy,accuracy', '--json');
    const best = json.configs.reduce((a: { accuracy: number }, b: { accuracy: number }) =>
      b.accuracy > a.accuracy ? b : a,
    );
    expect(best.config.confidenceThreshold).toBeDefined();
  });

  it('refuses a threshold that is not a number, in one line', async () => {
    expectOneLineRefusal(await run('space', '--anytime', '0.9,x'), "--anytime 'x' is not a number");
  });
});
