/**
 * The twin against Powmon's A15 table (calibration/powmon/powmonTable.ts; the format is documented in
 * data/public/powmon-xu3-a15/SOURCE.md): the power of the platform's Powmon-form unit for each run,
 * at the run's measured clock, voltage, temperature and cycle rate, with the events per cycle the
 * twin gives a co-workload (it knows nothing else of a program it does not run).
 */
import { InputError } from '../../dnn/inputError.js';
import type { Platform } from '../../models/types.js';
import { clusterDynamicW, clusterStaticW, ratesAt, unitPowmonModel } from '../powmon/clusterPowerW.js';
import type { PowmonRow } from '../powmon/powmonTable.js';
import type { ValidationPair } from './types.js';

/** The unit a Powmon A15 table measures. */
export const POWMON_UNIT = 'a15';

/**
 * One power pair per run of a Powmon A15 table: the twin's a15 unit against the measured watts.
 *
 * @throws InputError when the platform has no a15 unit with power in the Powmon form
 */
export function powmonPairs(platform: Platform, rows: readonly PowmonRow[]): ValidationPair[] {
  const unit = platform.units.find((u) => u.id === POWMON_UNIT);
  const model = unit ? unitPowmonModel(unit) : null;
  if (!unit || !model || unit.power.form !== 'powmon') {
    throw new InputError(
      `a Powmon A15 table needs a unit ${POWMON_UNIT} with power in the Powmon form; ${platform.id} has ${unit ? `${POWMON_UNIT} in the ${unit.power.form} form` : `no unit ${POWMON_UNIT}`}`,
    );
  }
  const given = unit.power.eventsPerCycle.coworkload.values;
  // An event with a beta but no events per cycle counts zero, as compilePlatform counts it.
  const epc = Object.fromEntries(Object.keys(model.betas).map((e) => [e, given[e] ?? 0]));
  return rows.map((r) => ({
    line: r.line,
    unit: unit.id,
    // Power does not depend on the inference runtime.
    runtime: null,
    quantity: 'power',
    label: `${r.workload} ${r.freqMHz} MHz ${r.threads} thread${r.threads === 1 ? '' : 's'}`,
    predicted:
      clusterStaticW(model, r.freqMHz, r.voltageV, r.temperatureC) +
      clusterDynamicW(model, r.voltageV, ratesAt(epc, r.rates.cycles)),
    measured: r.powerW,
  }));
}
