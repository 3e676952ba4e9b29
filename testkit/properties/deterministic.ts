/**
 * deterministic: the same scenario and seed give the same decisions. The scenario runs twice on
 * one policy instance (the loop calls reset() before each run), so state that reset() forgets, a
 * clock or an unseeded random number all show; the configurations in force, period by period,
 * must be equal.
 */
import fc from 'fast-check';
import { platformArb } from '../arbitraries/platformArb.js';
import { scenarioArb } from '../arbitraries/scenarioArb.js';
import { configLabel } from '../label.js';
import { sameConfig } from '../../policies/sameConfig.js';
import type { KitProperty, ScenarioCase } from './property.js';

export const deterministicProperty: KitProperty<ScenarioCase> = {
  name: 'deterministic',
  claim: 'the same observations give the same decisions',
  arbitrary: (s) =>
    fc.record({
      platform: platformArb(s.platform, s.platforms),
      scenario: scenarioArb(s.platform, { dnn: s.dnn.id, modelError: true, durationsS: [1] }),
    }),
  plan: (_s, c) => ({
    platform: c.platform,
    scenarios: [{ role: 'scenario', scenario: c.scenario }],
    runs: [0, 0],
    faults: null,
    sameInstance: true,
    params: {},
  }),
  judge: (runs) => {
    const [a, b] = [runs[0]!, runs[1]!];
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      const x = a[i];
      const y = b[i];
      if (!x || !y) return `the second run has ${b.length} periods, the first ${a.length}`;
      if (!sameConfig(x.configAfter, y.configAfter) || x.invalid !== y.invalid) {
        const what = (s: typeof x) => (s.invalid !== null ? `rejected (${s.invalid})` : configLabel(s.configAfter));
        return `period ${x.period} (${x.timeMs} ms): the first run decided ${what(x)}, the second ${what(y)}`;
      }
    }
    return null;
  },
};
