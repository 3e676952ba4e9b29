/**
 * checkPolicy: runs the kit's properties on a policy with fast-check and reports a verdict per
 * property; a failure is shrunk and written down as files that `twinrtm simulate` replays.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { networkById } from '../dnn/builtinNetworks.js';
import { InputError, unknownName } from '../dnn/inputError.js';
import { platformById } from '../models/builtinPlatforms.js';
import type { Platform } from '../models/types.js';
import type { PlatformConstraints } from './arbitraries/platformArb.js';
import { describeFaults } from './faults.js';
import { KIT_PROPERTIES } from './properties/index.js';
import type { PropertySetting } from './properties/property.js';
import { runPlan } from './runPlan.js';
import {
  PROPERTY_NAMES,
  type CheckReport,
  type PolicySource,
  type PropertyName,
  type PropertyVerdict,
} from './types.js';
import { isBuiltinPolicyName, writeCounterexample } from './writeCounterexample.js';

/** How {@link checkPolicy} checks: where, which properties, how many cases, and the properties' parameters. */
export interface CheckOptions {
  /** The base platform: a built-in id or a checked Platform. @defaultValue 'odroid-xu3' */
  platform?: string | Platform;
  /** The network, a built-in id. @defaultValue 'alexnet-cifar10-g4' */
  dnn?: string;
  /** The properties to check, in any order (reported in the kit's order). @defaultValue every property */
  properties?: readonly string[];
  /** Cases per property. @defaultValue 50 */
  numRuns?: number;
  /** fast-check's seed, the same for every property. @defaultValue a random one, reported */
  seed?: number;
  /** Where counterexamples are written. @defaultValue a new directory under the system's temp directory */
  outDir?: string;
  /**
   * How `twinrtm simulate --policy` names the policy: a built-in name or a module path, used in the
   * replay commands and by robust's replay module. @defaultValue the policy's name when it is a
   * built-in's, else none (the replay commands then say POLICY)
   */
  policyRef?: string;
  /** Also generate perturbed variants of the platform (priors scaled by 0.7..1.4). @defaultValue true */
  perturb?: boolean;
  /** stable: K, the periods the configuration may still change in. @defaultValue 20 */
  stablePeriods?: number;
  /** safe: periods allowed after a change of budgets, free cores or power mode. @defaultValue 2 */
  settlePeriods?: number;
  /** safe: headroom, %, below each budget with which some configuration must meet them for the decision to be judged. @defaultValue 10 */
  headroomPct?: number;
}

/** The defaults of {@link CheckOptions} that are plain values (`twinrtm check` shows them in its help). */
export const CHECK_DEFAULTS = {
  platform: 'odroid-xu3',
  dnn: 'alexnet-cifar10-g4',
  numRuns: 50,
  stablePeriods: 20,
  settlePeriods: 2,
  headroomPct: 10,
} as const;

/** A property's failure: its message is the violation, in one line. */
class Violation extends Error {
  override name = 'Violation';
}

function wholeNumber(name: string, value: number, min: number): number {
  if (!Number.isInteger(value) || value < min) throw new InputError(`${name} ${value} is not a whole number >= ${min}`);
  return value;
}

/**
 * The property names given, checked and in the kit's order.
 *
 * @throws InputError naming an unknown property and listing the valid ones
 */
export function propertyNames(names: readonly string[]): PropertyName[] {
  for (const n of names)
    if (!(PROPERTY_NAMES as readonly string[]).includes(n)) throw unknownName('property', n, PROPERTY_NAMES);
  return PROPERTY_NAMES.filter((n) => names.includes(n));
}

/** The setting every property of one check shares, from the options (checked). */
function settingOf(policy: PolicySource, options: CheckOptions): PropertySetting {
  const platform =
    typeof options.platform === 'object' ? options.platform : platformById(options.platform ?? CHECK_DEFAULTS.platform);
  const setting: PropertySetting = {
    platform,
    dnn: networkById(options.dnn ?? CHECK_DEFAULTS.dnn),
    newPolicy: typeof policy === 'function' ? policy : () => policy,
    platforms: { perturb: options.perturb ?? true } satisfies PlatformConstraints,
    stablePeriods: wholeNumber('stablePeriods', options.stablePeriods ?? CHECK_DEFAULTS.stablePeriods, 1),
    settlePeriods: wholeNumber('settlePeriods', options.settlePeriods ?? CHECK_DEFAULTS.settlePeriods, 0),
    headroomPct: options.headroomPct ?? CHECK_DEFAULTS.headroomPct,
  };
  if (!(setting.headroomPct >= 0 && setting.headroomPct < 100))
    throw new InputError(`headroomPct ${setting.headroomPct} is outside 0..99`);
  return setting;
}

