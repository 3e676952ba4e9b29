import { existsSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadScenarioFile } from '../../scenarios/loadScenarioFile.js';
import { expectOneLineRefusal, headerLine, run } from './run.js';

const fixture = (name: string) => fileURLToPath(new URL(`../testkit/fixtures/${name}`, import.meta.url));
const outDir = () => mkdtempSync(join(tmpdir(), 'twinrtm-check-cli-'));

describe('twinrtm check POLICY_FILE --json', () => {
  it('exits 0 and prints { policy, platform, seed, properties: [{ name, passed, runs, seed, counterexample: null }] } when every property holds', async () => {
    const r = await run(
      'check',
      fixture('modelChooser.ts'),
      '--properties',
      'valid,deterministic',
      '--runs',
      '3',
      '--seed',
      '4',
      '--out',
      outDir(),
      '--json',
    );
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual({
      policy: 'model-chooser',
      platform: 'odroid-xu3',
      seed: 4,
      properties: [
        { name: 'valid', passed: true, runs: 3, seed: 4, counterexample: null },
        { name: 'deterministic', passed: true, runs: 3, seed: 4, counterexample: null },
      ],
    });
  });

  it('exits 1 when a property fails and gives its counterexample: a scenario file, the fast-check seed and path, a message and the replay command', async () => {
    const dir = outDir();
    const r = await run(
      'check',
      fixture('oscillates.ts'),
      '--properties',
      'valid,stable',
      '--runs',
      '10',
      '--seed',
      '5',
      '--out',
      dir,
      '--json',
    );
    expect(r.err).toBe('');
    expect(r.code).toBe(1);
    const json = JSON.parse(r.out);
    expect(json.properties.map((p: any) => [p.name, p.passed])).toEqual([
      ['valid', true],
      ['stable', false],
    ]);
    const ce = json.properties[1].counterexample;
    expect(ce).toMatchObject({
      seed: 5,
      path: expect.stringMatching(/^\d+(:\d+)*$/),
      message: expect.stringMatching(/still changes/),
    });
    expect(ce.scenarioFile.startsWith(dir)).toBe(true);
    expect(loadScenarioFile(ce.scenarioFile).id).toBe('oscillates-stable');
    expect(existsSync(ce.manifestFile)).toBe(true);
    expect(ce.replay).toEqual([
      expect.stringContaining(`twinrtm simulate ${ce.scenarioFile} --policy ${fixture('oscillates.ts')}`),
    ]);
  });

  it('checks every property but safe for a file when --properties is not given', async () => {
    const r = await run('check', fixture('modelChooser.ts'), '--runs', '1', '--seed', '1', '--out', outDir(), '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).properties.map((p: any) => p.name)).toEqual([
      'valid',
      'monotone',
      'stable',
      'deterministic',
      'robust',
    ]);
  });

  it('checks safe too for a budget-aware built-in policy named instead of a file', async () => {
    const r = await run('check', 'rtm', '--runs', '1', '--seed', '1', '--out', outDir(), '--json');
    expect([0, 1]).toContain(r.code);
    expect(JSON.parse(r.out).properties.map((p: any) => p.name)).toEqual([
      'valid',
      'safe',
      'monotone',
      'stable',
      'deterministic',
      'robust',
    ]);
  });

  it('checks on the platform given', async () => {
    const r = await run(
      'check',
      'performance',
      '--platform',
      'jetson-nano',
      '--properties',
      'valid',
      '--runs',
      '2',
      '--seed',
      '1',
      '--json',
    );
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).platform).toBe('jetson-nano');
  });
});

describe('twinrtm check (text)', () => {
  it('prints a table of verdicts and, for a failure, the counterexample, the replay command and the fast-check seed and path', async () => {
    const r = await run(
      'check',
      fixture('oscillates.ts'),
      '--properties',
      'stable',
      '--runs',
      '10',
      '--seed',
      '5',
      '--out',
      outDir(),
    );
    expect(r.code).toBe(1);
    expect(r.out).toMatch(headerLine('property', 'verdict', 'cases'));
    expect(r.out).toMatch(/^stable\s+FAIL\s+\d+$/m);
    expect(r.out).toMatch(/^stable failed: under constant conditions/m);
    expect(r.out).toMatch(/^ {4}twinrtm simulate \S+oscillates-stable\.scenario\.json --policy /m);
    expect(r.out).toMatch(/fast-check: \{ seed: 5, path: "[\d:]+" \}/);
  });
});

describe('twinrtm check: bad input exits 2 with one line', () => {
  it('refuses an unknown property, listing the valid names', async () => {
    expectOneLineRefusal(
      await run('check', 'rtm', '--properties', 'valid,speedy'),
      "unknown property 'speedy'",
      'valid, safe, monotone, stable, deterministic, robust',
    );
  });

  it('refuses an unknown built-in policy, listing the valid ones', async () => {
    expectOneLineRefusal(await run('check', 'turbo'), "unknown policy 'turbo'", 'rtm', 'schedutil');
  });

  it('refuses a policy file that does not exist', async () => {
    expectOneLineRefusal(await run('check', './no-such-governor.ts'), 'does not exist');
  });

  it('refuses an unknown platform, a run count that is not a whole number above 0, and an empty property list', async () => {
    expectOneLineRefusal(await run('check', 'rtm', '--platform', 'pi5'), "unknown platform 'pi5'");
    expectOneLineRefusal(await run('check', 'rtm', '--runs', '0'), '--runs 0');
    expectOneLineRefusal(await run('check', 'rtm', '--runs', 'many'), "--runs 'many'");
    expectOneLineRefusal(await run('check', 'rtm', '--properties', ','), '--properties lists no property');
  });
});
