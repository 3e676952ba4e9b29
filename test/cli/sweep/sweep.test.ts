import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyId } from '../../../cli/sweep/keys.js';
import { planSweep } from '../../../cli/sweep/plan.js';
import { formatResultLine, parseResultLines } from '../../../cli/sweep/resultLine.js';
import { runSweep } from '../../../cli/sweep/runSweep.js';
import { runsOfShard, WHOLE } from '../../../cli/sweep/shard.js';
import { expectOneLineRefusal, run, runJson } from '../run.js';
import { withoutWallClock } from './cliProcess.js';

const dir = mkdtempSync(join(tmpdir(), 'twinrtm-sweep-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const at = (name: string) => join(dir, name);
const matrix = at('small.matrix.json');
copyFileSync(new URL('./fixtures/small.matrix.json', import.meta.url), matrix);
const write = (name: string, data: unknown) => {
  writeFileSync(at(name), typeof data === 'string' ? data : JSON.stringify(data));
  return at(name);
};

/** Tests that start worker threads: each loads the simulator through tsx, seconds on a busy machine. */
const POOL_TIMEOUT = 120_000;

let oneWorker: string;
beforeAll(async () => {
  const r = await run('sweep', matrix, '--out', at('one.jsonl'), '--workers', '1');
  expect(r.code, r.err).toBe(0);
  oneWorker = readFileSync(at('one.jsonl'), 'utf8');
}, POOL_TIMEOUT);

// The tests of the next two suites write files of their own names and mostly wait on worker threads:
// they run at once.
describe.concurrent('twinrtm sweep', () => {
  it('runs the product, one line per run with its key, sorted by key when complete', () => {
    const lines = oneWorker
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(3 * 2 * 2);
    expect(new Set(lines.map((l) => keyId(l.key))).size).toBe(12);
    expect(lines[0]).toMatchObject({
      key: { policy: 'rtm', scenario: 'xu3-corunner', durationS: 1, seed: 1 },
      sweep: { shard: '0/1', runs: 12, shardRuns: 12 },
      policyName: 'rtm',
    });
    expect(lines.at(-1).key).toEqual({
      policy: 'schedutil',
      tunables: { rateLimitUs: 2000 },
      scenario: 'xu3-default',
      durationS: 1,
      seed: 2,
    });
  });

  it(
    'gives the same lines on 2 workers as on 1 (but for the wall-clock metrics)',
    async () => {
      const r = await run('sweep', matrix, '--out', at('two.jsonl'), '--workers', '2');
      expect(r.code, r.err).toBe(0);
      expect(r.out).toMatch(/^12 runs in .*two\.jsonl, sorted by key: 12 run now on 2 worker threads in [\d.]+ s\n$/);
      expect(withoutWallClock(readFileSync(at('two.jsonl'), 'utf8'))).toEqual(withoutWallClock(oneWorker));
    },
    POOL_TIMEOUT,
  );

  it('carries the metrics `simulate --json` reports for the same run', async () => {
    const sim = await runJson(
      'simulate',
      'xu3-corunner',
      '--policy',
      'schedutil',
      '--seed',
      '2',
      '--duration',
      '1',
      '--json',
    );
    const line = oneWorker
      .split('\n')
      .map((l) => (l === '' ? null : JSON.parse(l)))
      .find(
        (l) => l && keyId(l.key) === keyId({ policy: 'schedutil', scenario: 'xu3-corunner', durationS: 1, seed: 2 }),
      );
    const strip = (m: Record<string, unknown>) => ({ ...m, wallMs: 0, decisionUs: 0 });
    expect(strip(line.metrics)).toEqual(strip(sim.results[0].metrics));
  });

  it(
    'runs the smallest matrix as written',
    async () => {
      const small = write(
        'smallest.json',
        '{ "policies": ["rtm", "schedutil"], "scenarios": ["xu3-default"], "seeds": [1, 2, 3], "durationS": 10 }',
      );
      const r = await run('sweep', small, '--out', at('smallest.jsonl'), '--json');
      expect(r.code, r.err).toBe(0);
      expect(JSON.parse(r.out)).toMatchObject({ runs: 6, shardRuns: 6, ran: 6, resumed: 0, failed: [] });
      const summary = await runJson('sweep', 'summary', at('smallest.jsonl'), '--json');
      expect(summary.groups.map((g: { group: unknown }) => g.group)).toEqual([
        { policy: 'rtm', scenario: 'xu3-default' },
        { policy: 'schedutil', scenario: 'xu3-default' },
      ]);
      expect(summary.best[0]).toMatchObject({ metric: 'deadlineMissRate', context: { scenario: 'xu3-default' } });
    },
    POOL_TIMEOUT,
  );

  it('with --resume on a complete file runs nothing and leaves the same file', async () => {
    copyFileSync(at('one.jsonl'), at('again.jsonl'));
    const r = await run('sweep', matrix, '--out', at('again.jsonl'), '--resume');
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('nothing left to run, 12 resumed');
    expect(readFileSync(at('again.jsonl'), 'utf8')).toBe(oneWorker);
  });

  it(
    'runs each policy file afresh in the workers, paths from the matrix folder',
    async () => {
      // A factory whose instance refuses a second reset(), three runs on one worker: each run must get
      // its own instance.
      mkdirSync(at('sub'), { recursive: true });
      copyFileSync(new URL('./fixtures/once-only.mjs', import.meta.url), at('sub/gov.mjs'));
      const m = write('sub/files.json', {
        policies: ['./gov.mjs'],
        scenarios: ['xu3-default'],
        seeds: [1, 2, 3],
        durationS: 1,
      });
      const r = await run('sweep', m, '--out', at('files.jsonl'), '--workers', '1');
      expect(r.code, r.err).toBe(0);
      const lines = readFileSync(at('files.jsonl'), 'utf8')
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l));
      expect(lines.map((l) => [l.key.policy, l.key.seed, l.policyName])).toEqual([
        ['./gov.mjs', 1, 'once-only'],
        ['./gov.mjs', 2, 'once-only'],
        ['./gov.mjs', 3, 'once-only'],
      ]);
      expect(lines.every((l) => l.metrics.inferences > 0 && l.metrics.rejectedDecisions === 0)).toBe(true);
    },
    POOL_TIMEOUT,
  );
});

