/**
 * Policies compared on one scenario: energy per inference against the deadline miss rate, one point
 * per policy (lower left is better on both), and the rows of the metrics table the page shows beside.
 */
import type { Metrics } from '../../../sim/metrics.js';
import { drawn, FIGURE_CONFIG, slug, type Figure } from '../figure.js';

/** A trace's end event carries no wall-clock figures (traces are reproducible), so those are optional. */
export type ComparedMetrics = Omit<Metrics, 'decisionUs' | 'wallMs'> & Partial<Pick<Metrics, 'decisionUs' | 'wallMs'>>;

export interface PolicyRow {
  scenario: string;
  seed: number;
  policy: string;
  metrics: ComparedMetrics;
  /** The file the row came from. */
  source: string;
}

export function comparisonFigure(scenario: string, rows: readonly PolicyRow[]): Figure {
  const points = rows
    .filter((r) => r.metrics.deadlineMissRate !== null && r.metrics.energyPerInferenceMJ !== null)
    .map((r) => ({
      policy: r.policy,
      miss: drawn(100 * r.metrics.deadlineMissRate!),
      energy: drawn(r.metrics.energyPerInferenceMJ!),
      seed: r.seed,
    }));
  const missing = rows
    .filter((r) => r.metrics.deadlineMissRate === null || r.metrics.energyPerInferenceMJ === null)
    .map((r) => r.policy);
  const energies = points.length > 0 ? points.map((p) => p.energy) : [1];
  const encoding = {
    // Room right of the rightmost point for its name; misses start at 0.
    x: {
      field: 'miss',
      type: 'quantitative',
      title: 'deadline misses (%)',
      scale: { domain: [0, Math.min(100, Math.max(1, ...points.map((p) => p.miss)) * 1.25)], nice: true },
    },
    // +-10 % around the points: one policy alone still gets a readable axis.
    y: {
      field: 'energy',
      type: 'quantitative',
      title: 'energy per inference (mJ)',
      scale: { domain: [0.9 * Math.min(...energies), 1.1 * Math.max(...energies)], nice: true },
    },
  };
  return {
    id: slug('comparison', scenario),
    title: `Policies compared: ${scenario}`,
    caption: `One point per policy (${points.length}); lower left is better on both.${missing.length ? ` Not drawn (no inference or no request): ${missing.join(', ')}.` : ''}`,
    spec: {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      config: FIGURE_CONFIG,
      width: 420,
      height: 300,
      data: { values: points },
      encoding,
      layer: [
        {
          mark: { type: 'point', filled: true, size: 80 },
          encoding: {
            color: { field: 'policy', type: 'nominal', title: 'policy', scale: { scheme: 'tableau10' }, legend: null },
            tooltip: [
              { field: 'policy' },
              { field: 'miss', title: 'misses (%)' },
              { field: 'energy', title: 'mJ per inference' },
              { field: 'seed' },
            ],
          },
        },
        { mark: { type: 'text', align: 'left', dx: 7, dy: -7, fontSize: 11 }, encoding: { text: { field: 'policy' } } },
      ],
    } as Figure['spec'],
  };
}
