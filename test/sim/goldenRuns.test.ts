/**
 * Speed work on the simulator must not change a result (issue 18): five short runs whose metrics
 * (wall-clock figures aside) and full traces hash to what they hashed to before that work began.
 *
 * The hashes were computed from commit c2a9aa6 (before the issue 18 speed-ups), built with tsc and run
 * under Node 20, and the speed-ups reproduce them bit for bit. A change that is meant to change what
 * the simulator computes (a model, a policy, a scenario file) changes them too: say so in its commit
 * and put the new hashes here. The XU3 runs' hashes were renewed when the A15's power block became
 * Powmon's asrtpm-A15 model with events per cycle fitted on Powmon's runs (issue 21).
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createPolicy } from '../../policies/registry.js';
import { scenarioById } from '../../scenarios/builtinScenarios.js';
import { simulate, type SimulateOptions } from '../../sim/simulate.js';

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
    metrics: 'e463fe7ef33eb633',
    trace: '3f587efcf03bdab0',
  },
  {
    name: 'xu3-corunner under rtm',
    scenario: 'xu3-corunner',
    policy: 'rtm',
    metrics: '04607dcec0b7b0e8',
    trace: '00ec1b9cfc4520cf',
  },
  {
    name: 'xu3-thermal under interactive',
    scenario: 'xu3-thermal',
    policy: 'interactive',
    metrics: 'a95bf4c77b60ddaa',
    trace: '7149a8ee8476d986',
  },
  {
    name: 'nano-maxn-to-5w under rtm(anytime=1)',
    scenario: 'nano-maxn-to-5w',
    policy: 'rtm',
    tunables: { anytime: 1 },
    metrics: '8d496b710eb72c2c',
    trace: 'b4b7af5152b9900d',
  },
  {
    name: 'xu3-power-cap under ondemand, 25 ms control latency',
    scenario: 'xu3-power-cap',
    policy: 'ondemand',
    options: { controlLatencyMs: 25 },
    metrics: 'ecc33eafcaf2cf52',
    trace: '5643ea4c209449a2',
  },
];

describe('the simulator computes what it computed before the speed-ups', () => {
  it.each(RUNS)('$name, 10 s: the same metrics and trace', (run) => {
    const trace = createHash('sha256');
    const result = simulate(scenarioById(run.scenario), createPolicy(run.policy, run.tunables ?? {}), {
      durationS: 10,
      ...run.options,
      trace: (e) => trace.update(`${JSON.stringify(e)}\n`),
    });
    const { wallMs: _wall, decisionUs: _decision, ...metrics } = result.metrics;
    expect({ metrics: sha(JSON.stringify(metrics)), trace: trace.digest('hex').slice(0, 16) }).toEqual({
      metrics: run.metrics,
      trace: run.trace,
    });
  });
});
