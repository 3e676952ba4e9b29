/**
 * `twinrtm sweep` (run, merge, summary) under hostile input (issue 19): its flags, a matrix with any
 * field corrupted, results files with any field of any line corrupted or lines of junk. A result or
 * one line, never a stack trace or a hang, and a refusal leaves --out as it was and no lock.
 *
 * Every `sweep run` case resumes a copy of a small matrix's finished results, so a valid case has
 * nothing left to run and ends at once, and a matrix changed by the fuzz is refused as another
 * sweep's, never run for as long as it says.
 */
import fc from 'fast-check';
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { keyId } from '../../cli/sweep/keys.js';
import { planSweep } from '../../cli/sweep/plan.js';
import { formatResultLine, parseResultLines, type ResultLine } from '../../cli/sweep/resultLine.js';
import { okLine } from '../cli/sweep/lines.js';
import { runsOfShard } from '../../cli/sweep/shard.js';
import {
  budget,
  corrupt,
  expectHandled,
  fuzzDir,
  hostile,
  hostilePath,
  refusedOnlyWhenOpened,
  run,
  runBounded,
  RUNS,
  type Contract,
} from './fuzzHarness.js';

const dir = fuzzDir();
const at = (name: string) => join(dir, name);
const file = at('a-file');
writeFileSync(file, 'not a results file\n');
const matrix = { policies: ['powersave', 'performance'], scenarios: ['xu3-default'], seeds: [1, 2], durationS: 0.2 };
const matrixFile = at('matrix.json');
writeFileSync(matrixFile, JSON.stringify(matrix));
const whole = at('whole.jsonl');
let lines: ResultLine[] = [];
const shards: string[] = [];

/** What a sweep prints as it goes (a resumed sweep's note, a merge's). */
const SWEEP: Contract = { progress: /^(sweep|note: )/ };

beforeAll(async () => {
  // The matrix's results as a finished sweep writes them (sorted by key), with made-up metrics: a
  // resumed sweep finds nothing left to run; merge and summary read them as any.
  const plan = await planSweep(matrixFile);
  const runs = plan.keys.length;
  lines = plan.keys.map((key, i) =>
    okLine(
      key,
      { matrix: plan.hash, shard: '0/1', runs, shardRuns: runs },
      { deadlineMissRate: 0.1 + 0.01 * i, energyPerInferenceMJ: 40 + i },
    ),
  );
  writeFileSync(whole, lines.map(formatResultLine).join(''));
  // The two shards' files, as `sweep --shard i/2` writes them.
  for (let index = 0; index < 2; index++) {
    const mine = new Set(runsOfShard(plan.costs, { index, count: 2 }).map((i) => keyId(plan.keys[i]!)));
    const shard = lines
      .filter((l) => mine.has(keyId(l.key)))
      .map((l) => ({ ...l, sweep: { ...l.sweep, shard: `${index}/2`, shardRuns: mine.size } }));
    shards.push(at(`shard-${index}.jsonl`));
    writeFileSync(shards[index]!, shard.map(formatResultLine).join(''));
  }
  // The lines are what a sweep writes: it resumes them with nothing left to run.
  const r = await run('sweep', matrixFile, '--out', resumable(), '--resume');
  expect(r.code, r.err).toBe(0);
  expect(r.out).toContain('nothing left to run');
});

/** A path's bytes, or null when it is not a readable file. */
function bytesOf(path: string): string | null {
  try {
    return readFileSync(path, 'latin1');
  } catch {
    return null;
  }
}

/** Runs a command that writes `out`; on a refusal, out is as it was and no lock file is left. */
async function writing(out: string, args: string[], what: string): Promise<void> {
  const before = bytesOf(out);
  const r = await runBounded(args);
  expectHandled(r, what, SWEEP);
  if (r.code !== 0) {
    expect(bytesOf(out), `${what}: --out changed by a refused run`).toBe(before);
    expect(existsSync(`${out}.lock`), `${what}: lock left`).toBe(false);
  }
}

let n = 0;
/** A fresh copy of the whole sweep's results, to resume. */
function resumable(): string {
  const out = at(`resume-${n++}.jsonl`);
  copyFileSync(whole, out);
  return out;
}

describe('sweep run', () => {
  it(
    '--workers, --shard: any value',
    async () => {
      const values = fc.tuple(
        fc.constantFrom('--workers', '--shard'),
        fc.oneof(
          hostile,
          fc.constantFrom(
            '0/1',
            '0/2',
            '1/2',
            '1/1',
            '2',
            '1024',
            '1025',
            ' 0 / 1 ',
            '9007199254740993/9007199254740994',
          ),
        ),
      );
      await fc.assert(
        fc.asyncProperty(values, async ([flag, v]) => {
          const out = resumable();
          const args = ['sweep', matrixFile, '--out', out, '--resume', flag, v];
          await writing(out, args, args.join(' ').slice(0, 300));
        }),
        { numRuns: RUNS },
      );
    },
    budget(60_000),
  );

  it(
    '--out: any path (inside the test folder)',
    async () => {
      await fc.assert(
        fc.asyncProperty(hostilePath(dir, file), async (out) => {
          try {
            copyFileSync(whole, out);
          } catch {
            // A path that cannot be written: what is fuzzed.
          }
          const args = ['sweep', matrixFile, '--out', out, '--resume', '--workers', '1'];
          await writing(out, args, args.join(' ').slice(0, 300));
        }),
        { numRuns: RUNS },
      );
    },
    budget(60_000),
  );

  it(
    'a matrix with any field corrupted, or any text: refused, or resumed with nothing to run',
    async () => {
      const texts = fc.oneof(
        corrupt(matrix).map((m) => JSON.stringify(m)),
        fc.string({ maxLength: 100 }),
        fc.constantFrom('', '{}', '[]', 'null', '{"policies":[],"scenarios":[]}'),
      );
      const given = at('given.matrix.json');
      await fc.assert(
        fc.asyncProperty(texts, async (text) => {
          writeFileSync(given, text);
          const out = resumable();
          await writing(out, ['sweep', given, '--out', out, '--resume', '--workers', '1'], text.slice(0, 300));
        }),
        { numRuns: RUNS },
      );
    },
    budget(60_000),
  );
});

