/** `twinrtm simulate`: a scenario under one or more policies in virtual time; a table or JSON of metrics. */
import type { Command } from 'commander';
import { InputError } from '../../dnn/inputError.js';
import { loadNetworkFile } from '../../dnn/loadNetworkFile.js';
import { builtinPolicies, createPolicy } from '../../policies/registry.js';
import type { Policy } from '../../policies/types.js';
import { DEFAULT_SCENARIO_ID, resolveScenario } from '../../scenarios/builtinScenarios.js';
import { toChromeTrace } from '../../sim/chromeTrace.js';
import type { Metrics } from '../../sim/metrics.js';
import { simulate } from '../../sim/simulate.js';
import type { TraceEvent } from '../../sim/traceEvents.js';
import { platformById } from '../../models/builtinPlatforms.js';
import { loadPlatformFile } from '../../models/loadPlatformFile.js';
import { openJsonLines, perPolicyPath, readTrace, writeFileAtomic } from '../files.js';
import { printJson, type Io } from '../io.js';
import { loadPolicyModule, looksLikePath } from '../loadPolicyModule.js';
import { METRIC_HEADERS, metricCells } from '../metricColumns.js';
import { collect, parseCount, parseNumber, parseWithin } from '../parse.js';
import { isPolicySpec, policyFromSpec } from '../policySpec.js';
import type { SimulateJson } from '../outputTypes.js';
import { fixed, formatTable } from '../table.js';
import { platformOnRuntime } from './predict.js';

interface SimulateCliOptions {
  policy?: string[];
  trace?: string;
  chromeTrace?: string;
  seed?: string;
  duration?: string;
  platformFile?: string;
  dnnFile?: string;
  controlLatencyMs?: string;
  runtime?: string;
  json?: boolean;
}

/** The policies named on the command line, in order: built-in names, 'all', or files. */
export async function resolvePolicies(names: readonly string[]): Promise<Policy[]> {
  const policies: Policy[] = [];
  for (const name of names) {
    if (name === 'all') policies.push(...builtinPolicies.map((f) => f.create()));
    else if (isPolicySpec(name)) policies.push(policyFromSpec(name));
    else if (looksLikePath(name)) policies.push(await loadPolicyModule(name));
    else policies.push(createPolicy(name));
  }
  const seen = new Set<string>();
  for (const p of policies) {
    if (seen.has(p.name)) throw new InputError(`policy '${p.name}' given twice`);
    seen.add(p.name);
  }
  return policies;
}

export function metricsTable(rows: readonly { policy: string; metrics: Metrics }[]): string {
  return formatTable(
    [
      { header: 'policy' },
      ...METRIC_HEADERS.map((header) => ({ header, right: true })),
      { header: 'decide us p50/p99', right: true },
      { header: 'wall ms', right: true },
    ],
    rows.map(({ policy, metrics: m }) => [
      policy,
      ...metricCells(m, null),
      `${fixed(m.decisionUs.p50, 1)}/${fixed(m.decisionUs.p99, 1)}`,
      fixed(m.wallMs, 0),
    ]),
  );
}

