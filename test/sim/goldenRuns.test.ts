/**
 * Speed work on the simulator must not change a result (issue 18): five short runs whose metrics
 * (wall-clock figures aside) and full traces hash to what they hashed to before that work began.
 *
 * The hashes were computed from commit c2a9aa6 (before the issue 18 speed-ups), built with tsc and run
 * under Node 20, and the speed-ups reproduce them bit for bit. A change that is meant to change what
 * the simulator computes (a model, a policy, a scenario file) changes them too: say so in its commit
 * and put the new hashes here. The XU3 runs' hashes were renewed when the A15's power block became
 * Powmon's asrtpm-A15 model with events per cycle fitted on Powmon's runs (issue 21), and all of them
 * when the event count left the hash (the sensor read that is due with a control tick became part of
 * the tick's event: the same computation in fewer events); both times computed on the commit before.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createPolicy } from '../../policies/registry.js';
import { scenarioById } from '../../scenarios/builtinScenarios.js';
import { simulate, type SimulateOptions } from '../../sim/simulate.js';
import type { TraceEvent } from '../../sim/traceEvents.js';

const sha = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 16);

const RUNS: {
  name: string;
  scenario: string;
  policy: string;
  tunables?: Record<string, number>;
  options?: SimulateOptions;
  metrics: string;
  trace: string;
}[] = [
  {
    name: 'xu3-default under schedutil',
    scenario: 'xu3-default',
    policy: 'schedutil',
    metrics: 'a92059338a65524d',
    trace: '9e15563f926a1426',
  },
  {
    name: 'xu3-corunner under rtm',
    scenario: 'xu3-corunner',
    policy: 'rtm',
    metrics: 'e0e743ff164b8acd',
    trace: '29ebb19e6003b46e',
  },
  {
    name: 'xu3-thermal under interactive',
    scenario: 'xu3-thermal',
    policy: 'interactive',
    metrics: 'c3d0c4ad238ba1d8',
    trace: '20728eb3bc53c1db',
  },
  {
    name: 'nano-maxn-to-5w under rtm(anytime=1)',
    scenario: 'nano-maxn-to-5w',
    policy: 'rtm',
    tunables: { anytime: 1 },
    metrics: '604eed374cc27b8d',
    trace: '7d7757cd842728fa',
  },
  {
    name: 'xu3-power-cap under ondemand, 25 ms control latency',
    scenario: 'xu3-power-cap',
    policy: 'ondemand',
    options: { controlLatencyMs: 25 },
    metrics: '13ac7d1974bf3bca',
    trace: '624b4c8164638b3b',
  },
  {
    // A latency of whole control periods: each decision comes into force at a later tick's instant,
    // after that instant's sensor read.
    name: 'xu3-corunner under schedutil, 20 ms control latency',
    scenario: 'xu3-corunner',
    policy: 'schedutil',
    options: { controlLatencyMs: 20 },
    metrics: '850dcdeac92afa91',
    trace: 'b3f48520573bf3b5',
  },
];

/** The end event without the event count: how many scheduler actions a run took is not what it computed. */
function withoutEventCount(e: TraceEvent): unknown {
  if (e.kind !== 'end') return e;
  const { events: _events, ...metrics } = e.metrics;
  return { ...e, metrics };
}

describe('the simulator computes what it computed before the speed-ups', () => {
  it.each(RUNS)('$name, 10 s: the same metrics and trace', (run) => {
    const trace = createHash('sha256');
    const result = simulate(scenarioById(run.scenario), createPolicy(run.policy, run.tunables ?? {}), {
      durationS: 10,
      ...run.options,
      trace: (e) => trace.update(`${JSON.stringify(withoutEventCount(e))}\n`),
    });
    const { wallMs: _wall, decisionUs: _decision, events: _events, ...metrics } = result.metrics;
    expect({ metrics: sha(JSON.stringify(metrics)), trace: trace.digest('hex').slice(0, 16) }).toEqual({
      metrics: run.metrics,
      trace: run.trace,
    });
  });
});
