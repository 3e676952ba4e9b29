/**
 * A calibration (`calibrate --json`): per unit, every measured configuration's time as the fit that
 * held it out predicted it, against the median of its measurements, with y = x and the +-10 % band.
 */
import type { ValidationPoint } from '../../../calibration/calibrate.js';
import type { CalibrateJson } from '../../outputTypes.js';
import { drawn, FIGURE_CONFIG, slug, type Figure } from '../figure.js';

function pointRows(points: readonly ValidationPoint[], set: string) {
  return points.map((p) => ({
    set,
    unit: p.unit,
    measured: drawn(p.timeMs.measured),
    predicted: drawn(p.timeMs.predicted),
    config: `${p.groups} groups on ${p.unit} x${p.cores} at ${p.freqMHz} MHz${p.busyCores ? `, ${p.busyCores} cores busy` : ''} (${p.repeats} measured)`,
  }));
}

export function calibrationFigure(c: CalibrateJson, label: string): Figure {
  const rows = [
    ...pointRows(c.validation.points, 'cross-validated'),
    ...pointRows(c.validation.holdout?.points ?? [], 'held-out file'),
  ];
  const values = rows.flatMap((r) => [r.measured, r.predicted]).filter((v) => v > 0);
  const lo = Math.min(...values) / 1.2;
  const hi = Math.max(...values) * 1.2;
  // The band in measured units: predicted within +-10 % of measured.
  const band = [lo, Math.sqrt(lo * hi), hi].map((m) => ({ m, low: 0.9 * m, high: 1.1 * m }));
  const units = [...new Set(rows.map((r) => r.unit))];
  const within = (u: string) => c.validation.perUnit[u]?.configurationTime?.within10;
  return {
    id: slug('calibration', label),
    title: `Calibration: ${c.platform}, ${c.dnn}`,
    caption: `Time per inference, one point per measured configuration (median of its repeats), predicted by the fold that did not see it (${c.validation.folds}-fold)${c.validation.holdout ? ' and, for the held-out file, by the final fit' : ''}; the band is +-10 %. Within +-10 %: ${units.map((u) => `${u} ${within(u) === undefined ? 'n/a' : `${(100 * within(u)!).toFixed(0)} %`}`).join(', ')}.`,
    spec: {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      config: FIGURE_CONFIG,
      facet: {
        column: { field: 'unit', type: 'nominal', title: null, header: { labelFontSize: 13, labelFontWeight: 'bold' } },
      },
      data: { values: rows },
      resolve: { scale: { x: 'independent', y: 'independent' } },
      spec: {
        width: 280,
        height: 280,
        layer: [
          {
            data: { values: band },
            mark: { type: 'area', color: '#2ca02c', opacity: 0.3 },
            encoding: {
              x: { field: 'm', type: 'quantitative', scale: { type: 'log', nice: false } },
              y: { field: 'low', type: 'quantitative', scale: { type: 'log', nice: false } },
              y2: { field: 'high' },
            },
          },
          {
            data: { values: band },
            mark: { type: 'line', color: '#2ca02c', strokeDash: [4, 3] },
            encoding: { x: { field: 'm', type: 'quantitative' }, y: { field: 'm', type: 'quantitative' } },
          },
          {
            mark: { type: 'point', filled: true, size: 30 },
            encoding: {
              x: {
                field: 'measured',
                type: 'quantitative',
                title: 'measured time (ms)',
                scale: { type: 'log', nice: false },
              },
              y: {
                field: 'predicted',
                type: 'quantitative',
                title: 'predicted time (ms)',
                scale: { type: 'log', nice: false },
              },
              color: { field: 'set', type: 'nominal', title: 'prediction' },
              tooltip: [
                { field: 'config', title: 'configuration' },
                { field: 'measured', title: 'measured (ms)' },
                { field: 'predicted', title: 'predicted (ms)' },
              ],
            },
          },
        ],
      },
    } as Figure['spec'],
  };
}
