/**
 * `twinrtm sweep`: the runs of a matrix (policies x scenarios x platform files x durations x seeds) on
 * every core, or one shard of them on each node of a cluster; `sweep merge` joins the shards' files;
 * `sweep summary` gives each group's means with confidence intervals and the best policy per scenario.
 */
import { availableParallelism } from 'node:os';
import type { Command } from 'commander';
import { InputError } from '../../dnn/inputError.js';
import { checkOutputFile, readTextFile, writeFileAtomic } from '../files.js';
import { printJson, type Io } from '../io.js';
import { parseCount, parseList } from '../parse.js';
import { mergeShards, type ShardFile } from '../sweep/merge.js';
import { formatResultLine, parseResultLines, type ParsedResults } from '../sweep/resultLine.js';
import { openSweepOut, REFRESH_MS, STALE_MS } from '../sweep/outFile.js';
import { runSweep, type SweepOutcome } from '../sweep/runSweep.js';
import { parseShard, WHOLE } from '../sweep/shard.js';
import {
  DEFAULT_BEST,
  DEFAULT_BY,
  defaultBy,
  GROUP_FIELDS,
  HIGHER_IS_BETTER,
  METHOD,
  parseBy,
  summarise,
} from '../sweep/summary.js';
import { summaryText } from '../sweep/summaryText.js';

interface SweepCliOptions {
  out: string;
  workers?: string;
  shard?: string;
  resume?: boolean;
  allowFailedRuns?: boolean;
  json?: boolean;
}

interface MergeCliOptions {
  out: string;
  ifComplete?: boolean;
  json?: boolean;
}

interface SummaryCliOptions {
  by?: string;
  best?: string;
  json?: boolean;
}

const SWEEP_HELP = `
The matrix (JSON; schema cli/sweep/matrix.schema.json; paths relative to the matrix's folder):
  { "policies": ["rtm", "schedutil", "./my-governor.ts",
                 { "policy": "schedutil", "tunables": { "rateLimitUs": [2000, 20000] } }],
    "scenarios": ["xu3-default", "scenarios/mine.json"],
    "seeds": [1, 2, 3],                    (or { "from": 1, "to": 30 }; default: each scenario's seed)
    "durationS": 10,                       (or a list; default: each scenario's duration)
    "platformFiles": [null, "xu3-calibrated.json"],   (null: the built-in platform)
    "exclude": [{ "policy": "oracle", "scenario": "xu3-thermal" }] }   (and/or "include")
  The runs are the product of the axes less the filtered ones; each is one simulate run.

Results (JSON Lines): one line per run, { key, sweep: { matrix, shard, runs, shardRuns },
policyName, metrics } with the metrics of \`simulate --json\` (or { key, sweep, error } for a run that
failed), appended as runs finish: a killed sweep loses only the runs in flight, and --resume runs the
keys not yet in the file (a torn last line is dropped, and said so). When every run of the shard is in,
the file is rewritten sorted by key, so any worker count gives the same lines (but for the wall-clock
metrics wallMs and decisionUs).

Shards: --shard i/n runs part i of n, 0-based (0/3, 1/3, 2/3: Kubernetes' JOB_COMPLETION_INDEX and a
Slurm --array=0-2 count from 0). Runs are split deterministically by expected cost (simulated seconds
x a per-policy factor, costliest first to the least loaded shard), so shards differ by at most one
run's cost. Join them with \`twinrtm sweep merge\`. deploy/ has a Kubernetes Indexed Job and a Slurm
job array.

Exit status: 0 when every run of the shard is in --out and none failed; 2 for bad input (refused in
one line before any run) and, once every run has been attempted, when some runs failed (the sweep
carries on past them; their lines carry the error), unless --allow-failed-runs, which makes that 0
(the failed runs still said on stderr): a cluster job then goes on to the merge instead of failing, and
a retried job does not fail again on the same runs. 1 for an internal error (a bug).

--out is locked while a sweep writes it (a file <out>.lock holding the pid and host), so a second
sweep on the same --out is refused; a lock left by a sweep that was killed is taken over, with a note
(on the same host once its pid is gone, from another host once it is ${STALE_MS / 60_000} minutes old: a running
sweep refreshes it every ${REFRESH_MS / 1000} s).

Examples:
  twinrtm sweep matrix.json --out results.jsonl
  twinrtm sweep matrix.json --out results.jsonl --resume            # after an interruption
  twinrtm sweep matrix.json --shard 0/3 --out shard-0.jsonl --workers 8 --resume --allow-failed-runs
  twinrtm sweep merge shard-*.jsonl --out results.jsonl
  twinrtm sweep summary results.jsonl --by policy,scenario
`;

