/**
 * Speed work on the simulator must not change a result (issue 18): five short runs whose metrics
 * (wall-clock figures aside) and full traces hash to what they hashed to before that work began.
 *
 * The hashes were computed from commit c2a9aa6 (before the issue 18 speed-ups), built with tsc and run
 * under Node 20, and the speed-ups reproduce them bit for bit. A change that is meant to change what
 * the simulator computes (a model, a policy, a scenario file) changes them too: say so in its commit
 * and put the new hashes here.
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
    metrics: 'd5af556800fcd43d',
    trace: '9993789ab9713d8a',
  },
  {
    name: 'xu3-corunner under rtm',
    scenario: 'xu3-corunner',
    policy: 'rtm',
    metrics: 'dbf24c86303344e6',
    trace: '6907d1a261afc04f',
  },
  {
    name: 'xu3-thermal under interactive',
    scenario: 'xu3-thermal',
    policy: 'interactive',
    metrics: 'd89bbc48c69994f5',
    trace: '20f1774a9b66f303',
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
    metrics: 'd9d260298ab40e18',
    trace: '331f56b0333583e7',
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