describe.concurrent('runs that fail, and progress', () => {
  it(
    'writes a failed run as a line with its error, goes on, and ends in one line, exit 2; summary leaves it out',
    async () => {
      copyFileSync(new URL('./fixtures/xu3-only.mjs', import.meta.url), at('xu3-only.mjs'));
      const m = write('failing.json', {
        policies: ['./xu3-only.mjs'],
        scenarios: ['xu3-default', 'nano-maxn-to-5w'],
        seeds: [1, 2],
        durationS: 1,
      });
      const r = await run('sweep', m, '--out', at('failing.jsonl'), '--workers', '2');
      expect(r.code).toBe(2);
      expect(r.out).toContain('4 runs in');
      expect(r.err.split('\n').at(-2)).toMatch(
        /^twinrtm: 2 of 4 runs failed \(their lines in .*failing\.jsonl carry the error\); the first, \{"policy":"\.\/xu3-only\.mjs","scenario":"nano-maxn-to-5w","durationS":1,"seed":1\}: .*xu3-only cannot run on jetson-nano$/,
      );
      const lines = readFileSync(at('failing.jsonl'), 'utf8')
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l));
      expect(lines.map((l) => ('error' in l ? 'error' : 'ok'))).toEqual(['error', 'error', 'ok', 'ok']);
      const summary = await run('sweep', 'summary', at('failing.jsonl'));
      expect(summary.code, summary.err).toBe(0);
      expect(summary.out).toContain('2 of 4 runs failed and are left out');
      // With --allow-failed-runs (as the cluster jobs run it), the same outcome is exit 0, still said.
      const allowed = await run('sweep', m, '--out', at('failing.jsonl'), '--resume', '--allow-failed-runs');
      expect(allowed.code, allowed.err).toBe(0);
      expect(allowed.err).toMatch(
        /^sweep: 2 of 4 runs failed \(their lines in .*failing\.jsonl carry the error\); the first, .*xu3-only cannot run on jetson-nano$/m,
      );
    },
    POOL_TIMEOUT,
  );

  it(
    'draws a progress bar with runs done, rate and ETA on a terminal, and plain lines elsewhere',
    async () => {
      const plan = await planSweep(
        write('progress.json', { policies: ['rtm'], scenarios: ['xu3-default'], seeds: [1, 2, 3], durationS: 1 }),
      );
      let err = '';
      const io = {
        out: () => undefined,
        err: (s: string) => {
          err += s;
        },
      };
      await runSweep(plan, { out: at('tty.jsonl'), workers: 1, shard: WHOLE, resume: false, io, tty: true });
      expect(err).toMatch(/\r\[=+ *\] 1\/3 [\d.]+ runs\/s, ETA \S+/);
      expect(err).toMatch(/\] 3\/3 [\d.]+ runs\/s, ETA 0s\s*\n$/);
      err = '';
      await runSweep(plan, {
        out: at('log.jsonl'),
        workers: 1,
        shard: WHOLE,
        resume: false,
        io,
        tty: false,
        progressEveryMs: 0,
      });
      expect(err).not.toContain('\r');
      expect(err).toMatch(/^\[=+ *\] 2\/3 [\d.]+ runs\/s, ETA \S+\n/m);
    },
    POOL_TIMEOUT,
  );
});

