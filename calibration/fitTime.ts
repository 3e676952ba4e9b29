/**
 * Fits the time parameters of one unit (per layer kind: MACs per cycle, parallel fraction, memory
 * bandwidth, overhead, thread contention) by non-negative least squares on the model's linear form, minimising relative
 * error (each row weighted by 1 / t^2, so a 0.1 ms layer counts as much as a 30 ms inference).
 *
 * Per-layer rows separate the kinds; when a unit has only whole-inference rows the kinds cannot be
 * told apart, so one set of parameters is fitted for all of them ("tied"). A parameter the data
 * cannot identify (no memory signal, a kind never measured) keeps its prior, and the report says so.
 */
import type { Dnn, LayerKind } from '../dnn/types.js';
import type { PerfParams, Unit } from '../models/types.js';
import { nonNegativeLeastSquares } from './leastSquares.js';
import { KINDS, rowFeatures, TERMS } from './timeFeatures.js';
import type { Measurement } from './types.js';

/** The time parameters fitted for one layer kind (see PerfParams). */
export interface FittedKind {
  /** eta. */
  workPerCycle: number;
  /** p. */
  parallelFraction: number;
  /** null: the byte term was measured and pinned at zero (no memory-bound time in the data). */
  bandwidthGBs: number | null;
  /** c, ms. */
  overheadMs: number;
  /** k: what each thread beyond the first adds, as a share of the one-thread time (0: none found). */
  contention: number;
  /**
   * Which were identified by the data (the rest are the prior's). Contention and the parallel
   * fraction are told apart only by three or more core counts: with two, their two-thread effect is
   * fitted with one of them at 0, whichever fits better, and contention reads as not identified.
   */
  identified: { compute: boolean; bandwidth: boolean; overhead: boolean; contention: boolean };
}

/** One unit's time fit. */
export interface FittedTime {
  unit: string;
  /** One parameter set for every kind (only whole-inference rows). */
  tied: boolean;
  /** Rows used. */
  rows: number;
  /** Per layer kind fitted. */
  kinds: Partial<Record<LayerKind, FittedKind>>;
}

/** Beyond any memory system's bandwidth, GB/s: a fitted byte term implying more is taken as zero. */
const MAX_BANDWIDTH_GBS = 1e4;

function fromCoefficients(
  a: readonly number[],
  prior: PerfParams,
  gpu: boolean,
  bytesMeasured: boolean,
  threadsMeasured: boolean,
  threadsSeparable: boolean,
): FittedKind {
  const [a1, a2, a3, c, a5] = a as [number, number, number, number, number];
  const compute = a1 + a2 > 0;
  return {
    workPerCycle: compute ? 1 / (a1 + a2) : prior.workPerCycle,
    parallelFraction: compute && !gpu ? a2 / (a1 + a2) : prior.parallelFraction,
    // A byte term the data saw and the fit pinned at zero is a finding (the time is all compute and
    // overhead), not a gap: keeping the prior would predict memory time the fit did not have.
    // A byte term so small that its bandwidth would pass any memory system's (10 TB/s; HBM3 moves about
    // 3) is the solver's rounding, not a bandwidth: zero, as above.
    bandwidthGBs: a3 > 1 / MAX_BANDWIDTH_GBS ? 1 / a3 : bytesMeasured ? null : prior.bandwidthGBs,
    overheadMs: c,
    // a5 = k / eta; k keeps the prior's value (absent: 0) when no row ran on several threads.
    contention: compute && threadsMeasured && !gpu ? a5 * (1 / (a1 + a2)) : (prior.contention ?? 0),
    identified: { compute, bandwidth: bytesMeasured, overhead: true, contention: compute && threadsSeparable && !gpu },
  };
}

/** Said of a fit where fewer than three core counts leave p and k inseparable (calibrated notes, the CLI). */
export const P_AND_K_INSEPARABLE =
  'parallel fraction and contention are told apart only by three or more core counts: with fewer, one of them is 0 and their effect on the measured counts is fitted';

/** Fits one unit from its rows (all rows must be of that unit and network). */
export function fitTime(unit: Unit, dnn: Dnn, rows: readonly Measurement[]): FittedTime {
  const layered = rows.filter((r) => r.layer !== null);
  const tied = layered.length === 0;
  const used = tied ? rows : layered;
  const x = used.map((r) => rowFeatures(unit, dnn, r, tied));
  const y = used.map((r) => r.timeMs);
  const weights = y.map((t) => 1 / (t * t));
  // With one or two core counts, W, W/n and W(n - 1) are linearly dependent (over n = 1, 2: the first is
  // the second plus half the third), so p and k cannot be split: fit with each pinned at 0, keep the
  // better. Both give the same times on the measured core counts.
  const coreCounts = new Set(used.map((r) => r.cores)).size;
  const separable = coreCounts >= 3;
  const columnsOf = (term: number) => (tied ? [term] : KINDS.map((_, k) => TERMS * k + term));
  const fitWithout = (pinned: readonly number[]) => {
    const xs = x.map((row) => row.map((v, j) => (pinned.includes(j) ? 0 : v)));
    const { coefficients } = nonNegativeLeastSquares(xs, y, weights);
    const sse = xs.reduce(
      (sum, row, i) => sum + weights[i]! * (row.reduce((t, v, j) => t + v * coefficients[j]!, 0) - y[i]!) ** 2,
      0,
    );
    return { coefficients, sse };
  };
  const { coefficients } = separable
    ? fitWithout([])
    : [fitWithout(columnsOf(4)), fitWithout(columnsOf(1))].reduce((a, b) => (b.sse < a.sse ? b : a));
  const kinds: Partial<Record<LayerKind, FittedKind>> = {};
  KINDS.forEach((kind, k) => {
    const offset = tied ? 0 : TERMS * k;
    const block = coefficients.slice(offset, offset + TERMS);
    const measured = tied ? used.length > 0 : x.some((row) => row.slice(offset, offset + TERMS).some((v) => v !== 0));
    if (measured)
      kinds[kind] = fromCoefficients(
        block,
        unit.perf[kind],
        unit.kind === 'gpu',
        x.some((row) => row[offset + 2] !== 0),
        x.some((row) => row[offset + 4] !== 0),
        separable,
      );
  });
  return { unit: unit.id, tied, rows: used.length, kinds };
}
