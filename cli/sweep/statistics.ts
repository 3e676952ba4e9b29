/**
 * The statistics of `sweep summary`: the Student t distribution (for confidence intervals over seeds)
 * and Welch's unequal-variance t-test (for "is the best policy really better than the runner-up").
 * simple-statistics gives the mean, the sample variance, ln Gamma and the root finder; it has no t
 * distribution, so the CDF is the regularised incomplete beta function (a continued fraction, Lentz's
 * method, as in Numerical Recipes' betacf) and the quantile its root by bisection.
 */
import { bisect, gammaln, mean, sampleVariance } from 'simple-statistics';

/** Confidence level of the intervals, and 1 - the significance level of the test. */
export const CONFIDENCE = 0.95;
export const ALPHA = 1 - CONFIDENCE;

/** Continued fraction of the incomplete beta function (modified Lentz). */
function betaContinuedFraction(a: number, b: number, x: number): number {
  const tiny = 1e-300;
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 300; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const step = d * c;
    h *= step;
    if (Math.abs(step - 1) < 1e-15) break;
  }
  return h;
}

/** The regularised incomplete beta function I_x(a, b), a, b > 0, 0 <= x <= 1. */
export function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(gammaln(a + b) - gammaln(a) - gammaln(b) + a * Math.log(x) + b * Math.log(1 - x));
  return x < (a + 1) / (a + b + 2)
    ? (front * betaContinuedFraction(a, b, x)) / a
    : 1 - (front * betaContinuedFraction(b, a, 1 - x)) / b;
}

/** P(T <= t) for Student's t with df degrees of freedom (df > 0, not necessarily whole). */
export function studentTCdf(t: number, df: number): number {
  if (t === Infinity) return 1;
  if (t === -Infinity) return 0;
  const tail = 0.5 * incompleteBeta(df / (df + t * t), df / 2, 0.5);
  return t > 0 ? 1 - tail : tail;
}

/** The t with P(T <= t) = p, for 0.5 <= p < 1. */
export function studentTQuantile(p: number, df: number): number {
  if (!(p >= 0.5 && p < 1)) throw new RangeError(`quantile ${p} must be in [0.5, 1)`);
  if (p === 0.5) return 0;
  let high = 1;
  while (studentTCdf(high, df) < p) high *= 2;
  return bisect((t: number) => studentTCdf(t, df) - p, 0, high, 200, 1e-12);
}

export interface MeanInterval {
  /** Values counted (nulls left out). */
  n: number;
  mean: number | null;
  /** Half-width of the two-sided CONFIDENCE interval: t(1 - ALPHA/2, n - 1) x s / sqrt(n); null below 2 values. */
  halfWidth: number | null;
}

/** The mean of the values that are not null, with a Student t confidence interval. */
export function meanInterval(values: readonly (number | null)[]): MeanInterval {
  const xs = values.filter((v): v is number => v !== null && Number.isFinite(v));
  if (xs.length === 0) return { n: 0, mean: null, halfWidth: null };
  const m = mean(xs);
  if (xs.length < 2) return { n: xs.length, mean: m, halfWidth: null };
  const halfWidth = studentTQuantile(1 - ALPHA / 2, xs.length - 1) * Math.sqrt(sampleVariance(xs) / xs.length);
  return { n: xs.length, mean: m, halfWidth };
}

export interface WelchResult {
  t: number;
  /** Welch-Satterthwaite degrees of freedom. */
  df: number;
  /** Two-sided p-value. */
  p: number;
}

/**
 * Welch's two-sample t-test, two-sided: t = (mean a - mean b) / sqrt(va/na + vb/nb), df by
 * Welch-Satterthwaite. Two samples with no spread at all (every seed gave the same value) have p 0
 * when their means differ and 1 when they agree.
 *
 * @returns null when either sample has fewer than 2 values
 */
export function welchTTest(a: readonly number[], b: readonly number[]): WelchResult | null {
  if (a.length < 2 || b.length < 2) return null;
  const ma = mean([...a]);
  const mb = mean([...b]);
  const qa = sampleVariance([...a]) / a.length;
  const qb = sampleVariance([...b]) / b.length;
  const se2 = qa + qb;
  if (se2 === 0)
    return { t: ma === mb ? 0 : Math.sign(ma - mb) * Infinity, df: a.length + b.length - 2, p: ma === mb ? 1 : 0 };
  const t = (ma - mb) / Math.sqrt(se2);
  const df = (se2 * se2) / ((qa * qa) / (a.length - 1) + (qb * qb) / (b.length - 1));
  return { t, df, p: incompleteBeta(df / (df + t * t), df / 2, 0.5) };
}
