/**
 * Numbers a user gives are numbers as people write them and within bounds the refusal names: no
 * Infinity or NaN printed, no run that cannot end (issue 19, items 9 and 10).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, it } from 'vitest';
import { expectOneLineRefusal, run } from './run.js';

const dir = mkdtempSync(join(tmpdir(), 'twinrtm-bounds-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The default scenario with some fields replaced, as a file. */
function scenarioWith(name: string, change: (s: Record<string, any>) => void): string {
  const s = JSON.parse(readFileSync(new URL('../../scenarios/default.json', import.meta.url), 'utf8'));
  delete s.$schema;
  change(s);
  const path = join(dir, `${name}.json`);
  writeFileSync(path, JSON.stringify(s));
  return path;
}

describe('bounds on what a user can give', () => {
  it('refuses hexadecimal, octal and binary forms of numbers', async () => {
    expectOneLineRefusal(await run('predict', '--unit', 'a15', '--groups', '0x2'), "--groups '0x2' is not a number");
    expectOneLineRefusal(await run('predict', '--unit', 'a15', '--cores', '0b10'), "--cores '0b10' is not a number");
  });

  it("refuses a temperature below absolute zero or above any board's, instead of printing Infinity", async () => {
    expectOneLineRefusal(
      await run('predict', '--unit', 'a15', '--temp', '1e6'),
      '--temp 1e6 must be between -273.15 and 200',
    );
    expectOneLineRefusal(
      await run('predict', '--unit', 'a15', '--temp', '-300'),
      '--temp -300 must be between -273.15 and 200',
    );
  });

  it('refuses a seed outside 0..2^32 - 1 and a duration no run could end', async () => {
    expectOneLineRefusal(await run('simulate', '--seed', '-1', '--duration', '1'), '--seed -1 must be 0..4294967295');
    expectOneLineRefusal(
      await run('simulate', '--duration', '1e9'),
      '--duration 1e9 must be above 0 and at most 1000000',
    );
    expectOneLineRefusal(await run('simulate', '--duration', '0'), '--duration 0 must be above 0');
    expectOneLineRefusal(await run('check', 'rtm', '--runs', '1e9'), '--runs 1e9 must be 1..100000');
  });

  it.each([
    ['controlPeriodMs', (s: Record<string, any>) => (s.controlPeriodMs = 1e-6), 'controlPeriodMs'],
    ['sensor.periodMs', (s: Record<string, any>) => (s.sensor = { ...(s.sensor ?? {}), periodMs: 1e-6 }), 'periodMs'],
    ['fps', (s: Record<string, any>) => (s.requests = { kind: 'periodic', fps: 1e9 }), 'fps'],
    ['durationS', (s: Record<string, any>) => (s.durationS = 1e9), 'durationS'],
    ['ambientC', (s: Record<string, any>) => (s.ambientC = -300), 'ambientC'],
  ])('refuses a scenario whose %s is out of bounds, naming the field', async (name, change, field) => {
    const r = await run('simulate', scenarioWith(name.replace('.', '-'), change));
    expectOneLineRefusal(r, field);
  });
});
