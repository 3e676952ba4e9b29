/**
 * Runs a sweep (or one shard of it) into a results file. Lines are appended as runs finish, each in one
 * write, so a sweep killed at any point leaves whole lines for the runs that finished (at most a torn
 * last line); `resume` reads them back and runs only the keys not yet there. When every run of the
 * shard is in the file, the file is rewritten sorted by key (a temporary file renamed over it), so the
 * same matrix gives the same file whatever the worker count.
 */
import { existsSync, statSync, truncateSync } from 'node:fs';
import { InputError } from '../../dnn/inputError.js';
import { readTextFile, writeFileAtomic } from '../files.js';
import type { Io } from '../io.js';
import { progressBar } from '../progressBar.js';
import { compareKeys, keyId } from './keys.js';
import type { SweepPlan } from './plan.js';
import { openSweepOut, type SweepOut } from './outFile.js';
import { createSweepPool, WorkerExited } from './pool.js';
import { formatResultLine, isOk, parseResultLines, type ResultLine, type SweepStamp } from './resultLine.js';
import { formatShard, runsOfShard, type ShardSpec } from './shard.js';
import type { TaskResult } from './task.js';

export interface SweepOptions {
  out: string;
  /** `out` opened (and locked) already, as the command does before planning; else runSweep opens it. */
  output?: SweepOut;
  workers: number;
  shard: ShardSpec;
  resume: boolean;
  io: Io;
  /** Redraw a progress bar (stderr is a terminal); else a plain line at most every progressEveryMs. */
  tty: boolean;
  progressEveryMs?: number;
}

export interface SweepOutcome {
  out: string;
  matrix: string;
  shard: string;
  /** Runs in the whole matrix and in this shard. */
  runs: number;
  shardRuns: number;
  /** Runs found already done in the file (--resume). */
  resumed: number;
  /** Runs made now. */
  ran: number;
  /** Lines of the shard that carry an error instead of metrics. */
  failed: { key: string; error: string }[];
  threads: number;
  seconds: number;
}

function duration(s: number): string {
  if (!Number.isFinite(s)) return '?';
  const whole = Math.round(s);
  if (whole < 60) return `${whole}s`;
  if (whole < 3600) return `${Math.floor(whole / 60)}m${String(whole % 60).padStart(2, '0')}s`;
  return `${Math.floor(whole / 3600)}h${String(Math.floor((whole % 3600) / 60)).padStart(2, '0')}m`;
}

