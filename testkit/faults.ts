/**
 * Sensor and budget faults, and the observation a policy sees under them. The simulator's sensors
 * never fail and a scenario file cannot hold a budget of 0 or Infinity, so the kit injects such
 * faults between the loop and the policy, the way a failing sensor driver would deliver them.
 * Fault descriptions are plain JSON, so a counterexample's faults can be written down and replayed.
 */
import type { Budgets, Observation, UnitTelemetry } from '../policies/types.js';

/** Which reading fails: one field of a unit, a whole unit, the board's power, or every rail. */
export type TelemetryTarget = 'utilisation' | 'freqMHz' | 'temperatureC' | 'unit' | 'powerW' | 'rails';

/** A sensor that fails from a control period on and stays failed. */
export interface TelemetryFault {
  /** First control period (1 = the first decide() of the run) the fault holds. */
  fromPeriod: number;
  /** Which reading fails. */
  target: TelemetryTarget;
  /** The unit whose reading fails, for 'utilisation', 'freqMHz', 'temperatureC' and 'unit'; null: every unit's (and for the board-level targets). */
  unit: string | null;
  /** 'nan': reads NaN; 'missing': the field (or unit entry, or rails) is absent; 'stuck': reads stuckAt forever. */
  kind: 'nan' | 'missing' | 'stuck';
  /** The value a stuck sensor reads (ignored for the other kinds). */
  stuckAt: number;
}

/** A budget that reads 0 or Infinity from a control period on. */
export interface BudgetFault {
  /** First control period (1 = the first decide() of the run) the fault holds. */
  fromPeriod: number;
  /** Which budget reads wrong. */
  budget: keyof Budgets;
  /** What it reads. */
  value: 'zero' | 'infinity';
}

/** The faults of one case: JSON, so a counterexample can write them down. */
export interface Faults {
  /** Failing sensors. */
  telemetry: TelemetryFault[];
  /** Budgets that read 0 or Infinity. */
  budgets: BudgetFault[];
}

const UNIT_FIELDS = ['utilisation', 'freqMHz', 'temperatureC'] as const;

function faultyValue(kind: TelemetryFault['kind'], stuckAt: number): number | undefined {
  return kind === 'nan' ? NaN : kind === 'stuck' ? stuckAt : undefined;
}

function setOrDelete<T extends object>(target: T, key: keyof T, value: number | undefined): void {
  if (value === undefined) delete target[key];
  else (target as Record<keyof T, unknown>)[key] = value;
}

/**
 * The observation as the policy sees it in a control period under the faults in force.
 *
 * @param period - 1 for the first decide() of a run
 * @returns the observation itself when no fault holds yet, else a copy (the input is not changed)
 */
export function applyFaults(observation: Observation, faults: Faults, period: number): Observation {
  const telemetry = faults.telemetry.filter((f) => period >= f.fromPeriod);
  const budgets = faults.budgets.filter((f) => period >= f.fromPeriod);
  if (telemetry.length === 0 && budgets.length === 0) return observation;
  const units: Record<string, UnitTelemetry> = {};
  for (const [id, u] of Object.entries(observation.telemetry.units)) units[id] = { ...u };
  const out: Observation = {
    ...observation,
    budgets: { ...observation.budgets },
    telemetry: { ...observation.telemetry, units, powerByRailW: { ...observation.telemetry.powerByRailW } },
  };
  for (const f of telemetry) {
    const value = faultyValue(f.kind, f.stuckAt);
    const ids = f.unit === null ? Object.keys(units) : f.unit in units ? [f.unit] : [];
    switch (f.target) {
      case 'utilisation':
      case 'freqMHz':
      case 'temperatureC':
        for (const id of ids) setOrDelete(units[id]!, f.target, value);
        break;
      case 'unit':
        for (const id of ids) {
          if (f.kind === 'missing') delete units[id];
          else for (const field of UNIT_FIELDS) units[id]![field] = value!;
        }
        break;
      case 'powerW':
        setOrDelete(out.telemetry, 'powerW', value);
        break;
      case 'rails':
        if (f.kind === 'missing') out.telemetry.powerByRailW = {};
        else for (const rail of Object.keys(out.telemetry.powerByRailW)) out.telemetry.powerByRailW[rail] = value!;
        break;
    }
  }
  for (const f of budgets) out.budgets[f.budget] = f.value === 'zero' ? 0 : Infinity;
  return out;
}

/** The faults in one line: "from period 3 utilisation of a15 reads NaN; from period 1 powerW reads Infinity". */
export function describeFaults(faults: Faults): string {
  const t = faults.telemetry.map((f) => {
    const which = f.unit === null ? 'every unit' : f.unit;
    const what =
      f.target === 'powerW' || f.target === 'rails'
        ? f.target
        : f.target === 'unit'
          ? `every reading of ${which}`
          : `${f.target} of ${which}`;
    const how = f.kind === 'nan' ? 'reads NaN' : f.kind === 'missing' ? 'is missing' : `is stuck at ${f.stuckAt}`;
    return `from period ${f.fromPeriod} ${what} ${how}`;
  });
  const b = faults.budgets.map(
    (f) => `from period ${f.fromPeriod} budget ${f.budget} reads ${f.value === 'zero' ? 0 : 'Infinity'}`,
  );
  return [...t, ...b].join('; ');
}