function propertyOf(setting: PropertySetting, name: PropertyName): fc.IProperty<[unknown]> {
  const property = KIT_PROPERTIES[name];
  return fc.property(property.arbitrary(setting), (c) => {
    const plan = property.plan(setting, c);
    const runs = runPlan(setting, plan);
    const found =
      runs.error ??
      property.judge(runs.steps, { platform: plan.platform.platform, dnn: setting.dnn, params: plan.params });
    if (found !== null) throw new Violation(plan.faults ? `${found}; faults: ${describeFaults(plan.faults)}` : found);
  });
}

/**
 * One of the kit's properties on a policy, as a fast-check property: pass it to `fc.assert` with
 * a failure's { seed, path } to replay that failure in a test of your own.
 *
 * @param name - a property name ({@link PROPERTY_NAMES})
 * @param options - as for {@link checkPolicy} (properties, numRuns, seed, outDir, policyRef are not used)
 * @throws InputError for an unknown property, platform or DNN
 */
export function policyProperty(
  policy: PolicySource,
  name: string,
  options: CheckOptions = {},
): fc.IProperty<[unknown]> {
  const [checked] = propertyNames([name]);
  return propertyOf(settingOf(policy, options), checked!);
}

/**
 * Checks a policy against the kit's properties.
 *
 * In plain words: for each property, fast-check generates numRuns cases (scenarios on the platform
 * or a perturbed variant of it, with faults or a loosened condition where the property needs one),
 * runs each through the simulator with the policy recorded, and judges the decisions. The first
 * failing case is shrunk; its files are written to outDir, and its fast-check { seed, path } is
 * reported so `fc.assert(policyProperty(...), { seed, path })` replays it too. Every run gets a
 * fresh instance when the policy is given as a factory; a Policy object is reused, reset() between runs.
 *
 * @param policy - the policy, or (better) a function that makes a new one
 * @returns the verdicts, in the shape `twinrtm check --json` prints
 * @throws InputError for an unknown property, platform or DNN, or a bad number
 *
 * @example
 * ```ts
 * import { createRtm } from 'twinrtm';
 * import { checkPolicy } from 'twinrtm/testkit';
 *
 * const report = checkPolicy(() => createRtm(), { properties: ['valid', 'safe'], numRuns: 20, seed: 7 });
 * for (const v of report.properties) {
 *   console.log(v.name, v.passed ? 'holds' : v.counterexample?.message, v.counterexample?.replay ?? []);
 * }
 * ```
 */
export function checkPolicy(policy: PolicySource, options: CheckOptions = {}): CheckReport {
  const names = propertyNames(options.properties ?? PROPERTY_NAMES);
  const setting = settingOf(policy, options);
  const numRuns = wholeNumber('numRuns', options.numRuns ?? CHECK_DEFAULTS.numRuns, 1);
  const seed = options.seed ?? Math.floor(Math.random() * 0x7fffffff);
  if (!Number.isInteger(seed)) throw new InputError(`seed ${seed} is not a whole number`);
  const name = setting.newPolicy().name;
  const policyRef = options.policyRef ?? (isBuiltinPolicyName(name) ? name : null);
  let outDir = options.outDir;

  const verdicts: PropertyVerdict[] = names.map((propertyName) => {
    const details = fc.check(propertyOf(setting, propertyName), { numRuns, seed });
    if (!details.failed) return { name: propertyName, passed: true, runs: details.numRuns, seed, counterexample: null };
    const error = details.errorInstance;
    const message =
      error instanceof Violation
        ? error.message
        : `the check itself failed: ${error instanceof Error ? error.message : String(error)}`;
    outDir ??= mkdtempSync(join(tmpdir(), 'twinrtm-check-'));
    const counterexample = writeCounterexample({
      property: propertyName,
      policyName: name,
      policyRef,
      outDir,
      plan: KIT_PROPERTIES[propertyName].plan(setting, details.counterexample![0]),
      message,
      seed: details.seed,
      path: details.counterexamplePath ?? '',
      dnn: setting.dnn.id,
    });
    return { name: propertyName, passed: false, runs: details.numRuns, seed, counterexample };
  });
  return { policy: name, platform: setting.platform.id, seed, properties: verdicts };
}