/** The lines already in `out` that belong to this sweep, after dropping a torn last line. */
function resumeFrom(output: SweepOut, stamp: SweepStamp, wanted: ReadonlySet<string>, io: Io): ResultLine[] {
  const out = output.path;
  const parsed = parseResultLines(readTextFile(out), out);
  const seen = new Set<string>();
  parsed.lines.forEach((line, i) => {
    if (line.sweep.matrix !== stamp.matrix || line.sweep.shard !== stamp.shard) {
      throw new InputError(
        `${out}:${i + 1} belongs to another sweep (matrix ${line.sweep.matrix}, shard ${line.sweep.shard}; this one is matrix ${stamp.matrix}, shard ${stamp.shard}): use another --out`,
      );
    }
    const id = keyId(line.key);
    if (!wanted.has(id))
      throw new InputError(`${out}:${i + 1}: the run ${id} is not in this shard of the matrix: use another --out`);
    if (seen.has(id)) throw new InputError(`${out}:${i + 1}: the run ${id} is in the file twice`);
    seen.add(id);
  });
  if (parsed.torn) {
    io.err(`sweep: ignoring the torn last line of ${out} (a run cut off mid-write; it runs again)\n`);
    try {
      truncateSync(out, parsed.wholeBytes);
    } catch (err) {
      throw new InputError(`cannot write ${out} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
    }
  } else if (parsed.unterminated) {
    output.write('\n');
  }
  return parsed.lines;
}

/**
 * @throws InputError for a shard the matrix cannot have, an --out that is another sweep's, is locked
 *   by another sweep, or cannot be read or written (the runs written before a failed write stay)
 */
export async function runSweep(plan: SweepPlan, options: SweepOptions): Promise<SweepOutcome> {
  if (options.output !== undefined) return runInto(plan, options, options.output);
  const output = openSweepOut(options.out, options.io);
  try {
    return await runInto(plan, options, output);
  } finally {
    output.close();
  }
}

async function runInto(plan: SweepPlan, options: SweepOptions, output: SweepOut): Promise<SweepOutcome> {
  const { io, out, shard } = options;
  const started = Date.now();
  if (shard.count > plan.keys.length) {
    throw new InputError(
      `--shard ${formatShard(shard)}: ${plan.matrixFile} has ${plan.keys.length} run${plan.keys.length === 1 ? '' : 's'}, so at most ${plan.keys.length} shards`,
    );
  }
  const mine = runsOfShard(plan.costs, shard);
  const stamp: SweepStamp = {
    matrix: plan.hash,
    shard: formatShard(shard),
    runs: plan.keys.length,
    shardRuns: mine.length,
  };
  const wanted = new Set(mine.map((i) => keyId(plan.keys[i]!)));

  const exists = existsSync(out) && statSync(out).size > 0;
  if (exists && !options.resume)
    throw new InputError(`--out ${out} already has results: add --resume to go on with it, or remove it`);
  const previous = exists ? resumeFrom(output, stamp, wanted, io) : [];
  const done = new Set(previous.map((l) => keyId(l.key)));
  // Costliest first, so the last runs to finish are short ones and the workers end together.
  const todo = mine
    .filter((i) => !done.has(keyId(plan.keys[i]!)))
    .sort((a, b) => plan.costs[b]! - plan.costs[a]! || a - b);
  const threads = Math.max(1, Math.min(options.workers, todo.length));
  io.err(
    `sweep: ${plan.matrixFile} (matrix ${plan.hash}), shard ${stamp.shard}: ${mine.length} of ${plan.keys.length} runs` +
      (done.size > 0 ? `, ${done.size} already in ${out}` : '') +
      (todo.length > 0
        ? `; ${todo.length} to run on ${threads} worker thread${threads === 1 ? '' : 's'}\n`
        : '; nothing to run\n'),
  );

  let ran = 0;
  if (todo.length > 0) {
    const pool = createSweepPool(threads);
    const bar = progressBar(io, options.tty);
    const totalCost = todo.reduce((s, i) => s + plan.costs[i]!, 0);
    let doneCost = 0;
    let lastShown = Date.now();
    const every = options.progressEveryMs ?? 10_000;
    const show = () => {
      const elapsed = (Date.now() - started) / 1000;
      const rate = ran / Math.max(elapsed, 1e-3);
      const eta = doneCost > 0 ? ((totalCost - doneCost) * elapsed) / doneCost : Infinity;
      bar(
        done.size + ran,
        mine.length,
        `${rate.toFixed(rate < 10 ? 2 : 1)} runs/s, ETA ${ran === todo.length ? '0s' : duration(eta)}`,
      );
    };
    let next = 0;
    let fatal: unknown;
    const lane = async () => {
      while (next < todo.length && fatal === undefined) {
        const i = todo[next++]!;
        let result: TaskResult;
        try {
          result = await pool.run(plan.tasks[i]!);
        } catch (err) {
          // A thread that ended mid-run failed that run; tinypool has started another for the rest.
          if (!(err instanceof WorkerExited)) {
            fatal ??= err;
            return;
          }
          result = { error: err.message };
        }
        const line: ResultLine =
          'error' in result
            ? { key: plan.keys[i]!, sweep: stamp, error: result.error }
            : { key: plan.keys[i]!, sweep: stamp, policyName: result.policyName, metrics: result.metrics };
        try {
          output.write(formatResultLine(line));
        } catch (err) {
          fatal ??= err;
          return;
        }
        ran++;
        doneCost += plan.costs[i]!;
        if (options.tty || Date.now() - lastShown >= every || ran === todo.length) {
          if (options.tty || ran < todo.length) show();
          lastShown = Date.now();
        }
      }
    };
    try {
      await Promise.all(Array.from({ length: threads }, lane));
    } finally {
      await pool.close();
    }
    if (fatal instanceof InputError)
      throw new InputError(
        `${fatal.message}: the sweep stopped; the ${ran} runs written are in ${out}, and --resume goes on from them`,
        { cause: fatal },
      );
    if (fatal !== undefined) {
      const message = fatal instanceof Error ? fatal.message.split('\n')[0] : String(fatal);
      throw new Error(
        `a sweep worker failed (${message}); the ${ran} runs finished are in ${out}, and --resume goes on from them`,
        { cause: fatal },
      );
    }
  }

  // Complete: the shard's lines sorted by key, replacing the file whole.
  const lines = parseResultLines(readTextFile(out), out).lines.sort((a, b) => compareKeys(a.key, b.key));
  if (lines.length !== mine.length)
    throw new Error(`${out} has ${lines.length} lines where the shard has ${mine.length} runs`);
  writeFileAtomic(out, lines.map(formatResultLine).join(''));
  return {
    out,
    matrix: plan.hash,
    shard: stamp.shard,
    runs: plan.keys.length,
    shardRuns: mine.length,
    resumed: done.size,
    ran,
    failed: lines.filter((l) => !isOk(l)).map((l) => ({ key: keyId(l.key), error: (l as { error: string }).error })),
    threads,
    seconds: (Date.now() - started) / 1000,
  };
}
