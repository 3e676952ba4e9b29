/**
 * A validation (`validate --json`): per quantity, every value the twin predicted against the one
 * measured, on log-log axes with y = x and the +-10 % band, coloured by unit and runtime; the
 * caption gives each group's MAPE and Spearman's rank correlation.
 */
import type { ValidatedQuantity, ValidationPair, ValidationReport } from '../../../calibration/validate/types.js';
import { drawn, FIGURE_CONFIG, slug, type Figure } from '../figure.js';

/**
 * What the report reads of `validate --json` (ValidateJson in cli/commands/validate.ts, which
 * cli/report does not import: the report imports no command).
 */
export interface ValidateOutput extends ValidationReport {
  /** The measurements file validate read, as it was given. */
  dataset: string;
  platform: string;
  /** The network of a calibration CSV's rows; null for Powmon's and ncnn's tables. */
  dnn: string | null;
  /** The runtime chosen with --runtime; null: each unit's own. */
  runtime: string | null;
}

const UNITS: Record<ValidatedQuantity, string> = { time: 'ms', power: 'W' };

/** A group's name in the legend and the caption: the unit, and the runtime its time profile is of. */
export const groupName = (unit: string, runtime: string | null): string =>
  runtime === null ? unit : `${unit} (${runtime})`;

const pct = (x: number, digits: number) => `${x.toFixed(digits)} %`;

/** What the rows were, in a few words. */
function datasetWhat(v: ValidateOutput): string {
  const on = v.runtime === null ? '' : `, runtime ${v.runtime}`;
  if (v.format === 'powmon') return "Powmon's A15 runs";
  if (v.format === 'ncnn') return `ncnn's benchmark table${on}`;
  return `${v.dnn ?? 'calibration rows'}${on}`;
}

function pointRows(pairs: readonly ValidationPair[]) {
  return pairs.map((p) => ({
    group: groupName(p.unit, p.runtime),
    line: p.line,
    label: p.label,
    measured: drawn(p.measured),
    predicted: drawn(p.predicted),
    errorPct: drawn((100 * (p.predicted - p.measured)) / p.measured, 3),
  }));
}

function figureOf(v: ValidateOutput, quantity: ValidatedQuantity, label: string): Figure {
  const of = v.compared.filter((p) => p.quantity === quantity);
  // A log axis has no place for zero or less; validate refuses measured <= 0, a model could still give it.
  const shown = of.filter((p) => p.measured > 0 && p.predicted > 0);
  const rows = pointRows(shown);
  const unit = UNITS[quantity];
  const dense = rows.length > 300;
  const values = rows.flatMap((r) => [r.measured, r.predicted]);
  // The same domain on both axes, so y = x is the square's diagonal.
  const lo = values.length > 0 ? Math.min(...values) / 1.2 : 1;
  const hi = values.length > 0 ? Math.max(...values) * 1.2 : 10;
  const band = [lo, hi].map((m) => ({ m, low: 0.9 * m, high: 1.1 * m }));
  const groups = v.groups.filter((g) => g.quantity === quantity);
  const order = groups.filter((g) => g.unit !== 'all').map((g) => groupName(g.unit, g.runtime));
  const metrics = groups
    .map(
      (g) =>
        `${g.unit === 'all' ? 'all' : groupName(g.unit, g.runtime)}: MAPE ${pct(g.mapePct, 1)}, Spearman ${g.spearman === null ? 'n/a' : g.spearman.toFixed(3)}, ${pct(100 * g.within10, 0)} within +-10 % (n = ${g.n})`,
    )
    .join('; ');
  const left = of.length - shown.length;
  const scale = { type: 'log', domain: [lo, hi], nice: false } as const;
  return {
    id: slug('validation', quantity, label),
    title: `Validation of ${quantity}: ${v.platform} against ${v.dataset}`,
    caption: `Predicted against measured ${quantity} (${unit}), one point per value compared (${of.length}${left > 0 ? `; ${left} not drawn, not above zero on a log axis` : ''}) from ${datasetWhat(v)}; nothing fitted. The dashed line is y = x, the band +-10 %. ${metrics}.`,
    spec: {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      config: FIGURE_CONFIG,
      width: 360,
      height: 360,
      layer: [
        {
          data: { values: band },
          mark: { type: 'area', color: '#2ca02c', opacity: 0.25, clip: true },
          encoding: {
            x: { field: 'm', type: 'quantitative', scale },
            y: { field: 'low', type: 'quantitative', scale },
            y2: { field: 'high' },
          },
        },
        {
          data: { values: rows },
          // Thousands of points (Powmon's table) smaller and lighter, so the cloud's density shows.
          mark: { type: 'point', filled: true, size: dense ? 12 : 30, opacity: dense ? 0.5 : 0.8 },
          encoding: {
            x: { field: 'measured', type: 'quantitative', title: `measured ${quantity} (${unit})`, scale },
            y: { field: 'predicted', type: 'quantitative', title: `predicted ${quantity} (${unit})`, scale },
            color: {
              field: 'group',
              type: 'nominal',
              title: 'unit (runtime)',
              sort: order,
              scale: { scheme: 'tableau10' },
            },
            tooltip: [
              { field: 'label', title: 'what' },
              { field: 'line', title: 'line' },
              { field: 'group', title: 'unit (runtime)' },
              { field: 'measured', title: `measured (${unit})` },
              { field: 'predicted', title: `predicted (${unit})` },
              { field: 'errorPct', title: 'error (%)' },
            ],
          },
        },
        // Over the points: a dense cloud would hide it.
        {
          data: { values: band },
          mark: { type: 'line', color: '#2ca02c', strokeDash: [4, 3], clip: true },
          encoding: { x: { field: 'm', type: 'quantitative' }, y: { field: 'm', type: 'quantitative' } },
        },
      ],
    } as Figure['spec'],
  };
}

/** One figure per quantity compared (time, then power), each file's figures told apart by `label`. */
export function validationFigures(v: ValidateOutput, label: string): Figure[] {
  return (['time', 'power'] as const)
    .filter((q) => v.compared.some((p) => p.quantity === q))
    .map((q) => figureOf(v, q, label));
}
