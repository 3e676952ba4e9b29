import { describe, expect, it } from 'vitest';
import { builtinPlatforms } from '../../models/builtinPlatforms.js';
import { headerLine, run, runJson } from './run.js';

describe('twinrtm platforms --json', () => {
  it('should list every built-in platform by id', async () => {
    const platforms = await runJson('platforms', '--json');
    expect(platforms.map((p: { id: string }) => p.id)).toEqual(builtinPlatforms().map((p) => p.id));
  });

  it('should give each unit its cores and operating points from the platform file', async () => {
    const platforms = await runJson('platforms', '--json');
    const xu3 = platforms.find((p: { id: string }) => p.id === 'odroid-xu3');
    const a7 = xu3.units.find((u: { id: string }) => u.id === 'a7');
    const a15 = xu3.units.find((u: { id: string }) => u.id === 'a15');
    expect(a7.cores).toBe(4);
    expect(a7.freqsMHz).toHaveLength(13);
    expect(a15.cores).toBe(4);
    expect(a15.freqsMHz).toHaveLength(19);
    expect(a15.freqsMHz.at(-1)).toBe(2000);
  });
});

describe('twinrtm platforms', () => {
  it('should print the units table with its headers', async () => {
    const r = await run('platforms');
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    expect(r.out).toMatch(headerLine('unit', 'kind', 'cores', 'cpus', 'operating points (MHz)'));
  });

  it('should name every built-in platform in the text output', async () => {
    const r = await run('platforms');
    for (const p of builtinPlatforms()) expect(r.out).toContain(`${p.id}: ${p.name}`);
  });
});