export function registerSimulate(program: Command, io: Io): void {
  program
    .command('simulate')
    .description(
      'run a scenario (built-in id or JSON file) under one or more policies in virtual time and compare their metrics',
    )
    .argument('[scenario]', 'built-in scenario id or scenario JSON file', DEFAULT_SCENARIO_ID)
    .option(
      '--policy <name|file>',
      "a built-in policy (with tunables: 'rtm(anytime=1)'), 'all', or a .ts/.mts/.cts/.js/.mjs/.cjs file whose default export (or module.exports) is a Policy or a function returning one; repeatable (default rtm)",
      collect,
    )
    .option(
      '--trace <file.jsonl>',
      'write the trace as JSON Lines while the run goes (several policies: one file each, named after the policy)',
    )
    .option('--chrome-trace <file.json>', 'also write the trace in Chrome Trace Event format (opens in Perfetto)')
    .option('--seed <n>', "override the scenario's seed")
    .option('--duration <s>', "override the scenario's duration, seconds")
    .option(
      '--platform-file <file>',
      "platform JSON file to use instead of the scenario's built-in platform (e.g. a calibrated one)",
    )
    .option(
      '--dnn-file <file>',
      'network file instead: JSON spec, .onnx model, or a per-group ONNX manifest (.groups.json)',
    )
    .option(
      '--control-latency-ms <ms>',
      "put each decision in force this long after its control tick, as a board's runner does (hil compare measures it; default 0)",
    )
    .option(
      '--runtime <name>',
      "inference runtime whose time profiles the twin uses; only units with one run the DNN (default: each unit's own)",
    )
    .option('--json', 'print JSON')
    .action(async (scenarioArg: string, options: SimulateCliOptions) => {
      const scenario = resolveScenario(scenarioArg);
      const policies = await resolvePolicies(options.policy ?? ['rtm']);
      const file = options.platformFile !== undefined ? loadPlatformFile(options.platformFile) : undefined;
      const platform =
        options.runtime === undefined
          ? file
          : platformOnRuntime(file ?? platformById(scenario.platform), options.runtime);
      // Read once for every policy; the scenario's own network (built in, or its dnnFile) when not given.
      const dnn = options.dnnFile !== undefined ? loadNetworkFile(options.dnnFile) : undefined;
      const dnnId = dnn?.id ?? scenario.dnn;
      const seed = options.seed === undefined ? undefined : parseCount('--seed', options.seed, 0, 2 ** 32 - 1);
      const durationS =
        options.duration === undefined
          ? undefined
          : parseWithin(
              '--duration',
              options.duration,
              0,
              1_000_000,
              'seconds; at most 11.6 days a run: split longer studies into runs',
              true,
            );
      if (durationS !== undefined && !(durationS > 0))
        throw new InputError(`--duration ${durationS} must be above 0 seconds`);
      const controlLatencyMs =
        options.controlLatencyMs === undefined
          ? undefined
          : parseNumber('--control-latency-ms', options.controlLatencyMs);
      if (controlLatencyMs !== undefined && !(controlLatencyMs >= 0 && Number.isFinite(controlLatencyMs))) {
        throw new InputError(`--control-latency-ms ${options.controlLatencyMs} must be a number of ms, 0 or more`);
      }
      // Every run fits the scenario to the network the same way: say so once, not once per policy.
      const noted = new Set<string>();
      const onNote = (line: string): void => {
        if (noted.has(line)) return;
        noted.add(line);
        io.err(`note: ${line}\n`);
      };
      const several = policies.length > 1;
      const results: { policy: string; metrics: Metrics }[] = [];
      for (const policy of policies) {
        if (!options.json && several) io.err(`simulating ${scenario.id} under ${policy.name}...\n`);
        const tracePath = options.trace;
        const writer =
          tracePath !== undefined ? openJsonLines(perPolicyPath(tracePath, policy.name, several)) : undefined;
        const collected: TraceEvent[] | undefined =
          options.chromeTrace !== undefined && writer === undefined ? [] : undefined;
        try {
          const run = simulate(scenario, policy, {
            ...(platform ? { platform } : {}),
            ...(dnn ? { dnn, onNote } : {}),
            ...(seed !== undefined ? { seed } : {}),
            ...(durationS !== undefined ? { durationS } : {}),
            ...(controlLatencyMs !== undefined ? { controlLatencyMs } : {}),
            ...(writer || collected
              ? { trace: (e: TraceEvent) => (writer ? writer.write(e) : collected!.push(e)) }
              : {}),
          });
          results.push({ policy: run.policy, metrics: run.metrics });
        } finally {
          writer?.close();
        }
        if (options.chromeTrace !== undefined) {
          const events = collected ?? readTrace(perPolicyPath(tracePath!, policy.name, several));
          writeFileAtomic(
            perPolicyPath(options.chromeTrace, policy.name, several),
            JSON.stringify(toChromeTrace(events)),
          );
        }
      }
      if (options.json) {
        const json: SimulateJson = {
          scenario: scenario.id,
          dnn: dnnId,
          ...(platform?.runtime ? { runtime: platform.runtime } : {}),
          seed: seed ?? scenario.seed,
          ...(controlLatencyMs !== undefined ? { controlLatencyMs } : {}),
          results,
        };
        return printJson(io, json);
      }
      io.out(`${scenario.id}: ${scenario.description}\n`);
      const latency = controlLatencyMs ? `, decisions in force ${controlLatencyMs} ms after their tick` : '';
      io.out(
        `${scenario.platform}${platform?.runtime ? ` (runtime ${platform.runtime})` : ''}, ${dnnId}, ${durationS ?? scenario.durationS} s simulated, seed ${seed ?? scenario.seed}${latency}\n\n`,
      );
      io.out(metricsTable(results));
    });
}