describe('twinrtm sweep refuses bad input in one line, exit 2', () => {
  it.each<[string, unknown, string | RegExp]>([
    [
      'an unknown axis',
      { policies: ['rtm'], scenarios: ['xu3-default'], seed: [1] },
      /bad\.json: seed: unknown field \(check its spelling\)$/m,
    ],
    [
      'an empty product',
      { policies: ['rtm'], scenarios: ['xu3-default'], exclude: [{ scenario: 'xu3-default' }] },
      'bad.json: the product is empty',
    ],
    [
      'an unknown policy',
      { policies: ['rtm', 'rmt'], scenarios: ['xu3-default'] },
      "bad.json: policies[1]: unknown policy 'rmt' (valid: rtm,",
    ],
    [
      'an unknown scenario',
      { policies: ['rtm'], scenarios: ['xu3-defualt'] },
      "bad.json: scenarios[0]: unknown scenario 'xu3-defualt'",
    ],
    [
      'a tunable out of range',
      { policies: [{ policy: 'schedutil', tunables: { rateLimitUs: -1 } }], scenarios: ['xu3-default'] },
      'bad.json: policies[0]: schedutil tunable rateLimitUs = -1 is not valid',
    ],
    [
      'an unknown tunable',
      { policies: [{ policy: 'schedutil', tunables: { rate: 1 } }], scenarios: ['xu3-default'] },
      "bad.json: policies[0]: unknown schedutil tunable 'rate' (valid: rateLimitUs, utilHalfLifeMs)",
    ],
    [
      'a missing policy file',
      { policies: ['./nope.ts'], scenarios: ['xu3-default'] },
      /bad\.json: policies\[0\]: policy file .*nope\.ts does not exist/,
    ],
    ['a file that is not JSON', '{ "policies": [', /bad\.json: is not valid JSON/],
  ])('%s', async (_, content, message) => {
    const m = write('bad.json', content);
    expectOneLineRefusal(await run('sweep', m, '--out', at('bad.jsonl')), message);
  });

  it('a matrix that cannot be read', async () => {
    expectOneLineRefusal(
      await run('sweep', at('missing.json'), '--out', at('x.jsonl')),
      /missing\.json: cannot be read \(ENOENT\)/,
    );
    expectOneLineRefusal(
      await run('sweep', dir, '--out', at('x.jsonl')),
      'is a directory; expected a matrix JSON file',
    );
  });

  it.each([
    ['3/2', '--shard 3/2: the index must be 0..1'],
    ['2/2', '--shard 2/2: the index must be 0..1'],
    ['0/0', '--shard 0/0: the count must be at least 1'],
    ['1-2', "--shard '1-2' must be INDEX/COUNT"],
    ['0/13', 'small.matrix.json has 12 runs, so at most 12 shards'],
  ])('--shard %s', async (spec, message) => {
    expectOneLineRefusal(await run('sweep', matrix, '--out', at('shard.jsonl'), '--shard', spec), message);
  });

  it('--workers 0', async () => {
    expectOneLineRefusal(
      await run('sweep', matrix, '--out', at('w.jsonl'), '--workers', '0'),
      '--workers 0 must be 1..1024',
    );
  });

  it('an --out with results, without --resume; with --resume, one of another matrix or shard', async () => {
    expectOneLineRefusal(
      await run('sweep', matrix, '--out', at('one.jsonl')),
      'already has results: add --resume to go on with it, or remove it',
    );
    expectOneLineRefusal(
      await run('sweep', matrix, '--out', at('one.jsonl'), '--resume', '--shard', '0/2'),
      /one\.jsonl:1 belongs to another sweep \(matrix \w+, shard 0\/1; this one is matrix \w+, shard 0\/2\): use another --out/,
    );
    const other = write('other.json', { policies: ['rtm'], scenarios: ['xu3-default'], seeds: [1], durationS: 1 });
    expectOneLineRefusal(await run('sweep', other, '--out', at('one.jsonl'), '--resume'), 'belongs to another sweep');
  });

  it('an --out in a folder that does not exist', async () => {
    expectOneLineRefusal(await run('sweep', matrix, '--out', at('no/such/r.jsonl')), 'does not exist');
  });
});

