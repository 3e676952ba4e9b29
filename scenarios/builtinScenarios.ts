/**
 * The scenarios that ship with twinrtm, looked up by id, and the one resolver the CLI and the
 * simulator use for "a built-in id or a file".
 */
import { unknownName } from '../dnn/inputError.js';
import { checkScenario } from './checkScenario.js';
import defaultScenario from './default.json' with { type: 'json' };
import hostCorunner from './host-corunner.json' with { type: 'json' };
import { loadScenarioFile, rtappRunsOfFile } from './loadScenarioFile.js';
import { rtappRunsOf, type RtappRun } from './rtapp/rtappRuns.js';
import nanoGpuCoworkload from './nano-gpu-coworkload.json' with { type: 'json' };
import nanoMaxnTo5w from './nano-maxn-to-5w.json' with { type: 'json' };
import type { Scenario } from './types.js';
import xu3Browser from './xu3-browser.json' with { type: 'json' };
import xu3Corunner from './xu3-corunner.json' with { type: 'json' };
import xu3EnergyBudget from './xu3-energy-budget.json' with { type: 'json' };
import xu3HardDeadline from './xu3-hard-deadline.json' with { type: 'json' };
import xu3ModelError from './xu3-model-error.json' with { type: 'json' };
import xu3Mp3 from './xu3-mp3.json' with { type: 'json' };
import xu3PowerCap from './xu3-power-cap.json' with { type: 'json' };
import xu3Steady30fps from './xu3-steady-30fps.json' with { type: 'json' };
import xu3Thermal from './xu3-thermal.json' with { type: 'json' };
import xu3TighteningLatency from './xu3-tightening-latency.json' with { type: 'json' };
import xu3Video from './xu3-video.json' with { type: 'json' };

/** Id of the scenario used when none is named (scenarios/default.json). */
export const DEFAULT_SCENARIO_ID = 'xu3-default';

// The default first, so listings and help texts lead with it.
const FILES: readonly unknown[] = [
  defaultScenario,
  xu3Steady30fps,
  xu3Corunner,
  xu3PowerCap,
  xu3TighteningLatency,
  xu3Thermal,
  nanoGpuCoworkload,
  nanoMaxnTo5w,
  xu3ModelError,
  hostCorunner,
  // Co-workloads from rt-app files (scenarios/rtapp/builtin/), checked on first use like the rest.
  xu3Browser,
  xu3Mp3,
  xu3Video,
  // Anytime inference: where it pays (a tight energy budget) and where it does not (a hard deadline).
  xu3EnergyBudget,
  xu3HardDeadline,
];

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

// Checked on first use, one by one, not on import: importing the package has no side effects, and
// naming one scenario does not run the rt-app workloads of the others (about 150 ms for the three).
const checkedOne = new Map<number, Scenario>();
let checked: readonly Scenario[] | undefined;

/** The id a shipped file gives itself, read before any check. */
function idOf(data: unknown): string {
  return String((data as { id?: unknown }).id);
}

function checkedAt(index: number): Scenario {
  let s = checkedOne.get(index);
  if (!s) {
    const data = FILES[index];
    s = deepFreeze(checkScenario(data, `built-in scenario ${idOf(data)}`));
    checkedOne.set(index, s);
  }
  return s;
}

/** Where the shipped file with this id stands in FILES; -1 for none. */
function indexOf(id: string): number {
  return FILES.findIndex((data) => idOf(data) === id);
}

/** The built-in scenario with this id, checked if it was not yet; undefined for no such id. */
function findBuiltin(id: string): Scenario | undefined {
  const index = indexOf(id);
  return index < 0 ? undefined : checkedAt(index);
}

/**
 * Every built-in scenario, checked once on first call; the default (xu3-default) comes first.
 *
 * @returns the same frozen array of deep-frozen Scenarios on every call (frozen because every caller
 *   shares them: copy one before changing it)
 * @throws DataFileError if a shipped file is broken (a packaging defect, caught by the tests)
 */
export function builtinScenarios(): readonly Scenario[] {
  checked ??= Object.freeze(FILES.map((_, i) => checkedAt(i)));
  return checked;
}

function ids(): string[] {
  return FILES.map(idOf);
}

/**
 * The built-in scenario with this id (the same object builtinScenarios() lists).
 *
 * @param id - e.g. 'xu3-default'
 * @throws InputError "unknown scenario 'x' (valid: ...)" listing the built-in ids
 */
export function scenarioById(id: string): Scenario {
  const found = findBuiltin(id);
  if (found === undefined) throw unknownName('scenario', id, ids());
  return found;
}

/**
 * The rt-app workloads a scenario named on the command line runs, as its file names them (see
 * rtapp/rtappRuns.ts): for a board that starts the real rt-app. Empty for a scenario without any.
 * Call it after resolveScenario, which checks the scenario (and its rt-app files).
 */
export function rtappRunsOfScenario(nameOrPath: string): RtappRun[] {
  const index = indexOf(nameOrPath);
  return index >= 0 ? rtappRunsOf(FILES[index]) : rtappRunsOfFile(nameOrPath);
}

/**
 * A scenario named on the command line: a built-in id, or else a path ending in .json read from disk.
 *
 * @param nameOrPath - 'xu3-corunner' or 'runs/my-scenario.json'
 * @throws InputError for a name that is neither (listing the built-in ids); DataFileError for a bad file
 */
export function resolveScenario(nameOrPath: string): Scenario {
  const builtin = findBuiltin(nameOrPath);
  if (builtin !== undefined) return builtin;
  if (nameOrPath.endsWith('.json')) return loadScenarioFile(nameOrPath);
  throw unknownName('scenario', nameOrPath, [...ids(), 'or a path ending in .json']);
}