const MERGE_HELP = `
Checks that every line comes from the same matrix (the hash every line carries) and that every run of
the matrix is present exactly once, then writes the runs sorted by key, as one sweep of the whole
matrix would have (a temporary file renamed, so --out is never half-written). It refuses, in one line,
files of different matrices, a run in two files, and missing runs (naming the missing or unfinished
shards); with --if-complete, missing runs are not an error: it says which and writes nothing (exit 0),
so each shard's job can try the merge when it ends and the last one to end writes the file.

Examples:
  twinrtm sweep merge shard-0.jsonl shard-1.jsonl shard-2.jsonl --out results.jsonl
  twinrtm sweep merge shards/*.jsonl --out results.jsonl --if-complete
`;

const SUMMARY_HELP = `
Groups the runs by --by (a policy with tunables is one group per variant) and gives every metric's
${METHOD.interval}. The default --by is ${DEFAULT_BY.join(',')} and every other key field (${GROUP_FIELDS.filter((f) => !DEFAULT_BY.includes(f)).join(', ')})
that takes more than one value in the file: only the seeds of the same runs are averaged, never runs of
different durations or platform files (give --by to pool them on purpose).
Then, for each scenario (each combination of the --by fields other than policy) and each --best metric
(default ${DEFAULT_BEST.join(', ')}; lower is better except ${HIGHER_IS_BETTER.join(', ')}), the best
policy by mean and the runner-up, with ${METHOD.test}.
Runs that failed are counted and left out.

Examples:
  twinrtm sweep summary results.jsonl
  twinrtm sweep summary results.jsonl --by policy,scenario,durationS --best latencyMs.p99 --json
`;

function readResults(path: string): ParsedResults {
  return parseResultLines(readTextFile(path), path);
}

