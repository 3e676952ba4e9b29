/**
 * Static power of a cluster in Walker et al.'s Powmon form (IEEE TCAD 2017, reference/power-models.md):
 * static(f, V) = c0 + c1 f + c2 V + c3 f V + c4 V^2 + c5 f V^2 + c6 V^3 + c7 f V^3, f in MHz, V in volts.
 *
 * @param c the eight coefficients c0..c7
 * @returns watts
 */
export function powmonStaticW(c: readonly number[], freqMHz: number, voltageV: number): number {
  const f = freqMHz;
  const v = voltageV;
  const v2 = v * v;
  const v3 = v2 * v;
  return c[0]! + c[1]! * f + c[2]! * v + c[3]! * f * v + c[4]! * v2 + c[5]! * f * v2 + c[6]! * v3 + c[7]! * f * v3;
}
