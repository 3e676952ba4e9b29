/**
 * Checks a parsed platform file: first its JSON Schema, then what a schema cannot say (ids that
 * refer to each other, ascending tables, a power model that gives positive power everywhere).
 * Every problem is one DataFileError naming the file and the field.
 */
import { checkAgainstSchema, DataFileError } from '../dnn/schemaCheck.js';
import { compilePlatform, LOAD_KINDS } from './compilePlatform.js';
import { ownRuntimeOf } from './runtimes.js';
import schema from './schema/platform.schema.json' with { type: 'json' };
import type { Platform } from './types.js';

function ascending(values: readonly number[]): number {
  return values.findIndex((v, i) => i > 0 && !(v > values[i - 1]!));
}

/** The magnitudes a platform number may have: beyond them, sums and products overflow or lose every digit. */
const LARGEST = 1e12;
const SMALLEST = 1e-300;

/** The path and value of the first number outside [SMALLEST, LARGEST] in magnitude (0 allowed), if any. */
function outOfRange(value: unknown, path: string): { path: string; value: number } | null {
  if (typeof value === 'number')
    return value !== 0 && (Math.abs(value) > LARGEST || Math.abs(value) < SMALLEST) ? { path, value } : null;
  if (typeof value !== 'object' || value === null) return null;
  for (const [key, inner] of Object.entries(value)) {
    const found = outOfRange(inner, Array.isArray(value) ? `${path}[${key}]` : path === '' ? key : `${path}.${key}`);
    if (found) return found;
  }
  return null;
}

/**
 * Checks a parsed platform file: first its JSON Schema, then what a schema cannot say (ids that
 * refer to each other, ascending tables, a power model that gives positive power everywhere).
 *
 * @param data - the parsed JSON of a platform file
 * @param file - the name shown in errors
 * @returns the checked Platform
 * @throws DataFileError naming the file and the field, one problem at a time
 *
 * @example
 * A platform file of your own board, checked before it is used:
 * ```ts
 * import { readFileSync } from 'node:fs';
 * import { checkPlatform, networkById, predictSpace } from 'twinrtm';
 *
 * const file = process.argv[2] ?? 'my-board.json';
 * const platform = checkPlatform(JSON.parse(readFileSync(file, 'utf8')), file);
 * console.log(predictSpace(platform, networkById('alexnet-cifar10-g4')).length);
 * ```
 */
