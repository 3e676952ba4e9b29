/**
 * Fits a platform to measurements: each measured unit's time parameters (fitTime), then, with those in
 * place, the scale of its static and dynamic power where a rail measures the unit alone. The Powmon
 * form keeps its published shape: the static polynomial and the betas are scaled (the per-event
 * split cannot be identified from power alone); the CMOS form's static power and per-core power are
 * scaled. The result is a checked platform of the same schema, every fitted block marked with its
 * calibration provenance; blocks the data does not touch keep theirs.
 */
import type { Dnn } from '../dnn/types.js';
import { checkPlatform } from '../models/checkPlatform.js';
import type { CalibrationInfo, PerfParams, Platform, Provenance } from '../models/types.js';
import { fitTime, P_AND_K_INSEPARABLE, type FittedTime } from './fitTime.js';
import { nonNegativeLeastSquares } from './leastSquares.js';
import { dedicatedRail, predictRow } from './predictRow.js';
import { KINDS } from './timeFeatures.js';
import type { Measurement } from './types.js';

/** The power fit of one unit, from its own rail. */
export interface FittedPower {
  /** The rail. */
  rail: string;
  /** Measured / modelled static power. */
  staticScale: number;
  /** Measured / modelled dynamic power (DNN and co-workloads). */
  dynamicScale: number;
  /** Rows used. */
  rows: number;
}

/** One unit's fit: time (null when unmeasured) and power (null without a rail of its own). */
export interface UnitFit {
  unit: string;
  time: FittedTime | null;
  power: FittedPower | null;
}

/** What the fitted blocks' calibration provenance records. */
export interface FitProvenance {
  /** SHA-256 of the measurements file. */
  dataSha256: string;
  /** The calibration's date, ISO (YYYY-MM-DD). */
  date: string;
  /** Cross-validated time MAPE per unit (null while folds are being fitted). */
  timeMapePct?: Record<string, number | null>;
  /** Cross-validated power MAPE per unit. */
  powerMapePct?: Record<string, number | null>;
}

function calibrated(block: Provenance, info: CalibrationInfo): void {
  delete block.source;
  delete block.prior;
  block.calibration = info;
}

/**
 * Fits each measured unit's time parameters, then where a rail measures the unit alone, the scale
 * of its static and dynamic power; blocks the data does not touch keep their provenance.
 *
 * @returns the fitted, checked platform and each measured unit's fit
 */
export function fitPlatform(
  platform: Platform,
  dnn: Dnn,
  rows: readonly Measurement[],
  provenance: FitProvenance,
): { platform: Platform; fits: UnitFit[] } {
  const fitted = structuredClone(platform) as Platform;
  const fits: UnitFit[] = [];
  for (const unit of fitted.units) {
    const unitRows = rows.filter((r) => r.unit === unit.id);
    if (unitRows.length === 0) continue;
    const time = fitTime(unit, dnn, unitRows);
    for (const kind of KINDS) {
      const k = time.kinds[kind];
      if (!k) continue;
      const perf: PerfParams = {
        workPerCycle: k.workPerCycle,
        parallelFraction: k.parallelFraction,
        bandwidthGBs: k.bandwidthGBs,
        overheadMs: k.overheadMs,
        ...(k.contention > 0 ? { contention: k.contention } : {}),
      };
      const unidentified = [
        !k.identified.compute && 'MACs per cycle and parallel fraction',
        !k.identified.bandwidth && 'bandwidth',
      ].filter(Boolean);
      calibrated(perf, {
        dataSha256: provenance.dataSha256,
        date: provenance.date,
        rows: time.rows,
        mapePct: provenance.timeMapePct?.[unit.id] ?? null,
        note: [
          `time of ${kind} layers${platform.runtime ? ` on ${platform.runtime}` : ''}${time.tied ? ' (one parameter set for every layer kind: only whole inferences were measured)' : ''}`,
          k.bandwidthGBs === null &&
            'the per-byte term fitted to zero (bytes not separable from the work in this data), so no bandwidth: memory pressure has no effect with this file',
          unit.kind !== 'gpu' && k.identified.compute && !k.identified.contention && P_AND_K_INSEPARABLE,
          unidentified.length > 0 && `${unidentified.join(' and ')} not identified by the data, kept from the prior`,
        ]
          .filter(Boolean)
          .join('; '),
      });
      unit.perf[kind] = perf;
    }
    fits.push({ unit: unit.id, time, power: null });
  }

  // Power, on the platform with the fitted times.
  const timed = checkPlatform(structuredClone(fitted), `calibrated ${platform.id}`);
  for (const fit of fits) {
    const rail = dedicatedRail(timed, fit.unit);
    if (!rail) continue;
    const powerRows = rows.filter(
      (r) => r.unit === fit.unit && r.layer === null && r.powerW[rail] !== null && r.powerW[rail] !== undefined,
    );
    if (powerRows.length === 0) continue;
    const x: number[][] = [];
    const y: number[] = [];
    for (const r of powerRows) {
      const p = predictRow(timed, dnn, r);
      x.push([p.unitStaticW, p.unitW - p.unitStaticW]);
      y.push(r.powerW[rail]!);
    }
    const { coefficients } = nonNegativeLeastSquares(
      x,
      y,
      y.map((w) => 1 / (w * w)),
    );
    const [staticScale, dynamicScale] = coefficients as [number, number];
    if (!(dynamicScale > 0)) continue; // a unit whose dynamic power vanished cannot be right: keep the prior
    fit.power = { rail, staticScale, dynamicScale, rows: powerRows.length };
    const unit = fitted.units.find((u) => u.id === fit.unit)!;
    const info: CalibrationInfo = {
      dataSha256: provenance.dataSha256,
      date: provenance.date,
      rows: powerRows.length,
      mapePct: provenance.powerMapePct?.[unit.id] ?? null,
      note: `power on rail ${rail}: static x ${staticScale.toPrecision(4)}, dynamic x ${dynamicScale.toPrecision(4)} of the previous model`,
    };
    if (unit.power.form === 'powmon') {
      unit.power.static.coefficients = unit.power.static.coefficients.map((c) => c * staticScale);
      unit.power.betas.values = Object.fromEntries(
        Object.entries(unit.power.betas.values).map(([e, b]) => [e, b * dynamicScale]),
      );
      calibrated(unit.power.static, info);
      calibrated(unit.power.betas, info);
    } else {
      unit.power.staticW.value *= staticScale;
      unit.power.dynamic.coreWAtRef *= dynamicScale;
      calibrated(unit.power.staticW, info);
      calibrated(unit.power.dynamic, info);
    }
  }
  return { platform: checkPlatform(fitted, `calibrated ${platform.id}`), fits };
}
