/**
 * Where a run's anytime inferences stopped, against where the twin says they stop: for each
 * threshold and group limit the run used, the count of inferences that stopped at each g beside the
 * share of the network's measured images that stop there (dnn/anytimeProfile.ts), and the mean g of
 * each with the sampling error of the run's mean. The board's images are a seeded order of the same
 * test split, so the two should agree within a few standard errors; a workload that runs some other
 * data, or a cascade that decides otherwise, shows up here.
 */
import { anytimeProfileOf, stopDistribution } from '../dnn/anytimeProfile.js';
import type { Dnn } from '../dnn/types.js';
import type { TraceEvent } from '../sim/traceEvents.js';

/** One threshold and group limit of the run: where its inferences stopped, against the twin. */
export interface AnytimeStops {
  /** The confidence threshold. */
  threshold: number;
  /** The most groups an inference could run. */
  groupLimit: number;
  /** Inferences of the run with them. */
  inferences: number;
  /** Inferences of the run that stopped at g = 1..groupLimit (index g - 1). */
  measured: number[];
  /** The twin's share of images that stop at each g (null: the network has no measured images). */
  expected: number[] | null;
  /** The twin's top-1 of the answers given at this threshold and limit (null: no measured images). */
  expectedTop1: number | null;
  /**
   * The run's mean g; the twin's expected mean and the standard error of a mean over this many
   * inferences drawn from the twin's shares (null: no measured images).
   */
  meanGroups: { measured: number; expected: number | null; standardError: number | null };
}

/** One row per (threshold, group limit) the run's anytime inferences used, in the order first seen. */
export function anytimeStops(events: readonly TraceEvent[], dnn: Dnn): AnytimeStops[] {
  const rows = new Map<string, { threshold: number; groupLimit: number; counts: number[] }>();
  for (const e of events) {
    if (e.kind !== 'inference' || e.confidenceThreshold === undefined || e.groupLimit === undefined) continue;
    const key = `${e.confidenceThreshold}|${e.groupLimit}`;
    let row = rows.get(key);
    if (!row) {
      row = {
        threshold: e.confidenceThreshold,
        groupLimit: e.groupLimit,
        counts: new Array<number>(e.groupLimit).fill(0),
      };
      rows.set(key, row);
    }
    const g = Math.min(Math.max(1, e.groups), e.groupLimit);
    row.counts[g - 1]! += 1;
  }
  const profile = anytimeProfileOf(dnn);
  return [...rows.values()].map(({ threshold, groupLimit, counts }) => {
    const n = counts.reduce((a, b) => a + b, 0);
    const measured = counts.reduce((m, c, k) => m + c * (k + 1), 0) / n;
    if (profile === null)
      return {
        threshold,
        groupLimit,
        inferences: n,
        measured: counts,
        expected: null,
        expectedTop1: null,
        meanGroups: { measured, expected: null, standardError: null },
      };
    const { share, top1 } = stopDistribution(profile, threshold, groupLimit);
    const mean = share.reduce((m, p, k) => m + p * (k + 1), 0);
    const variance = share.reduce((v, p, k) => v + p * (k + 1 - mean) ** 2, 0);
    // The run's images are drawn from the same split: its mean g is a sample mean of this distribution.
    return {
      threshold,
      groupLimit,
      inferences: n,
      measured: counts,
      expected: share,
      expectedTop1: top1,
      meanGroups: { measured, expected: mean, standardError: Math.sqrt(variance / n) },
    };
  });
}
