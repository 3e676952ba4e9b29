/**
 * Issue 19, items 4 and 12 at the command line: hil sweep and hil run refuse, in one line and before
 * the board is touched, what would sweep nothing or run with a timer Node cannot keep.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { containerTree, makeRoot, removeTrees } from '../hil/board/fakeTrees.js';
import { expectOneLineRefusal, run } from './run.js';
import { writeFileAtomic } from '../../cli/files.js';
import { printable } from '../../cli/reportError.js';

afterAll(() => removeTrees());

const sweep = (root: string, ...args: string[]) =>
  run(
    'hil',
    'sweep',
    '--board',
    'local',
    '--sysfs-root',
    root,
    '--no-taskset',
    '--engine',
    'ts',
    '--out',
    join(root, 'x.csv'),
    '--state-file',
    join(root, 'state.json'),
    ...args,
  );

describe('twinrtm hil sweep', () => {
  it.each(['--groups', '--cores', '--freq', '--unit'])(
    "should refuse %s '' instead of sweeping nothing",
    async (option) => {
      expectOneLineRefusal(
        await sweep(containerTree(), option, ''),
        `${option} '' lists nothing: give at least one value`,
      );
    },
  );

  it('should refuse a tree with no cpu instead of sweeping nothing', async () => {
    expectOneLineRefusal(await sweep(makeRoot()), 'no unit to sweep: board local under');
  });

  it('should refuse a missing --sysfs-root', async () => {
    expectOneLineRefusal(
      await run(
        'hil',
        'sweep',
        '--board',
        'local',
        '--sysfs-root',
        '/nonexistent/tree',
        '--out',
        join(makeRoot(), 'x.csv'),
      ),
      '--sysfs-root /nonexistent/tree does not exist',
    );
  });

  it.each([
    ['--repeat', '1e9', '--repeat 1000000000 must be 1..100000, a whole number'],
    ['--warmup', '-1', '--warmup -1 must be 0..10000, a whole number'],
    ['--gap-ms', '1e12', '--gap-ms 1000000000000 must be 0..60000 ms'],
  ])('should refuse %s %s naming the bound', async (option, value, message) => {
    expectOneLineRefusal(await sweep(containerTree(), option, value), message);
  });
});

describe('twinrtm hil run', () => {
  it('should refuse a duration Node could not keep as a timer, naming the bound', async () => {
    expectOneLineRefusal(
      await run(
        'hil',
        'run',
        'host-corunner',
        '--board',
        'local',
        '--sysfs-root',
        containerTree(),
        '--no-taskset',
        '--duration',
        '3e9',
      ),
      '--duration 3000000000 must be above 0 and at most 604800 s',
    );
  });

  it.each([
    // Values the scenario schema takes, which a board's wall clock cannot keep.
    ['controlPeriodMs', 0.5, 'the controlPeriodMs of scenario tiny 0.5 must be 1..3600000 ms'],
    ['durationS', 700_000, 'the duration of scenario tiny 700000 must be above 0 and at most 604800 s'],
  ])("should refuse a scenario file's %s of %d", async (field, value, message) => {
    const scenario = JSON.parse(
      readFileSync(new URL('../../scenarios/host-corunner.json', import.meta.url), 'utf8'),
    ) as Record<string, unknown>;
    const file = join(makeRoot(), 'tiny.json');
    writeFileSync(file, JSON.stringify({ ...scenario, id: 'tiny', [field]: value }));
    expectOneLineRefusal(
      await run('hil', 'run', file, '--board', 'local', '--sysfs-root', containerTree(), '--no-taskset'),
      message,
    );
  });
});

describe('input echoed in an error', () => {
  it('should reach the terminal with its control characters escaped', async () => {
    const r = await run(
      'hil',
      'sweep',
      '--board',
      'local',
      '--sysfs-root',
      containerTree(),
      '--no-taskset',
      '--engine',
      'ts',
      '--out',
      join(makeRoot(), 'x.csv'),
      '--freq',
      '\u001b]0;pwned\u0007\u001b[2J',
    );
    expectOneLineRefusal(r, "--freq '\\x1b]0;pwned\\x07\\x1b[2J' is not a number");
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the test looks for control characters that must not reach a terminal
    expect(r.err).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f]/);
  });

  it('should be cut to a short excerpt, and a listing of lines keep its lines', () => {
    const binary = Array.from({ length: 5000 }, (_, i) => String.fromCharCode(i % 256)).join('');
    const shown = printable(`bad value '${binary}'`);
    expect(shown.length).toBeLessThan(1100);
    expect(shown).toMatch(/\.\.\. \(\d+ more characters\)$/);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the test looks for control characters that must not reach a terminal
    expect(shown).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
    expect(printable('one\ntwo\u001b', true)).toBe('one\ntwo\\x1b');
    expect(printable('one\ntwo')).toBe('one\\ntwo');
  });
});

describe('a failed rename', () => {
  it('should leave no .NAME.PID.tmp behind', () => {
    const dir = makeRoot();
    const target = join(dir, 'out.json');
    mkdirSync(target);
    writeFileSync(join(target, 'inside'), '');
    expect(() => writeFileAtomic(target, 'text')).toThrow(`cannot write ${target}`);
    expect(readdirSync(dir)).toEqual(['out.json']);
  });
});
