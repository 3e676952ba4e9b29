/**
 * valid: every decision is a real configuration. The loop's own check (an operating point, 1 <= g
 * <= G, an existing unit, within the power mode's limits) and no core that is not free when the
 * decision moves the DNN or changes its core count; a decide() that throws gives no configuration
 * and fails too. Runs whole scenarios (changing budgets, co-workloads, power-mode switches, sensor
 * noise, model error) through the simulator on built-in and perturbed platforms.
 */
import fc from 'fast-check';
import { platformArb } from '../arbitraries/platformArb.js';
import { scenarioArb } from '../arbitraries/scenarioArb.js';
import { firstInvalid } from './firstInvalid.js';
import { oneRun, type KitProperty, type ScenarioCase } from './property.js';

export const validProperty: KitProperty<ScenarioCase> = {
  name: 'valid',
  claim: 'every decision is a real configuration that asks for no core that is not free',
  arbitrary: (s) =>
    fc.record({
      platform: platformArb(s.platform, s.platforms),
      scenario: scenarioArb(s.platform, { dnn: s.dnn.id, modelError: true, maxPowerModeChanges: 2 }),
    }),
  plan: (_s, c) => oneRun(c),
  judge: (runs) => firstInvalid(runs[0]!),
};
