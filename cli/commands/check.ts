/**
 * `twinrtm check POLICY`: the test kit's properties on a policy (a built-in name or a module file),
 * with generated scenarios through the simulator; a verdict per property, and for a failure the
 * files and command lines that replay it. Exit 0 when every property holds, 1 when one fails,
 * 2 for bad input.
 */
import { mkdirSync } from 'node:fs';
import type { Command } from 'commander';
import { InputError } from '../../dnn/inputError.js';
import { builtinPolicies, createPolicy } from '../../policies/registry.js';
import type { Policy } from '../../policies/types.js';
import { checkPolicy, propertyNames } from '../../testkit/checkPolicy.js';
import { PROPERTY_NAMES, type CheckReport, type PropertyName } from '../../testkit/types.js';
import { checkOutputDirectory } from '../files.js';
import { printJson, type Io } from '../io.js';
import { loadPolicyModule, looksLikePath } from '../loadPolicyModule.js';
import { parseCount, parseInteger, parseList } from '../parse.js';
import { formatTable } from '../table.js';
import { ChecksFailed } from '../checksFailed.js';

/** The most control periods --stable-periods takes. */
export const MAX_STABLE_PERIODS = 10_000;

interface CheckCliOptions {
  platform: string;
  properties?: string;
  runs: string;
  seed?: string;
  out?: string;
  stablePeriods?: string;
  json?: boolean;
}

/** Every property but safe, which a policy claims only if it is budget-aware (the user opts in for a file). */
function defaultProperties(budgetAware: boolean): PropertyName[] {
  return PROPERTY_NAMES.filter((p) => p !== 'safe' || budgetAware);
}

function printReport(io: Io, report: CheckReport, runs: number): void {
  io.out(
    `twinrtm check: ${report.policy} on ${report.platform} and perturbed variants, ${runs} cases per property, seed ${report.seed}\n\n`,
  );
  io.out(
    formatTable(
      [{ header: 'property' }, { header: 'verdict' }, { header: 'cases', right: true }],
      report.properties.map((p) => [p.name, p.passed ? 'pass' : 'FAIL', p.runs]),
    ),
  );
  for (const p of report.properties) {
    const ce = p.counterexample;
    if (!ce) continue;
    io.out(`\n${p.name} failed: ${ce.message}\n`);
    io.out(`  counterexample: ${ce.scenarioFile}\n`);
    if (ce.platformFile) io.out(`  platform: ${ce.platformFile}\n`);
    if (ce.policyFile) io.out(`  fault-injecting policy module: ${ce.policyFile}\n`);
    io.out(`  replay (then judgeReplay('${ce.manifestFile}') from twinrtm/testkit):\n`);
    for (const line of ce.replay) io.out(`    ${line}\n`);
    io.out(`  fast-check: { seed: ${ce.seed}, path: "${ce.path}" }\n`);
  }
}

/**
 * Makes the --out folder before the check runs, so one that cannot be made (below a file, a name too
 * long, a read-only place) is one line now rather than an error after every property has run.
 */
function makeOutputDirectory(path: string): void {
  checkOutputDirectory('--out', path);
  try {
    mkdirSync(path, { recursive: true });
  } catch (err) {
    throw new InputError(
      `--out ${path}: cannot make the folder for counterexample files (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`,
      { cause: err },
    );
  }
}

export function registerCheck(program: Command, io: Io): void {
  program
    .command('check')
    .description(
      'check a policy against the test kit properties (valid, safe, monotone, stable, deterministic, robust) on generated scenarios; exit 1 if one fails',
    )
    .argument(
      '<policy>',
      'a built-in policy name or a .ts/.mts/.cts/.js/.mjs/.cjs file whose default export (or module.exports) is a Policy or a function returning one',
    )
    .option(
      '--platform <id>',
      'built-in platform the scenarios are generated for (perturbed variants included)',
      'odroid-xu3',
    )
    .option(
      '--properties <list>',
      `comma-separated properties (${PROPERTY_NAMES.join(', ')}); default: all but safe, and safe too for a budget-aware built-in policy`,
    )
    .option('--runs <n>', 'generated cases per property', '50')
    .option('--seed <n>', "fast-check's seed (default: a random one, reported)")
    .option(
      '--out <dir>',
      'directory for counterexample files (default: a new directory under the system temp directory)',
    )
    .option(
      '--stable-periods <k>',
      `stable: control periods the configuration may still change in (1..${MAX_STABLE_PERIODS})`,
      '20',
    )
    .option('--json', 'print JSON')
    .action(async (policyArg: string, options: CheckCliOptions) => {
      if (options.out !== undefined) makeOutputDirectory(options.out);
      let source: Policy | (() => Policy);
      let budgetAware = false;
      if (looksLikePath(policyArg)) {
        // One loaded object serves every run, reset() between them, as `twinrtm simulate` uses it.
        source = await loadPolicyModule(policyArg);
      } else {
        createPolicy(policyArg);
        source = () => createPolicy(policyArg);
        budgetAware = builtinPolicies.find((f) => f.name === policyArg)?.budgetAware ?? false;
      }
      const properties =
        options.properties === undefined
          ? defaultProperties(budgetAware)
          : propertyNames(parseList(options.properties));
      if (properties.length === 0)
        throw new InputError(`--properties lists no property (valid: ${PROPERTY_NAMES.join(', ')})`);
      // A bound on the work one check may take: a million runs is days of simulation.
      const runs = parseCount('--runs', options.runs, 1, 100_000);
      // Each stable case runs three times this many control periods of 10 ms: the bound keeps one case
      // under 5 simulated minutes (about a second), where 1e15 asked for a scenario of 1e12 s.
      const stablePeriods = parseCount('--stable-periods', options.stablePeriods ?? '20', 1, MAX_STABLE_PERIODS);
      const report = checkPolicy(source, {
        platform: options.platform,
        properties,
        numRuns: runs,
        stablePeriods,
        policyRef: policyArg,
        ...(options.seed !== undefined ? { seed: parseInteger('--seed', options.seed) } : {}),
        ...(options.out !== undefined ? { outDir: options.out } : {}),
      });
      if (options.json) printJson(io, report);
      else printReport(io, report, runs);
      const failed = report.properties.filter((p) => !p.passed).map((p) => p.name);
      if (failed.length > 0) throw new ChecksFailed(`${failed.join(', ')} failed`);
    });
}