describe('twinrtm sweep merge and summary, from the command line', () => {
  // The three shards' files as `sweep --shard i/3` writes them (the runs runsOfShard gives shard i,
  // sorted by key, stamped i/3), cut from the one-worker sweep's lines rather than run again: that a
  // sweep of a shard runs exactly these runs is shard.test.ts's and processes.test.ts's to show.
  const shardFiles: string[] = [];
  beforeAll(async () => {
    const plan = await planSweep(matrix);
    const whole = parseResultLines(oneWorker, 'one.jsonl').lines;
    for (let index = 0; index < 3; index++) {
      const mine = new Set(runsOfShard(plan.costs, { index, count: 3 }).map((i) => keyId(plan.keys[i]!)));
      const lines = whole
        .filter((l) => mine.has(keyId(l.key)))
        .map((l) => ({ ...l, sweep: { ...l.sweep, shard: `${index}/3`, shardRuns: mine.size } }));
      expect(lines).toHaveLength(mine.size);
      shardFiles.push(write(`s${index}.jsonl`, lines.map(formatResultLine).join('')));
    }
  });

  it('merges the shards into the lines of the whole sweep', async () => {
    const r = await run('sweep', 'merge', ...shardFiles, '--out', at('merged.jsonl'));
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('12 runs from 3 files merged into');
    expect(withoutWallClock(readFileSync(at('merged.jsonl'), 'utf8'))).toEqual(withoutWallClock(oneWorker));
  });

  it('refuses a missing shard, a run in two files, shards of different matrices: one line each', async () => {
    expectOneLineRefusal(
      await run('sweep', 'merge', shardFiles[0]!, shardFiles[2]!, '--out', at('m.jsonl')),
      /^twinrtm: not merged: 4 of 12 runs missing: shard 1\/3 is missing\n$/,
    );
    const dup = write('dup.jsonl', `${readFileSync(shardFiles[1]!, 'utf8').split('\n')[0]}\n`);
    expectOneLineRefusal(
      await run('sweep', 'merge', ...shardFiles, dup, '--out', at('m.jsonl')),
      /is in .*s1\.jsonl:1 and again in .*dup\.jsonl:1: each run must be in exactly one shard file/,
    );
    expectOneLineRefusal(
      await run('sweep', 'merge', ...shardFiles, at('smallest.jsonl'), '--out', at('m.jsonl')),
      /smallest\.jsonl:1 is from another matrix/,
    );
    expectOneLineRefusal(
      await run('sweep', 'merge', shardFiles[0]!, shardFiles[0]!, '--out', at('m.jsonl')),
      's0.jsonl is given twice',
    );
  });

  it('with --if-complete, says what is missing and writes nothing, exit 0', async () => {
    const r = await run('sweep', 'merge', shardFiles[0]!, '--out', at('partial.jsonl'), '--if-complete');
    expect(r.code).toBe(0);
    expect(r.err).toMatch(
      /^sweep merge: not yet complete \(8 of 12 runs missing: shard 1\/3 is missing; shard 2\/3 is missing\); .* not written\n$/,
    );
    expect(() => readFileSync(at('partial.jsonl'))).toThrow();
  });

  it('summarises with intervals and the best policy per scenario', async () => {
    const r = await run('sweep', 'summary', at('merged.jsonl'), '--by', 'policy,scenario');
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/^policy\s+scenario\s+runs\s+metric\s+n\s+mean\s+\+-95 %$/m);
    expect(r.out).toMatch(/^schedutil\(rateLimitUs=2000\)\s+xu3-default\s+2\s+deadlineMissRate\s+2\s/m);
    expect(r.out).toContain("test: Welch's unequal-variance t-test, two-sided");
    expectOneLineRefusal(
      await run('sweep', 'summary', at('merged.jsonl'), '--by', 'policy,seeds'),
      "--by 'seeds' is not a field to group by",
    );
    expectOneLineRefusal(await run('sweep', 'summary', at('nothing.jsonl')), 'cannot read');
  });

  it('has --help with examples on every command', async () => {
    for (const args of [
      ['sweep', '--help'],
      ['sweep', 'run', '--help'],
      ['sweep', 'merge', '--help'],
      ['sweep', 'summary', '--help'],
    ]) {
      const r = await run(...args);
      expect(r.code).toBe(0);
      expect(r.out).toContain('Examples:');
    }
  });
});