export function registerSweep(program: Command, io: Io): Command {
  const sweep = program
    .command('sweep')
    .description(
      'run the product of a matrix of policies, scenarios, platform files, durations and seeds on every core (or one shard of it per cluster node) into a JSON Lines results file; merge shards; summarise',
    )
    .usage(
      'MATRIX.json --out results.jsonl [--workers n] [--shard i/n] [--resume] | merge FILES... --out F | summary FILE',
    )
    .addHelpText('after', SWEEP_HELP);
  // `sweep MATRIX.json ...` is `sweep run MATRIX.json ...`: each subcommand has its own --out.
  sweep
    .command('run', { isDefault: true })
    .description('run the matrix (or one shard of it) into --out; `twinrtm sweep MATRIX.json ...` means this')
    .argument('<matrix.json>', 'the matrix file')
    .requiredOption('--out <results.jsonl>', 'the results file (appended to as runs finish)')
    .option('--workers <n>', `worker threads (default: the cores available, ${availableParallelism()} here)`)
    .option('--shard <i/n>', 'run only part i of n, 0-based (0/n .. n-1/n)')
    .option('--resume', 'go on with the results already in --out (without it an --out with results is refused)')
    .option(
      '--allow-failed-runs',
      'exit 0, not 2, when every run was attempted but some failed (their lines carry the error); for cluster jobs, so the merge still runs',
    )
    .option('--json', 'print what was done as JSON')
    .addHelpText('after', SWEEP_HELP)
    .action(async (matrixFile: string, options: SweepCliOptions) => {
      const workers =
        options.workers === undefined ? availableParallelism() : parseCount('--workers', options.workers, 1, 1024);
      const shard = options.shard === undefined ? WHOLE : parseShard('--shard', options.shard);
      checkOutputFile('--out', options.out);
      // Opened (and locked) before planning, which may take a while: an --out that cannot be written,
      // or that another sweep is writing, is refused at once.
      const output = openSweepOut(options.out, io);
      let outcome: SweepOutcome;
      try {
        // Imported here: planning loads every policy and scenario, which merge and summary never need.
        const { planSweep } = await import('../sweep/plan.js');
        const plan = await planSweep(matrixFile);
        outcome = await runSweep(plan, {
          out: options.out,
          output,
          workers,
          shard,
          resume: options.resume === true,
          io,
          tty: process.stderr.isTTY === true,
        });
      } finally {
        output.close();
      }
      if (options.json) printJson(io, outcome);
      else {
        io.out(
          `${outcome.shardRuns} runs${outcome.shard === '0/1' ? '' : ` (shard ${outcome.shard} of ${outcome.runs} runs)`} in ${options.out}, sorted by key: ` +
            (outcome.ran === 0
              ? 'nothing left to run'
              : `${outcome.ran} run now on ${outcome.threads} worker thread${outcome.threads === 1 ? '' : 's'} in ${outcome.seconds.toFixed(1)} s`) +
            (outcome.resumed > 0 ? `, ${outcome.resumed} resumed` : '') +
            '\n',
        );
      }
      if (outcome.failed.length > 0) {
        const first = outcome.failed[0]!;
        const message = `${outcome.failed.length} of ${outcome.shardRuns} runs failed (their lines in ${options.out} carry the error); the first, ${first.key}: ${first.error}`;
        if (options.allowFailedRuns !== true) throw new InputError(message);
        io.err(`sweep: ${message}\n`);
      }
    });

  sweep
    .command('merge')
    .description(
      "join the results files of a sweep's shards into one, checking that they come from one matrix and hold every run exactly once",
    )
    .argument('<files...>', 'the shards’ results files')
    .requiredOption('--out <results.jsonl>', 'the merged file')
    .option(
      '--if-complete',
      'when runs are missing, say which and write nothing, exit 0 (for the last step of each shard job)',
    )
    .option('--json', 'print what was done as JSON')
    .addHelpText('after', MERGE_HELP)
    .action((files: string[], options: MergeCliOptions) => {
      checkOutputFile('--out', options.out);
      const twice = files.find((f, i) => files.indexOf(f) !== i);
      if (twice !== undefined) throw new InputError(`${twice} is given twice`);
      const shards: ShardFile[] = files.map((file) => {
        const parsed = readResults(file);
        if (parsed.torn) io.err(`sweep merge: ignoring the torn last line of ${file} (its shard did not finish)\n`);
        return { file, lines: parsed.lines };
      });
      const merged = mergeShards(shards);
      if (!merged.complete) {
        if (!options.ifComplete) throw new InputError(`not merged: ${merged.missing}`);
        io.err(`sweep merge: not yet complete (${merged.missing}); ${options.out} not written\n`);
        if (options.json) printJson(io, { merged: false, missing: merged.missing });
        return;
      }
      writeFileAtomic(options.out, merged.lines.map(formatResultLine).join(''));
      const runs = merged.lines.length;
      if (options.json)
        printJson(io, {
          merged: true,
          out: options.out,
          runs,
          files: files.length,
          matrix: merged.lines[0]!.sweep.matrix,
        });
      else
        io.out(
          `${runs} runs from ${files.length} file${files.length === 1 ? '' : 's'} merged into ${options.out}, sorted by key\n`,
        );
    });

  sweep
    .command('summary')
    .description(
      "each group's mean and 95 % confidence interval of every metric over its runs, and the best policy per scenario with a significance test",
    )
    .argument('<results.jsonl>', 'a results file (of a sweep, a shard or a merge)')
    .option(
      '--by <fields>',
      `group by these key fields, comma-separated (${GROUP_FIELDS.join(', ')}; default ${DEFAULT_BY.join(',')} and every other one that varies in the file)`,
    )
    .option(
      '--best <metrics>',
      `metrics to name the best policy by, comma-separated (default ${DEFAULT_BEST.join(',')}; nested ones as latencyMs.p95)`,
    )
    .option('--json', 'print JSON')
    .addHelpText('after', SUMMARY_HELP)
    .action((file: string, options: SummaryCliOptions) => {
      const explicitBy = options.by === undefined ? undefined : parseBy('--by', parseList(options.by));
      const best = options.best === undefined ? [...DEFAULT_BEST] : parseList(options.best);
      if (best.length === 0) throw new InputError('--best names no metric');
      const parsed = readResults(file);
      if (parsed.lines.length === 0) throw new InputError(`${file} has no result lines`);
      const by = explicitBy ?? defaultBy(parsed.lines);
      const summary = summarise(parsed.lines, by, best);
      if (options.json) return printJson(io, summary);
      const runs = parsed.lines[0]!.sweep.runs;
      if (parsed.lines.length < runs)
        io.err(
          `note: ${file} holds ${parsed.lines.length} of the matrix's ${runs} runs (a shard, or a sweep not finished)\n`,
        );
      io.out(summaryText(summary));
    });
  return sweep;
}
