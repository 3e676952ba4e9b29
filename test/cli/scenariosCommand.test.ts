import { describe, expect, it } from 'vitest';
import { builtinScenarios } from '../../scenarios/builtinScenarios.js';
import { headerLine, run, runJson } from './run.js';

const IDS = builtinScenarios().map((s) => s.id);

describe('twinrtm scenarios', () => {
  it('prints a header: scenario, platform, seconds, what it tests', async () => {
    const r = await run('scenarios');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(headerLine('scenario', 'platform', 'seconds', 'what it tests'));
  });

  it('lists every built-in scenario, one per row, the default first', async () => {
    const rows = (await run('scenarios')).out
      .split('\n')
      .slice(2)
      .filter((l) => l.trim() !== '');
    expect(rows.map((row) => row.split(/\s+/)[0])).toEqual(IDS);
    expect(IDS[0]).toBe('xu3-default');
  });

  it('gives the platform and duration of each scenario in its row', async () => {
    const out = (await run('scenarios')).out;
    for (const s of builtinScenarios())
      expect(out).toMatch(new RegExp(`^${s.id}\\s+${s.platform}\\s+${s.durationS}\\s`, 'm'));
  });
});

describe('twinrtm scenarios --json', () => {
  it('gives every built-in scenario by id, the default first', async () => {
    expect((await runJson('scenarios', '--json')).map((s: any) => s.id)).toEqual(IDS);
  });

  it('gives complete scenarios, defaults filled in: platform, dnn, duration, seed, requests, sensor, budgets, truth', async () => {
    for (const s of await runJson('scenarios', '--json')) {
      expect(Object.keys(s)).toEqual(
        expect.arrayContaining([
          'platform',
          'dnn',
          'durationS',
          'seed',
          'controlPeriodMs',
          'requests',
          'sensor',
          'initialConfig',
          'budgets',
          'coworkloads',
          'truth',
        ]),
      );
    }
  });

  it('gives each built-in scenario exactly as the library resolves it', async () => {
    expect(await runJson('scenarios', '--json')).toEqual(JSON.parse(JSON.stringify(builtinScenarios())));
  });
});
