/**
 * robust: missing or NaN telemetry, a sensor stuck at one value, a budget of 0 or Infinity never
 * make decide() throw or return an invalid configuration (valid's rule). Whole scenarios run
 * through the simulator with faults injected between the loop and the policy (faults.ts), from a
 * generated period on.
 */
import fc from 'fast-check';
import { faultsArb } from '../arbitraries/faultsArb.js';
import { platformArb } from '../arbitraries/platformArb.js';
import { scenarioArb } from '../arbitraries/scenarioArb.js';
import type { Faults } from '../faults.js';
import { firstInvalid } from './firstInvalid.js';
import type { KitProperty, ScenarioCase } from './property.js';

/** The run's length, s: faults start within its first half. */
const DURATION_S = 1;

export const robustProperty: KitProperty<ScenarioCase & { faults: Faults }> = {
  name: 'robust',
  claim:
    'missing, NaN or stuck telemetry and budgets of 0 or Infinity never make decide() throw or return an invalid configuration',
  arbitrary: (s) =>
    fc.record({
      platform: platformArb(s.platform, s.platforms),
      scenario: scenarioArb(s.platform, { dnn: s.dnn.id, durationsS: [DURATION_S] }),
      faults: faultsArb(s.platform, { maxFromPeriod: 50 }),
    }),
  plan: (_s, c) => ({
    platform: c.platform,
    scenarios: [{ role: 'scenario', scenario: c.scenario }],
    runs: [0],
    faults: c.faults,
    sameInstance: false,
    params: {},
  }),
  judge: (runs) => firstInvalid(runs[0]!),
};
