/**
 * stable: under constant conditions (budgets set once, co-workloads there from start to end, no
 * power-mode switch, exact sensors, periodic requests) the configuration stops changing within
 * stablePeriods control periods: no decision after that period changes the configuration in force.
 * Each run lasts three times stablePeriods, so the last two thirds are watched.
 */
import fc from 'fast-check';
import { platformArb } from '../arbitraries/platformArb.js';
import { scenarioArb } from '../arbitraries/scenarioArb.js';
import { configLabel } from '../label.js';
import { sameConfig } from '../../policies/sameConfig.js';
import { oneRun, type KitProperty, type ScenarioCase } from './property.js';

/** The control period of the stable scenarios, ms (the scenarios' default). */
const CONTROL_PERIOD_MS = 10;

export const stableProperty: KitProperty<ScenarioCase> = {
  name: 'stable',
  claim: 'under constant conditions the decision stops changing within K periods',
  arbitrary: (s) =>
    fc.record({
      platform: platformArb(s.platform, s.platforms),
      scenario: scenarioArb(s.platform, {
        dnn: s.dnn.id,
        constant: true,
        durationsS: [(3 * s.stablePeriods * CONTROL_PERIOD_MS) / 1000],
        controlPeriodsMs: [CONTROL_PERIOD_MS],
      }),
    }),
  plan: (s, c) => oneRun(c, { stablePeriods: s.stablePeriods }),
  judge: (runs, { params }) => {
    const k = params.stablePeriods ?? 0;
    const changes = runs[0]!.filter((s) => s.period > k && !sameConfig(s.configAfter, s.configBefore));
    if (changes.length === 0) return null;
    const first = changes[0]!;
    return `under constant conditions the configuration still changes in period ${first.period} (${first.timeMs} ms), after the ${k} allowed: ${configLabel(first.configBefore)} -> ${configLabel(first.configAfter)} (${changes.length} changes after period ${k})`;
  },
};
