import { describe, expect, it } from 'vitest';
import { headerLine, run, runJson } from './run.js';

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

describe('twinrtm policies', () => {
  it('prints a header: policy, budget-aware, on a board, what it does', async () => {
    const r = await run('policies');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(headerLine('policy', 'budget-aware', 'on a board', 'what it does'));
  });

  it('says oracle cannot run on a board and the others can', async () => {
    const onBoard = Object.fromEntries(
      (await run('policies')).out
        .split('\n')
        .slice(2)
        .filter((l) => l.trim() !== '')
        .map((row) => row.split(/\s{2,}/))
        .map(([name, , board]) => [name, board]),
    );
    expect(onBoard).toMatchObject({ oracle: 'no', rtm: 'yes', 'energy-aware': 'yes', schedutil: 'yes' });
  });

  it('lists every built-in policy, one per row, in the registry order', async () => {
    const rows = (await run('policies')).out
      .split('\n')
      .slice(2)
      .filter((l) => l.trim() !== '');
    expect(rows.map((row) => row.split(/\s+/)[0])).toEqual(BUILTIN);
  });

  it('writes nothing on stderr', async () => {
    expect((await run('policies')).err).toBe('');
  });
});

describe('twinrtm policies --json', () => {
  it('gives every built-in policy by name, in the registry order', async () => {
    expect((await runJson('policies', '--json')).map((p: any) => p.name)).toEqual(BUILTIN);
  });

  it('gives each a one-line description and whether it is budget-aware', async () => {
    for (const p of await runJson('policies', '--json')) {
      expect(p.description).toMatch(/^[^\n]+$/);
      expect(typeof p.budgetAware).toBe('boolean');
    }
  });

  it('says which policies run on a board: every one but oracle, which needs foresight', async () => {
    const list = await runJson('policies', '--json');
    for (const p of list) expect(typeof p.runsOnBoard).toBe('boolean');
    expect(list.filter((p: any) => !p.runsOnBoard).map((p: any) => p.name)).toEqual(['oracle']);
  });

  it('marks rtm and oracle budget-aware and the Linux governors not', async () => {
    const aware = Object.fromEntries((await runJson('policies', '--json')).map((p: any) => [p.name, p.budgetAware]));
    expect(aware).toMatchObject({ rtm: true, oracle: true, performance: false, ondemand: false, schedutil: false });
  });
});
