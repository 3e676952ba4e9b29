/**
 * Writes a failing case down so that `twinrtm simulate` replays it: the scenario file(s), the
 * perturbed platform when the case ran on one, the fault-injecting policy module for robust, and a
 * manifest with the replay command lines.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { builtinPolicies } from '../policies/registry.js';
import { checkScenario } from '../scenarios/checkScenario.js';
import type { Faults } from './faults.js';
import { moduleUrl } from './moduleUrl.js';
import type { RunPlan } from './properties/property.js';
import type { ReplayManifest } from './replayManifest.js';
import type { Counterexample, PropertyName } from './types.js';

export interface CounterexampleInput {
  property: PropertyName;
  policyName: string;
  /** How `twinrtm simulate --policy` names the policy (a built-in name or a module path); null: unknown. */
  policyRef: string | null;
  outDir: string;
  plan: RunPlan;
  message: string;
  seed: number;
  path: string;
  dnn: string;
}

/** A --policy value that names a file rather than a built-in policy (as the CLI decides). */
function isPath(value: string): boolean {
  return /[\\/]/.test(value) || /\.(m?[jt]s|cjs|cts|mts)$/.test(value);
}

/** A word safe in a file name. */
function slug(text: string): string {
  return text.replace(/[^A-Za-z0-9_.-]+/g, '-').replace(/^-+|-+$/g, '') || 'policy';
}

/** An argument as a POSIX shell reads it back. */
function shellQuote(arg: string): string {
  return /^[A-Za-z0-9_./=:@%+-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

function writeJson(file: string, value: unknown): void {
  writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}

function replayModule(policyName: string, policyRef: string | null, faults: Faults, scenarioFile: string): string {
  const header = [
    `// twinrtm check: the robust counterexample for policy '${policyName}'.`,
    "// The simulator's sensors never fail and a scenario cannot hold a budget of 0 or Infinity, so this",
    '// module injects the faults the check found into every observation before the policy sees it.',
    `// Replay: twinrtm simulate ${shellQuote(scenarioFile)} --policy <this file>`,
  ];
  const kit = `import { faultyPolicy, policyFromExport } from '${moduleUrl('./faultyPolicy')}';`;
  const faultsLine = `const FAULTS = ${JSON.stringify(faults, null, 2)};`;
  if (policyRef !== null && !isPath(policyRef)) {
    return [
      ...header,
      kit,
      `import { createPolicy } from '${moduleUrl('../policies/registry')}';`,
      '',
      faultsLine,
      '',
      `export default () => faultyPolicy(createPolicy(${JSON.stringify(policyRef)}), FAULTS);`,
      '',
    ].join('\n');
  }
  const target = policyRef === null ? './YOUR-POLICY-MODULE.ts' : pathToFileURL(resolve(policyRef)).href;
  return [
    ...header,
    ...(policyRef === null
      ? ['// The check was given a policy object, not a module: point the import below at your policy module.']
      : []),
    kit,
    `import target from '${target}';`,
    '',
    faultsLine,
    '',
    'export default () => faultyPolicy(policyFromExport(target), FAULTS);',
    '',
  ].join('\n');
}

/**
 * @returns the counterexample as the report gives it; its files are in input.outDir
 */
export function writeCounterexample(input: CounterexampleInput): Counterexample {
  const { plan, property } = input;
  mkdirSync(input.outDir, { recursive: true });
  const base = resolve(input.outDir, `${slug(input.policyName)}-${property}`);
  const scenarioFiles = plan.scenarios.map(({ role, scenario }) => {
    const file = role === 'scenario' ? `${base}.scenario.json` : `${base}.${role}.scenario.json`;
    const description = `twinrtm check: counterexample to '${property}' for policy '${input.policyName}'${role === 'scenario' ? '' : ` (${scenario.description})`}: ${input.message}`;
    // Checked again as it will be read back, so a file that would not replay is never written.
    const written = checkScenario(
      JSON.parse(
        JSON.stringify({
          ...scenario,
          id: `${slug(input.policyName)}-${property}${role === 'scenario' ? '' : `-${role}`}`,
          description,
        }),
      ),
      file,
    );
    writeJson(file, written);
    return file;
  });
  let platformFile: string | null = null;
  if (plan.platform.perturbation !== null) {
    platformFile = `${base}.platform.json`;
    writeJson(platformFile, plan.platform.platform);
  }
  let policyFile: string | null = null;
  if (plan.faults) {
    policyFile = `${base}.replay.mts`;
    writeFileSync(policyFile, replayModule(input.policyName, input.policyRef, plan.faults, scenarioFiles[0]!));
  }
  const policyArgument =
    policyFile ??
    (input.policyRef === null ? 'POLICY' : isPath(input.policyRef) ? resolve(input.policyRef) : input.policyRef);
  const traceFiles = plan.runs.map((_, i) => `${base}.run${i + 1}.trace.jsonl`);
  const runs = plan.runs.map((scenarioIndex, i) => [
    'simulate',
    scenarioFiles[scenarioIndex]!,
    '--policy',
    policyArgument,
    ...(platformFile ? ['--platform-file', platformFile] : []),
    '--trace',
    traceFiles[i]!,
  ]);
  const manifestFile = `${base}.counterexample.json`;
  const manifest: ReplayManifest = {
    kind: 'twinrtm-check-counterexample',
    property,
    policy: input.policyName,
    message: input.message,
    seed: input.seed,
    path: input.path,
    dnn: input.dnn,
    scenarioFiles,
    platformFile,
    policyFile,
    policyArgument,
    runs,
    runScenarios: plan.runs,
    traceFiles,
    params: plan.params,
  };
  writeJson(manifestFile, manifest);
  return {
    scenarioFile: scenarioFiles[0]!,
    platformFile,
    policyFile,
    manifestFile,
    seed: input.seed,
    path: input.path,
    message: input.message,
    replay: runs.map((argv) => ['twinrtm', ...argv].map(shellQuote).join(' ')),
  };
}

/** Is a name a built-in policy's (so `--policy NAME` recreates it)? */
export function isBuiltinPolicyName(name: string): boolean {
  return builtinPolicies.some((f) => f.name === name);
}
