/**
 * The columns a run's metrics are shown in, the same in `simulate`'s table and the report's comparison:
 * one place for their names and formats.
 */
import type { Metrics } from '../sim/metrics.js';
import { fixed } from './table.js';

/** The metrics both tables show (the report's come from traces, without the wall-clock fields). */
export type ShownMetrics = Omit<Metrics, 'wallMs' | 'decisionUs'>;

/** The column headers, in order. */
export const METRIC_HEADERS = [
  'inferences',
  'miss %',
  'p50 ms',
  'p95 ms',
  'p99 ms',
  'mJ/inf',
  'avg W',
  'peak W',
  'over cap %',
  'groups',
  'top-1',
  'conf.',
  'reconf',
] as const;

/**
 * One run's cells under METRIC_HEADERS; a share without a value (no cap, no requests) is `missing`.
 *
 * @param missing - what an absent share shows as (the terminal table leaves it empty, the page a dash)
 */
export function metricCells(m: ShownMetrics, missing: string | null): (string | number | null)[] {
  const pct = (x: number | null) => (x === null ? missing : (100 * x).toFixed(1));
  return [
    m.inferences,
    pct(m.deadlineMissRate),
    fixed(m.latencyMs.p50, 2),
    fixed(m.latencyMs.p95, 2),
    fixed(m.latencyMs.p99, 2),
    fixed(m.energyPerInferenceMJ, 2),
    fixed(m.avgPowerW, 3),
    fixed(m.peakPowerW, 3),
    pct(m.overPowerCapFraction),
    fixed(m.meanGroups, 2),
    m.meanAccuracy === null ? 'unmeasured' : fixed(m.meanAccuracy, 3),
    // Traces written before confidence was measured carry no meanConfidence.
    m.meanConfidence === null || m.meanConfidence === undefined ? 'unmeasured' : fixed(m.meanConfidence, 3),
    m.reconfigurations,
  ];
}
