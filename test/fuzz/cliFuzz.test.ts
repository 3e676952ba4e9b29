/**
 * The CLI under hostile input (issue 19): fast-check draws flag values and corrupts the JSON files
 * each command reads, and every case runs the real CLI in-process. Whatever the input, the answer is a
 * result (exit 0) or one line naming the problem (exit 2): never a stack trace, an internal error
 * (exit 1) or a hang (each case is bounded in time by the test's timeout).
 *
 * CI-sized: FUZZ_RUNS cases per property (default 25). Longer: `FUZZ_RUNS=2000 npx vitest run test/fuzz`.
 */
import fc from 'fast-check';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { platformById } from '../../models/builtinPlatforms.js';
import { run, type Run } from '../cli/run.js';

const RUNS = Number(process.env['FUZZ_RUNS'] ?? 25);
const dir = mkdtempSync(join(tmpdir(), 'twinrtm-fuzz-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * The contract for any input: a result, or one line without a stack trace. A measurements file is
 * refused as the loader's contract says: a summary line, then one line per problem, each naming its
 * file and line (`F:LINE: column: problem`).
 */
function expectHandled(r: Run, what: string, perLine = false): void {
  expect([0, 2], `${what}\n${r.err}`).toContain(r.code);
  expect(r.err, what).not.toMatch(/internal error|\bat .+:\d+:\d+/);
  if (r.code === 2) {
    expect(r.out, what).toBe('');
    expect(r.err, what).toMatch(perLine ? /^[^\n]+\n(.+:\d+: [^\n]+\n)*$/ : /^[^\n]+\n$/);
  }
}

/** Values a hostile user types for a number or a name. */
const hostile = fc.oneof(
  fc.constantFrom('', ' ', '-1', '0', '1e308', '-1e308', '1e-320', 'NaN', 'Infinity', '-Infinity', '0x10', '0b11', '1_000', '1,5', '٣', '\u0000', '\u001b[31m', '../../etc/passwd', 'a'.repeat(5000)),
  fc.double().map(String),
  fc.integer().map(String),
  fc.string({ maxLength: 20 }),
);

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
    { command: ['accuracy', '--weights', 'random', '--engine', 'ts', '--limit', '1', '--threads', '1'], flag: '--anytime' },
    { command: ['accuracy', '--weights', 'random', '--limit', '1', '--threads', '1'], flag: '--engine' },
    { command: ['report', '--out', join(dir, 'r.html')], flag: '--figure' },
  ];
  it.each(cases.map((c) => [`${c.command[0]} ${c.flag}`, c] as const))('%s: a result or one line, whatever the value', async (_name, c) => {
    await fc.assert(
      fc.asyncProperty(hostile, async (value) => {
        expectHandled(await run(...c.command, c.flag, value), `${c.command.join(' ')} ${c.flag} ${JSON.stringify(value)}`);
      }),
      { numRuns: RUNS },
    );
  }, 120_000);
});

/** A JSON value with one field, anywhere in it, replaced by a hostile value. */
function corrupt(base: unknown): fc.Arbitrary<unknown> {
  const paths: (string | number)[][] = [];
  const walk = (v: unknown, path: (string | number)[]) => {
    paths.push(path);
    if (typeof v === 'object' && v !== null) for (const [k, inner] of Object.entries(v)) walk(inner, [...path, Array.isArray(v) ? Number(k) : k]);
  };
  walk(base, []);
  const value = fc.oneof(
    fc.constantFrom(null, -1, 0, 1e308, -1e308, 5e-324, '', 'x', [], {}, true, 1e9, -300),
    fc.jsonValue({ maxDepth: 2 }),
  );
  return fc.tuple(fc.constantFrom(...paths.filter((p) => p.length > 0)), value).map(([path, v]) => {
    const copy = JSON.parse(JSON.stringify(base)) as Record<string | number, unknown>;
    let at: Record<string | number, unknown> = copy;
    for (const key of path.slice(0, -1)) at = at[key] as Record<string | number, unknown>;
    at[path.at(-1)!] = v;
    return copy;
  });
}

describe('files', () => {
  const scenario = JSON.parse(readFileSync(new URL('../../scenarios/default.json', import.meta.url), 'utf8')) as Record<string, unknown>;
  delete scenario['$schema'];
  // A short run, its timelines inside it: the fuzz tests refusals, not the simulator's speed.
  scenario['durationS'] = 1;
  scenario['budgets'] = [];
  scenario['coworkloads'] = [{ name: 'browser', unit: 'a15', cores: 2, startS: 0.2, endS: 0.6 }];
  const platform = JSON.parse(JSON.stringify(platformById('odroid-xu3'))) as unknown;
  const network = JSON.parse(readFileSync(new URL('../../dnn/networks/alexnet-cifar10-g4.json', import.meta.url), 'utf8')) as Record<string, unknown>;
  delete network['$schema'];

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
    const header = 'platform,unit,dnn,groups,cores,freqMHz,busyCores,temperatureC,layer,timeMs,power_VDD_ARM_W';
    const row = (g: number, c: number, f: number) => `odroid-xu3,a15,alexnet-cifar10-g4,${g},${c},${f},0,,,${(40 / (g * c)) * (1000 / f)},2`;
    const rows = [1, 2, 4].flatMap((g) => [1, 4].flatMap((c) => [1000, 2000].map((f) => row(g, c, f))));
    const text = fc.oneof(
      fc.string({ maxLength: 400 }),
      fc.tuple(fc.nat(rows.length - 1), fc.nat(10), hostile).map(([r, cell, v]) => {
        const cells = rows[r]!.split(',');
        cells[cell] = v;
        return [header, ...rows.map((line, i) => (i === r ? cells.join(',') : line))].join('\n') + '\n';
      }),
    );
    await fc.assert(
      fc.asyncProperty(text, async (csv) => {
        const path = join(dir, 'm.csv');
        writeFileSync(path, csv);
        expectHandled(await run('calibrate', path, '--platform', 'odroid-xu3', '--out', join(dir, 'cal.json'), '--json'), JSON.stringify(csv).slice(0, 300), true);
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
