/**
 * The supply voltage the power model should use at a frequency.
 *
 * Powmon was fitted with voltages measured on a real XU3, which sit below the device tree's targets
 * (reference/boards.md). Inside the measured range we interpolate the measured points linearly;
 * outside it we scale the DT target by the measured/DT ratio at the nearest measured point, so the
 * DT table's shape carries the curve where no measurement exists.
 */
import type { VoltagePoint } from './types.js';

/**
 * The supply voltage the power model uses at a frequency: measured points interpolated inside their
 * range, the device tree's target scaled by the nearest measured ratio outside it.
 *
 * @param points - measured (freqMHz, voltageV) points, ascending
 * @param dtVoltageV - the DT target at freqMHz, or null when unknown
 * @param dtAt - the DT target at a given frequency (for the ratio at the nearest measured point)
 * @throws Error when no measured point is given
 */
export function powerVoltage(
  points: readonly VoltagePoint[],
  freqMHz: number,
  dtVoltageV: number | null,
  dtAt: (freqMHz: number) => number | null,
): number {
  const first = points[0];
  const last = points[points.length - 1];
  if (!first || !last) throw new Error('powerVoltage needs at least one measured point');
  if (freqMHz < first.freqMHz || freqMHz > last.freqMHz) {
    const nearest = freqMHz < first.freqMHz ? first : last;
    const dtNearest = dtAt(nearest.freqMHz);
    if (dtVoltageV === null || dtNearest === null) return nearest.voltageV;
    return dtVoltageV * (nearest.voltageV / dtNearest);
  }
  for (let i = 1; i < points.length; i++) {
    const lo = points[i - 1]!;
    const hi = points[i]!;
    if (freqMHz <= hi.freqMHz) {
      const w = (freqMHz - lo.freqMHz) / (hi.freqMHz - lo.freqMHz);
      return lo.voltageV + w * (hi.voltageV - lo.voltageV);
    }
  }
  return last.voltageV;
}