/** A results file with one field of one line corrupted, a torn or junk line, or any text. */
function resultsText(of: () => ResultLine[]): fc.Arbitrary<string> {
  return fc.oneof(
    fc.integer({ min: 0, max: 1_000_000 }).chain((seed) => {
      const all = of();
      const i = seed % all.length;
      return corrupt(all[i]).map((line) =>
        all.map((l, k) => (k === i ? `${JSON.stringify(line)}\n` : formatResultLine(l))).join(''),
      );
    }),
    fc.nat(2000).map((cut) => of().map(formatResultLine).join('').slice(0, cut)),
    fc.array(fc.string({ maxLength: 60 }), { maxLength: 4 }).map((xs) => xs.join('\n')),
    fc.constantFrom('', '\n', 'null\n', '{}\n', '[]\n', '\u0000\u001b[2J\n'),
  );
}

describe('sweep merge', () => {
  it(
    'shard files with any field of any line corrupted: merged, or refused in one line with --out untouched',
    async () => {
      const out = at('merged.jsonl');
      const given = at('given-shard.jsonl');
      const shard0 = () => parseResultLines(readFileSync(shards[0]!, 'utf8'), shards[0]!).lines;
      await fc.assert(
        fc.asyncProperty(resultsText(shard0), fc.boolean(), async (text, ifComplete) => {
          writeFileSync(given, text);
          await writing(
            out,
            ['sweep', 'merge', given, shards[1]!, '--out', out, ...(ifComplete ? ['--if-complete'] : [])],
            text.slice(0, 300),
          );
        }),
        { numRuns: RUNS },
      );
    },
    budget(60_000),
  );

  it(
    '--out, and the files: any path',
    async () => {
      const values = fc.oneof(
        // Known, reported: an --out only the open refuses (see below).
        hostilePath(dir, file)
          .filter((out) => !refusedOnlyWhenOpened(out))
          .map((out) => [shards[0]!, shards[1]!, '--out', out]),
        fc
          .oneof(hostile, fc.constantFrom(dir, file, '/dev/null', shards[0]!))
          .map((f) => [shards[0]!, f, '--out', at('merged-2.jsonl')]),
      );
      await fc.assert(
        fc.asyncProperty(values, async (args) => {
          await writing(args.at(-1)!, ['sweep', 'merge', ...args], args.join(' ').slice(0, 300));
        }),
        { numRuns: RUNS },
      );
    },
    budget(60_000),
  );
});

describe('an --out only the open refuses', () => {
  // Found by this suite: writeFileAtomic (cli/files.ts) removed its temporary after a failed write
  // with rmSync, which throws ENAMETOOLONG for a name over 255 bytes (a TypeError for a NUL), so the
  // refusal became an internal error in every command writing through it.
  it('sweep merge --out NAME-OF-300-BYTES: one line', async () => {
    const out = at('n'.repeat(300));
    await writing(out, ['sweep', 'merge', shards[0]!, shards[1]!, '--out', out], 'a name of 300 bytes');
  });
});

describe('sweep summary', () => {
  it(
    '--by, --best: any list',
    async () => {
      const list = fc.oneof(
        hostile,
        fc
          .array(
            fc.oneof(
              hostile,
              fc.constantFrom(
                'policy',
                'scenario',
                'seed',
                'durationS',
                'platformFile',
                'deadlineMissRate',
                'latencyMs.p95',
                'latencyMs',
                'latencyMs.p95.x',
                '__proto__',
                'constructor',
                'inferences',
              ),
            ),
            { maxLength: 4 },
          )
          .map((xs) => xs.join(',')),
      );
      await fc.assert(
        fc.asyncProperty(fc.constantFrom('--by', '--best'), list, fc.boolean(), async (flag, v, json) => {
          const args = ['sweep', 'summary', whole, flag, v, ...(json ? ['--json'] : [])];
          expectHandled(await runBounded(args), args.join(' ').slice(0, 300), SWEEP);
        }),
        { numRuns: RUNS },
      );
    },
    budget(60_000),
  );

  it(
    'a results file with any field of any line corrupted, or any text',
    async () => {
      const given = at('given-results.jsonl');
      await fc.assert(
        fc.asyncProperty(
          resultsText(() => lines),
          async (text) => {
            writeFileSync(given, text);
            expectHandled(await runBounded(['sweep', 'summary', given]), text.slice(0, 300), SWEEP);
          },
        ),
        { numRuns: RUNS },
      );
    },
    budget(60_000),
  );
});
