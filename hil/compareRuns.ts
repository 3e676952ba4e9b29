/**
 * The null test's comparison: the same scenario and policy, once in the twin and once on a board
 * (an emulated board should agree up to the wall clock's jitter; any other difference is a bug in
 * one of the two). Inferences are paired in order; decisions as the sequence of configurations put
 * in force; and the overall metrics side by side.
 */
import { median } from 'simple-statistics';
import type { Configuration } from '../models/types.js';
import { sameConfig } from '../policies/sameConfig.js';
import { ofKind, type TraceEvent } from '../sim/traceEvents.js';
import { differencePct, meanOrNull } from './pairedStatistics.js';

/**
 * How far the same scenario and policy agree, run in the twin and on a board (the null test). In each
 * pair of figures, `twin` and `board` are that run's value.
 */
export interface RunAgreement {
  /** Inferences in each run, and how many pairs were compared. */
  inferences: { twin: number; board: number; paired: number };
  /** Paired inferences that ran the same groups on the same unit, cores and clock. */
  sameConfiguration: number;
  /** Mean latency of each run, ms, and the board's relative difference, %. */
  meanLatencyMs: { twin: number | null; board: number | null; differencePct: number | null };
  /**
   * Mean DNN time (service) of the paired inferences with the same configuration, and the median
   * and largest relative difference, % (an inference that ran across a change made at another time
   * on the wall clock differs; the median says what the typical one does).
   */
  serviceMs: {
    twin: number | null;
    board: number | null;
    medianDifferencePct: number | null;
    maxDifferencePct: number | null;
  };
  /** Energy per inference of each run (its end event's metrics), mJ, and the board's relative difference, %. */
  energyPerInferenceMJ: { twin: number | null; board: number | null; differencePct: number | null };
  /** The median relative difference of the energy of paired inferences that ran alike, %. */
  alikeEnergyMedianDifferencePct: number | null;
  /** Deadline-miss rates, and the board's difference in points. */
  deadlineMissRate: { twin: number | null; board: number | null; differencePoints: number | null };
  /**
   * The configurations each run put in force, in order (repeats removed): how many, how long a
   * prefix they share, and how far apart in time the shared ones were applied (wall-clock jitter).
   */
  decisions: {
    twin: number;
    board: number;
    samePrefix: number;
    identical: boolean;
    maxShiftMs: number | null;
    medianShiftMs: number | null;
  };
  /**
   * The share of the run during which both had the same configuration in force, %: decisions that
   * differ only by when the wall clock let them happen cost little of it.
   */
  sameConfigurationTimePct: number | null;
}

/** The configurations put in force, with when, consecutive repeats dropped. */
function applied(events: readonly TraceEvent[]): { t: number; config: Configuration }[] {
  const out: { t: number; config: Configuration }[] = [];
  for (const a of ofKind(events, 'apply')) {
    if (out.length > 0 && sameConfig(out.at(-1)!.config, a.config)) continue;
    out.push({ t: a.t, config: a.config });
  }
  return out;
}

function metric(events: readonly TraceEvent[], name: string): number | null {
  const end = ofKind(events, 'end')[0];
  const value = end?.metrics[name];
  return typeof value === 'number' ? value : null;
}

/** The median, or null for no values (simple-statistics throws on an empty list). */
function medianOrNull(xs: number[]): number | null {
  return xs.length === 0 ? null : median(xs);
}

/** How long, up to endMs, two timelines of configurations put in force had the same one (before the first change: the same start). */
function sameTimeMs(
  a: readonly { t: number; config: Configuration }[],
  b: readonly { t: number; config: Configuration }[],
  endMs: number,
): number {
  const cuts = [...new Set([0, ...a.map((x) => x.t), ...b.map((x) => x.t), endMs])]
    .filter((t) => t <= endMs)
    .sort((x, y) => x - y);
  const at = (line: readonly { t: number; config: Configuration }[], t: number) => {
    let current: Configuration | null = null;
    for (const x of line) if (x.t <= t) current = x.config;
    return current;
  };
  let same = 0;
  for (let i = 0; i + 1 < cuts.length; i++) {
    const x = at(a, cuts[i]!);
    const y = at(b, cuts[i]!);
    if ((x === null && y === null) || (x !== null && y !== null && sameConfig(x, y))) same += cuts[i + 1]! - cuts[i]!;
  }
  return same;
}

/** Compares a twin's trace with a board's of the same scenario and policy. */
export function compareRuns(twin: readonly TraceEvent[], board: readonly TraceEvent[]): RunAgreement {
  const a = ofKind(twin, 'inference');
  const b = ofKind(board, 'inference');
  const n = Math.min(a.length, b.length);
  let same = 0;
  const serviceA: number[] = [];
  const serviceB: number[] = [];
  let maxDiff = 0;
  const diffs: number[] = [];
  const energyDiffs: number[] = [];
  for (let i = 0; i < n; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x.groups !== y.groups || x.unit !== y.unit || x.cores !== y.cores || x.freqMHz !== y.freqMHz) continue;
    same++;
    serviceA.push(x.serviceMs);
    serviceB.push(y.serviceMs);
    const diff = Math.abs(y.serviceMs - x.serviceMs) / x.serviceMs;
    diffs.push(diff);
    if (x.energyMJ > 0) energyDiffs.push(Math.abs(y.energyMJ - x.energyMJ) / x.energyMJ);
    maxDiff = Math.max(maxDiff, diff);
  }
  const da = applied(twin);
  const db = applied(board);
  let prefix = 0;
  while (prefix < da.length && prefix < db.length && sameConfig(da[prefix]!.config, db[prefix]!.config)) prefix++;
  const shifts = da.slice(0, prefix).map((d, i) => Math.abs(db[i]!.t - d.t));
  const latencyA = meanOrNull(a.map((e) => e.latencyMs));
  const latencyB = meanOrNull(b.map((e) => e.latencyMs));
  const energyA = metric(twin, 'energyPerInferenceMJ');
  const energyB = metric(board, 'energyPerInferenceMJ');
  const missA = metric(twin, 'deadlineMissRate');
  const missB = metric(board, 'deadlineMissRate');
  const endMs = Math.min(...[twin, board].map((events) => ofKind(events, 'end')[0]?.t ?? 0));
  return {
    sameConfigurationTimePct: endMs > 0 ? (100 * sameTimeMs(da, db, endMs)) / endMs : null,
    inferences: { twin: a.length, board: b.length, paired: n },
    sameConfiguration: same,
    meanLatencyMs: { twin: latencyA, board: latencyB, differencePct: differencePct(latencyB, latencyA) },
    serviceMs: {
      twin: meanOrNull(serviceA),
      board: meanOrNull(serviceB),
      medianDifferencePct: same > 0 ? 100 * medianOrNull(diffs)! : null,
      maxDifferencePct: same > 0 ? 100 * maxDiff : null,
    },
    energyPerInferenceMJ: { twin: energyA, board: energyB, differencePct: differencePct(energyB, energyA) },
    alikeEnergyMedianDifferencePct: energyDiffs.length > 0 ? 100 * medianOrNull(energyDiffs)! : null,
    deadlineMissRate: {
      twin: missA,
      board: missB,
      differencePoints: missA === null || missB === null ? null : 100 * (missB - missA),
    },
    decisions: {
      twin: da.length,
      board: db.length,
      samePrefix: prefix,
      identical: prefix === da.length && prefix === db.length,
      maxShiftMs: shifts.length > 0 ? Math.max(...shifts) : null,
      medianShiftMs: medianOrNull(shifts),
    },
  };
}
