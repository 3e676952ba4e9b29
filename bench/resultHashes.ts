/**
 * Results as hashes, for speed work on the simulator that must not change what it computes (issue 18):
 * every built-in scenario under every built-in policy (and rtm with anytime inference) for 60 s, a
 * few with a control latency, and two long runs, each as one line with the hash of its metrics
 * (wall-clock figures and the event count aside) with and without a trace, of its full trace, and its event counts. Run it on two builds and diff
 * the outputs: `node dist/bench/resultHashes.js > after.txt`.
 *
 * Numbers are written so that -0, NaN and the infinities stay apart from 0 and null in the hash.
 */
import { createHash } from 'node:crypto';
import { builtinPolicies, createPolicy } from '../policies/registry.js';
import { builtinScenarios, scenarioById } from '../scenarios/builtinScenarios.js';
import { simulate, type SimulateOptions } from '../sim/simulate.js';
import type { TraceEvent } from '../sim/traceEvents.js';

const exact = (_key: string, value: unknown): unknown =>
  typeof value === 'number' && (Object.is(value, -0) || !Number.isFinite(value))
    ? `#${Object.is(value, -0) ? '-0' : String(value)}`
    : value;

const sha = (value: unknown) => createHash('sha256').update(JSON.stringify(value, exact)).digest('hex').slice(0, 16);

interface Run {
  scenario: string;
  policy: string;
  tunables?: Record<string, number>;
  options: SimulateOptions;
}

/** A trace event as hashed: the end's metrics without the event count (printed on its own). */
function hashed(e: TraceEvent): unknown {
  if (e.kind !== 'end') return e;
  const { events: _events, ...metrics } = e.metrics;
  return { ...e, metrics };
}

function hashOf(run: Run): string {
  const trace = createHash('sha256');
  const result = simulate(scenarioById(run.scenario), createPolicy(run.policy, run.tunables ?? {}), {
    ...run.options,
    trace: (e) => trace.update(`${JSON.stringify(hashed(e), exact)}\n`),
  });
  // The event count is how the scheduler got there, not what the run computed: printed apart, so a
  // change that merges two events into one shows there and nowhere else.
  const { wallMs: _wall, decisionUs: _decision, events: _events, ...metrics } = result.metrics;
  // The same run without a trace: what the policy sees must not depend on whether a trace is kept.
  const untraced = simulate(scenarioById(run.scenario), createPolicy(run.policy, run.tunables ?? {}), run.options);
  const { wallMs: _w, decisionUs: _d, events: _e, ...untracedMetrics } = untraced.metrics;
  return `metrics ${sha(metrics)} untraced ${sha(untracedMetrics)} trace ${trace.digest('hex').slice(0, 16)} events ${result.events} ${untraced.events}`;
}

const policies: { policy: string; tunables?: Record<string, number> }[] = [
  ...builtinPolicies.map((f) => ({ policy: f.name })),
  { policy: 'rtm', tunables: { anytime: 1 } },
];
const runs: Run[] = [];
for (const s of builtinScenarios())
  for (const p of policies) runs.push({ scenario: s.id, ...p, options: { durationS: 60 } });
for (const scenario of ['xu3-default', 'xu3-power-cap', 'nano-maxn-to-5w']) {
  for (const controlLatencyMs of [4, 10, 25])
    for (const p of policies) runs.push({ scenario, ...p, options: { durationS: 20, controlLatencyMs } });
}
for (const policy of ['schedutil', 'rtm'])
  runs.push({ scenario: 'xu3-default', policy, options: { durationS: 600, seed: 7 } });

for (const run of runs) {
  let line: string;
  try {
    line = hashOf(run);
  } catch (err) {
    line = `threw ${err instanceof Error ? err.message : String(err)}`;
  }
  process.stdout.write(
    `${run.scenario} ${run.policy}${run.tunables ? JSON.stringify(run.tunables) : ''} ${JSON.stringify(run.options)} ${line}\n`,
  );
}
