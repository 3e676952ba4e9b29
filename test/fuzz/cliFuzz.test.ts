/**
 * The CLI under hostile input (issue 19): fast-check draws flag values and corrupts the JSON files
 * each command reads, and every case runs the real CLI in-process. Whatever the input, the answer is a
 * result (exit 0) or one line naming the problem (exit 2): never a stack trace, an internal error
 * (exit 1) or a hang (each case is bounded in time by the test's timeout).
 *
 * CI-sized: FUZZ_RUNS cases per property (default 25). Longer: `FUZZ_RUNS=2000 npx vitest run test/fuzz`.
 */
import fc from 'fast-check';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { platformById } from '../../models/builtinPlatforms.js';
import { corrupt, expectHandled, fuzzDir, hostile, MEASUREMENTS, run, RUNS } from './fuzzHarness.js';

const dir = fuzzDir();

describe('flags', () => {
  const cases: { command: string[]; flag: string }[] = [
    { command: ['predict', '--unit', 'a15'], flag: '--groups' },
    { command: ['predict', '--unit', 'a15'], flag: '--cores' },
    { command: ['predict', '--unit', 'a15'], flag: '--freq' },
    { command: ['predict', '--unit', 'a15'], flag: '--temp' },
    { command: ['predict', '--unit', 'a15'], flag: '--busy' },
    { command: ['predict', '--unit', 'a15'], flag: '--mem-pressure' },
    { command: ['predict', '--unit', 'a15'], flag: '--precision' },
    { command: ['predict', '--unit', 'a15'], flag: '--confidence-threshold' },
    { command: ['predict', '--groups', '1'], flag: '--unit' },
    { command: ['space'], flag: '--pareto' },
    { command: ['space'], flag: '--platform' },
    { command: ['ranges'], flag: '--power-mode' },
    { command: ['simulate', '--duration', '0.2'], flag: '--seed' },
    { command: ['simulate', '--seed', '1'], flag: '--duration' },
    { command: ['simulate', '--duration', '0.2'], flag: '--policy' },
    {
      command: ['accuracy', '--weights', 'random', '--engine', 'ts', '--limit', '1', '--threads', '1'],
      flag: '--anytime',
    },
    { command: ['accuracy', '--weights', 'random', '--limit', '1', '--threads', '1'], flag: '--engine' },
    { command: ['report', '--out', join(dir, 'r.html')], flag: '--figure' },
  ];
  it.each(cases.map((c) => [`${c.command[0]} ${c.flag}`, c] as const))(
    '%s: a result or one line, whatever the value',
    async (_name, c) => {
      await fc.assert(
        fc.asyncProperty(hostile, async (value) => {
          expectHandled(
            await run(...c.command, c.flag, value),
            `${c.command.join(' ')} ${c.flag} ${JSON.stringify(value)}`,
          );
        }),
        { numRuns: RUNS },
      );
    },
    120_000,
  );
});

describe('files', () => {
  const scenario = JSON.parse(readFileSync(new URL('../../scenarios/default.json', import.meta.url), 'utf8')) as Record<
    string,
    unknown
  >;
  delete scenario.$schema;
  // A short run, its timelines inside it: the fuzz tests refusals, not the simulator's speed.
  scenario.durationS = 1;
  scenario.budgets = [];
  scenario.coworkloads = [{ name: 'browser', unit: 'a15', cores: 2, startS: 0.2, endS: 0.6 }];
  const platform = JSON.parse(JSON.stringify(platformById('odroid-xu3'))) as unknown;
  const network = JSON.parse(
    readFileSync(new URL('../../dnn/networks/alexnet-cifar10-g4.json', import.meta.url), 'utf8'),
  ) as Record<string, unknown>;
  delete network.$schema;

  it('a scenario with any field corrupted: simulated, or refused in one line', async () => {
    await fc.assert(
      fc.asyncProperty(corrupt(scenario), async (s) => {
        const path = join(dir, 'scenario.json');
        writeFileSync(path, JSON.stringify(s));
        expectHandled(await run('simulate', path, '--policy', 'schedutil'), JSON.stringify(s).slice(0, 300));
      }),
      { numRuns: RUNS },
    );
  }, 120_000);

  it('a platform file with any field corrupted: predicted from, or refused in one line', async () => {
    await fc.assert(
      fc.asyncProperty(corrupt(platform), async (p) => {
        const path = join(dir, 'platform.json');
        writeFileSync(path, JSON.stringify(p));
        expectHandled(await run('predict', '--platform-file', path, '--unit', 'a15'), JSON.stringify(p).slice(0, 300));
      }),
      { numRuns: RUNS },
    );
  }, 120_000);

  it('a measurements CSV of any text, or a real one with a cell corrupted: calibrated from, or refused in one line', async () => {
    const { header, rows } = MEASUREMENTS;
    const text = fc.oneof(
      fc.string({ maxLength: 400 }),
      fc.tuple(fc.nat(rows.length - 1), fc.nat(10), hostile).map(([r, cell, v]) => {
        const cells = rows[r]!.split(',');
        cells[cell] = v;
        return `${[header, ...rows.map((line, i) => (i === r ? cells.join(',') : line))].join('\n')}\n`;
      }),
    );
    await fc.assert(
      fc.asyncProperty(text, async (csv) => {
        const path = join(dir, 'm.csv');
        writeFileSync(path, csv);
        expectHandled(
          await run('calibrate', path, '--platform', 'odroid-xu3', '--out', join(dir, 'cal.json'), '--json'),
          JSON.stringify(csv).slice(0, 300),
          { perLine: true },
        );
      }),
      { numRuns: RUNS },
    );
  }, 120_000);

  it('a network file with any field corrupted: predicted from, or refused in one line', async () => {
    await fc.assert(
      fc.asyncProperty(corrupt(network), async (n) => {
        const path = join(dir, 'network.json');
        writeFileSync(path, JSON.stringify(n));
        expectHandled(await run('predict', '--dnn-file', path, '--unit', 'a15'), JSON.stringify(n).slice(0, 300));
      }),
      { numRuns: RUNS },
    );
  }, 120_000);
});