export function checkPlatform(data: unknown, file: string): Platform {
  const p = checkAgainstSchema<Platform>(schema, data, file);
  const fail = (field: string, problem: string): never => {
    throw new DataFileError(file, field, problem);
  };
  const extreme = outOfRange(p, '');
  if (extreme)
    fail(
      extreme.path,
      `${extreme.value} is out of range: platform numbers are 0 or between ${SMALLEST} and ${LARGEST} in magnitude`,
    );
  const unitIds = p.units.map((u) => u.id);
  const componentIds = [...unitIds, ...p.others.map((o) => o.id)];
  componentIds.forEach((id, i) => {
    if (componentIds.indexOf(id) !== i) {
      fail(i < unitIds.length ? `units[${i}].id` : `others[${i - unitIds.length}].id`, `'${id}' is used twice`);
    }
  });

  p.units.forEach((u, i) => {
    const at = `units[${i}]`;
    const bad = ascending(u.opps.points.map((o) => o.freqMHz));
    if (bad >= 0)
      fail(`${at}.opps.points[${bad}].freqMHz`, 'operating points must be in strictly ascending frequency order');
    if (u.kind === 'cpu-cluster' && u.cpus.length !== u.cores) {
      fail(`${at}.cpus`, `lists ${u.cpus.length} cpu numbers but the unit has ${u.cores} cores`);
    }
    if (u.kind === 'gpu' && (u.cores !== 1 || u.cpus.length !== 0)) {
      fail(`${at}.cores`, 'a gpu is scheduled as one unit: cores must be 1 and cpus empty');
    }
    const own = ownRuntimeOf(p, u);
    for (const name of Object.keys(u.runtimes ?? {})) {
      if (own === null)
        fail(
          `${at}.runtimes`,
          "the runtime perf describes must be named (the unit's runtime or the platform's defaultRuntime) before others are added",
        );
      if (name === own)
        fail(`${at}.runtimes.${name}`, `is the runtime perf already describes: give its parameters once, in perf`);
    }
    if (u.power.form === 'powmon') {
      const power = u.power;
      const v = ascending(power.measuredVoltages.points.map((o) => o.freqMHz));
      if (v >= 0)
        fail(`${at}.power.measuredVoltages.points[${v}].freqMHz`, 'must be in strictly ascending frequency order');
      if (power.fitRange.minMHz >= power.fitRange.maxMHz) fail(`${at}.power.fitRange`, 'minMHz must be below maxMHz');
      for (const kind of LOAD_KINDS) {
        for (const event of Object.keys(power.eventsPerCycle[kind].values)) {
          if (!(event in power.betas.values)) {
            fail(
              `${at}.power.eventsPerCycle.${kind}.values.${event}`,
              `no beta for this event (known: ${Object.keys(power.betas.values).join(', ')})`,
            );
          }
        }
      }
    }
  });

  p.rails.forEach((r, i) => {
    r.components.forEach((c, j) => {
      if (!componentIds.includes(c))
        fail(`rails[${i}].components[${j}]`, `unknown component '${c}' (valid: ${componentIds.join(', ')})`);
    });
  });

  const modeIds = p.powerModes.map((m) => m.id);
  p.powerModes.forEach((m, i) => {
    if (modeIds.indexOf(m.id) !== i) fail(`powerModes[${i}].id`, `'${m.id}' is used twice`);
    for (const [unitId, limit] of Object.entries(m.limits)) {
      const unit = p.units.find((u) => u.id === unitId);
      if (!unit) fail(`powerModes[${i}].limits.${unitId}`, `unknown unit (valid: ${unitIds.join(', ')})`);
      else {
        if (limit.maxCores !== undefined && limit.maxCores > unit.cores) {
          fail(`powerModes[${i}].limits.${unitId}.maxCores`, `exceeds the unit's ${unit.cores} cores`);
        }
        if (limit.maxFreqMHz !== undefined && limit.maxFreqMHz < unit.opps.points[0]!.freqMHz) {
          fail(`powerModes[${i}].limits.${unitId}.maxFreqMHz`, "is below the unit's lowest operating point");
        }
      }
    }
  });
  if (p.powerModes.length === 0 && p.defaultPowerMode !== null)
    fail('defaultPowerMode', 'must be null when there are no power modes');
  if (p.powerModes.length > 0 && (p.defaultPowerMode === null || !modeIds.includes(p.defaultPowerMode))) {
    fail('defaultPowerMode', `must be one of ${modeIds.join(', ')}`);
  }

  if (p.runtime !== undefined && !p.units.some((u) => ownRuntimeOf(p, u) === p.runtime)) {
    fail('runtime', `no unit's perf describes ${p.runtime}, so no unit could run the DNN`);
  }

  const tripOrder = ascending(p.thermalTrips.map((t) => t.tempC));
  if (tripOrder >= 0) fail(`thermalTrips[${tripOrder}].tempC`, 'trips must be in strictly ascending temperature order');
  p.thermalTrips.forEach((t, i) => {
    for (const unitId of Object.keys(t.capsMHz)) {
      if (!unitIds.includes(unitId))
        fail(`thermalTrips[${i}].capsMHz.${unitId}`, `unknown unit (valid: ${unitIds.join(', ')})`);
    }
  });

  // A fitted polynomial can go negative between its data points; refuse a file where it does.
  const compiled = compilePlatform(p);
  compiled.units.forEach((cu, i) => {
    cu.freqs.forEach((f, j) => {
      if (!(cu.staticW[j]! >= 0))
        fail(`units[${i}].power`, `static power at ${f} MHz is ${cu.staticW[j]} W, not a non-negative number`);
      for (const kind of LOAD_KINDS) {
        if (!(cu.coreDynamicW[kind][j]! > 0)) {
          fail(
            `units[${i}].power`,
            `dynamic power of a busy core running ${kind} at ${f} MHz is ${cu.coreDynamicW[kind][j]} W, not positive`,
          );
        }
      }
    });
  });
  return p;
}
