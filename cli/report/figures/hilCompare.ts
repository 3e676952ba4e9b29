/**
 * `hil compare --json`: per window of the run, the latency and the power the board measured against
 * what the twin predicts for the same configurations and co-runners.
 */
import type { CompareJson } from '../../outputTypes.js';
import { drawn, FIGURE_CONFIG, PLOT_WIDTH, slug, type Figure } from '../figure.js';

export function hilCompareFigure(c: CompareJson, label: string): Figure {
  const rows = c.windows.flatMap((w) => [
    {
      t: (w.startS + w.endS) / 2,
      quantity: 'latency',
      source: 'run (measured)',
      v: w.measuredLatencyMs === null ? null : drawn(w.measuredLatencyMs),
    },
    {
      t: (w.startS + w.endS) / 2,
      quantity: 'latency',
      source: 'twin (predicted)',
      v: w.predictedLatencyMs === null ? null : drawn(w.predictedLatencyMs),
    },
    {
      t: (w.startS + w.endS) / 2,
      quantity: 'power',
      source: 'run (measured)',
      v: w.measuredPowerW === null ? null : drawn(w.measuredPowerW),
    },
    {
      t: (w.startS + w.endS) / 2,
      quantity: 'power',
      source: 'twin (predicted)',
      v: w.predictedPowerW === null ? null : drawn(w.predictedPowerW),
    },
  ]);
  const panel = (quantity: string, title: string) => ({
    width: PLOT_WIDTH,
    height: 140,
    transform: [{ filter: `datum.quantity === '${quantity}' && datum.v !== null` }],
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: 't', type: 'quantitative', title: 'time (s), window midpoints' },
      y: { field: 'v', type: 'quantitative', title, scale: { zero: false } },
      color: {
        field: 'source',
        type: 'nominal',
        title: 'source',
        scale: { domain: ['run (measured)', 'twin (predicted)'], range: ['#d62728', '#1f77b4'] },
      },
      tooltip: [{ field: 't', title: 'window middle (s)' }, { field: 'source' }, { field: 'v', title }],
    },
  });
  const pct = (x: number | undefined | null) => (x === undefined || x === null ? 'n/a' : `${x.toFixed(1)} %`);
  return {
    id: slug('hil-compare', label),
    title: `Twin against the board: ${c.scenario} under ${c.policy}`,
    caption: `Per window (${c.windows.length}): mean latency and mean power the run measured against the twin's prediction for the same configurations and co-runners. Overall MAPE: latency ${pct(c.latency?.mape)}, energy ${pct(c.energy?.mape)}, power ${pct(c.powerAccuracy?.mape)}${c.power === 'modelled' ? ' (power was modelled on this board, not measured: not compared)' : ''}.`,
    spec: {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      config: FIGURE_CONFIG,
      data: { values: rows },
      vconcat: [panel('latency', 'mean latency (ms)'), panel('power', 'mean power (W)')],
    } as Figure['spec'],
  };
}
