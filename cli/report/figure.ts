/** A figure of the report: a Vega-Lite spec with what the page and the SVG files need around it. */
import type { TopLevelSpec } from 'vega-lite';

export interface Figure {
  /** Unique in a report and safe as a file name: the SVG/PNG is `<id>.svg`. */
  id: string;
  title: string;
  /** What it shows, and what of it was thinned for drawing; under the figure in the page. */
  caption: string;
  spec: TopLevelSpec;
}

/** Width of a figure's plotting area, px: also the pixel columns long series are thinned to. */
export const PLOT_WIDTH = 900;

/** Shared look: readable sizes in a page and in a paper. */
export const FIGURE_CONFIG = {
  font: 'Helvetica, Arial, sans-serif',
  axis: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: 'normal', grid: true, gridOpacity: 0.5 },
  legend: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: 'normal', orient: 'right' },
  title: { fontSize: 14, anchor: 'start', fontWeight: 'bold' },
  header: { labelFontSize: 12, titleFontSize: 12 },
  view: { stroke: '#ccc' },
} as const;

/** A string made safe for a file name and an HTML id. */
export function slug(...parts: string[]): string {
  return parts
    .join('-')
    .replace(/[^A-Za-z0-9._-]+/g, '_')
    .replace(/^[._-]+/, '');
}

/** A number rounded for drawing only (the page's data shrinks; nothing reported is rounded). */
export function drawn(x: number, digits = 4): number {
  if (!Number.isFinite(x) || x === 0) return x;
  const scale = 10 ** (digits - 1 - Math.floor(Math.log10(Math.abs(x))));
  return Math.round(x * scale) / scale;
}
