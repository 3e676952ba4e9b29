import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { expectOneLineRefusal, run, runJson } from './run.js';

/** A fixture as a user types it: a relative path from the working directory, starting with ./ */
const fixture = (name: string) =>
  `./${relative(process.cwd(), fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url)))}`;

describe('twinrtm simulate --policy FILE', () => {
  it('runs a .ts file whose default export is a Policy, under the name it gives', async () => {
    const json = await runJson(
      'simulate',
      'xu3-default',
      '--policy',
      fixture('pinA15OneGroup.ts'),
      '--duration',
      '1',
      '--json',
    );
    expect(json.results.map((r: any) => r.policy)).toEqual(['pin-a15-one-group']);
  });

  it('puts the decisions of a .ts policy in force: pinned to 1 group, the mean is near 1', async () => {
    const { metrics } = (
      await runJson('simulate', 'xu3-default', '--policy', fixture('pinA15OneGroup.ts'), '--duration', '1', '--json')
    ).results[0];
    expect(metrics.reconfigurations).toBeGreaterThanOrEqual(1);
    expect(metrics.meanGroups).toBeLessThan(1.2);
  });

  it('runs a .mjs file whose default export is a Policy: null keeps the starting configuration', async () => {
    const { policy, metrics } = (
      await runJson('simulate', 'xu3-default', '--policy', fixture('keepEverything.mjs'), '--duration', '1', '--json')
    ).results[0];
    expect(policy).toBe('keep-everything');
    expect(metrics.reconfigurations).toBe(0);
    expect(metrics.meanGroups).toBe(4);
  });

  it('runs a .js ES module whose default export is a Policy', async () => {
    const path = fixture('allA7.js');
    const json = await runJson('simulate', 'xu3-default', '--policy', path, '--duration', '1', '--json');
    expect(json.results[0].policy).toBe('all-a7');
    expect(json.results[0].metrics.reconfigurations).toBe(1);
  });

  it('runs a user policy beside built-in ones, one result each', async () => {
    const json = await runJson(
      'simulate',
      'xu3-default',
      '--policy',
      'rtm',
      '--policy',
      fixture('keepEverything.mjs'),
      '--duration',
      '1',
      '--json',
    );
    expect(json.results.map((r: any) => r.policy)).toEqual(['rtm', 'keep-everything']);
  });

  it('refuses a module that throws on import with exit 2 and one line naming the file and the error', async () => {
    const path = fixture('throwsOnImport.mjs');
    expectOneLineRefusal(
      await run('simulate', 'xu3-default', '--policy', path, '--duration', '1'),
      path,
      'deliberate failure while importing',
    );
  });

  it('refuses a module whose default export is not a Policy with exit 2 and one line naming the file', async () => {
    const path = fixture('notAPolicy.mjs');
    expectOneLineRefusal(await run('simulate', 'xu3-default', '--policy', path, '--duration', '1'), path, 'Policy');
  });

  it('refuses a file that does not exist with exit 2 and one line naming it', async () => {
    const path = fixture('noSuchPolicy.ts');
    expectOneLineRefusal(
      await run('simulate', 'xu3-default', '--policy', path, '--duration', '1'),
      path,
      'does not exist',
    );
  });
});
