import { describe, expect, it } from 'vitest';
import { runtimeSummaries, runtimeText } from '../../cli/commands/platforms.js';
import { builtinPlatforms, platformById } from '../../models/builtinPlatforms.js';
import { checkPlatform } from '../../models/checkPlatform.js';
import { ownRuntimeOf, runtimesOfUnit } from '../../models/runtimes.js';
import type { Platform } from '../../models/types.js';
import { run, runJson } from './run.js';

const KINDS = ['conv', 'fc', 'pool'];

describe('twinrtm platforms: runtime profiles', () => {
  it("should list in --json each unit's profiles, its own first and flagged, every layer kind under one provenance", async () => {
    const listed = await runJson('platforms', '--json');
    for (const p of builtinPlatforms()) {
      const json = listed.find((l: { id: string }) => l.id === p.id);
      for (const unit of p.units) {
        const runtimes = json.units.find((u: { id: string }) => u.id === unit.id).runtimes;
        expect(runtimes.map((r: { name: string }) => r.name)).toEqual(runtimesOfUnit(p, unit));
        expect(runtimes.map((r: { own: boolean }) => r.own)).toEqual(runtimes.map((_: unknown, i: number) => i === 0));
        for (const r of runtimes) expect(Object.values(r.provenance).flat().sort()).toEqual(KINDS);
      }
    }
  });

  it("should give a block's provenance as the block says it: the Nano's ncnn blocks are calibrations, its own blocks priors", () => {
    const nano = platformById('jetson-nano');
    const a57 = nano.units.find((u) => u.id === 'a57')!;
    const summaries = runtimeSummaries(nano, a57);
    for (const s of summaries) {
      const perf = s.own ? a57.perf : a57.runtimes![s.name!]!.perf;
      for (const [from, kinds] of Object.entries(s.provenance))
        for (const kind of kinds) expect(perf[kind][from as 'source' | 'prior' | 'calibration']).toBeDefined();
    }
    expect(summaries[0]).toEqual({ name: 'onnxruntime', own: true, provenance: { prior: KINDS } });
    expect(summaries.find((s) => s.name === 'ncnn')).toEqual({
      name: 'ncnn',
      own: false,
      provenance: { calibration: KINDS },
    });
  });

  it('should say which kinds come from where when a block mixes them, and name an unnamed own profile', () => {
    const mixed = structuredClone(platformById('jetson-nano')) as Platform;
    const pool = mixed.units[0]!.runtimes!.ncnn!.perf.pool;
    delete pool.calibration;
    pool.prior = 'a test block';
    mixed.units[0]!.perf.fc = { ...mixed.units[0]!.perf.fc, source: 'a test source' };
    delete mixed.units[0]!.perf.fc.prior;
    const checked = checkPlatform(mixed, 'mixed');
    expect(runtimeSummaries(checked, checked.units[0]!).map(runtimeText)).toEqual([
      'onnxruntime (own, prior: conv, pool; source: fc)',
      'ncnn (calibration: conv, fc; prior: pool)',
    ]);
    const unnamed = structuredClone(platformById('host')) as Platform;
    delete unnamed.defaultRuntime;
    const host = checkPlatform(unnamed, 'unnamed');
    expect(runtimeSummaries(host, host.units[0]!).map(runtimeText)).toEqual(['unnamed (own, prior)']);
  });

  it("should print a runtimes line per platform naming each unit's own profile first, and keep the units table", async () => {
    const r = await run('platforms');
    expect(r.code).toBe(0);
    for (const p of builtinPlatforms()) {
      const block = r.out.slice(r.out.indexOf(`${p.id}: ${p.name}\n`)).split('\n\n')[0]!;
      const line = block.split('\n').find((l) => l.startsWith('runtimes: '));
      expect(line, p.id).toBeDefined();
      for (const unit of p.units) {
        const [own, ...others] = runtimesOfUnit(p, unit);
        expect(own).toBe(ownRuntimeOf(p, unit));
        expect(line).toContain(`${unit.id}: ${own} (own, `);
        for (const other of others) expect(line).toMatch(new RegExp(`${unit.id}: [^;]*, ${other} \\(`));
      }
    }
  });
});
