/**
 * twinrtm/testkit: property-based tests for governors, on fast-check and the simulator. Check a
 * policy against the properties it claims with {@link checkPolicy} (or `twinrtm check`): valid,
 * safe, monotone, stable, deterministic and robust ({@link PROPERTY_NAMES}), each over generated
 * scenarios on a platform and perturbed variants of it; a failure comes back shrunk, with a one-line
 * message and files that `twinrtm simulate` replays. Or build properties of your own from the
 * arbitraries (scenarios, budgets, co-workloads, faults, observations) and the pieces the kit's
 * properties are made of. Importing it has no side effects.
 *
 * @example
 * A governor's claims checked from the user's own vitest suite:
 * ```ts
 * import { createPolicy } from 'twinrtm';
 * import { checkPolicy } from 'twinrtm/testkit';
 * import { expect, it } from 'vitest';
 *
 * it('ondemand is valid and deterministic', () => {
 *   const report = checkPolicy(() => createPolicy('ondemand'), { properties: ['valid', 'deterministic'], numRuns: 10, seed: 42 });
 *   for (const verdict of report.properties) expect(verdict.counterexample?.message ?? null).toBeNull();
 * });
 * ```
 *
 * @module twinrtm/testkit
 */
export { checkPolicy, policyProperty, propertyNames, CHECK_DEFAULTS, type CheckOptions } from './checkPolicy.js';
export {
  PROPERTY_NAMES,
  type CheckReport,
  type Counterexample,
  type PolicySource,
  type PropertyName,
  type PropertyVerdict,
} from './types.js';
export { BUILTIN_CLAIMS, type PolicyClaims } from './builtinClaims.js';
export { judgeReplay, readReplayManifest } from './judgeReplay.js';
export type { ReplayManifest } from './replayManifest.js';

// The properties, for running one case or judging steps of your own.
export { KIT_PROPERTIES } from './properties/index.js';
export type {
  JudgeContext,
  JudgeParams,
  KitProperty,
  PropertySetting,
  RunPlan,
  ScenarioCase,
} from './properties/property.js';
export type { Loosening, MonotoneCase } from './properties/monotone.js';

// Arbitraries.
export { platformArb, type GeneratedPlatform, type PlatformConstraints } from './arbitraries/platformArb.js';
export { perturbationArb, type PerturbationConstraints } from './arbitraries/perturbationArb.js';
export { configurationArb } from './arbitraries/configurationArb.js';
export { budgetValueArb } from './arbitraries/budgetValueArb.js';
export { budgetsArb, DEFAULT_BUDGET_FIELDS, type BudgetsConstraints } from './arbitraries/budgetsArb.js';
export { budgetTimelineArb, type BudgetTimelineConstraints } from './arbitraries/budgetTimelineArb.js';
export { coworkloadTimelineArb, type CoworkloadTimelineConstraints } from './arbitraries/coworkloadTimelineArb.js';
export { requestsArb, type RequestsConstraints } from './arbitraries/requestsArb.js';
export { sensorNoiseArb, type SensorNoiseConstraints } from './arbitraries/sensorNoiseArb.js';
export {
  powerModeTimelineArb,
  type PowerModeTimeline,
  type PowerModeTimelineConstraints,
} from './arbitraries/powerModeTimelineArb.js';
export { scenarioArb, type ScenarioConstraints } from './arbitraries/scenarioArb.js';
export { observationArb, type ObservationConstraints } from './arbitraries/observationArb.js';
export { faultsArb, type FaultsConstraints } from './arbitraries/faultsArb.js';

// The pieces the properties are made of.
export { perturbPlatform, type Perturbation, type UnitPerturbation } from './perturbPlatform.js';
export {
  applyFaults,
  describeFaults,
  type BudgetFault,
  type Faults,
  type TelemetryFault,
  type TelemetryTarget,
} from './faults.js';
export { faultyPolicy, policyFromExport } from './faultyPolicy.js';
export { recordingPolicy } from './recordingPolicy.js';
export { runRecorded, type RecordedRun } from './runRecorded.js';
export { stepsFromTrace } from './stepsFromTrace.js';
export { judgeDecision, type JudgedDecision } from './judgeDecision.js';
export { brokenBudgets, BudgetJudge, budgetJudgeFor } from './budgetJudge.js';
export { spaceOf, spaceRanges, type SpaceRanges } from './spaceOf.js';
export type { Step } from './step.js';
