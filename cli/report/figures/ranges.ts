/**
 * The dynamic range (`ranges --json`): max/min of time and of energy per inference with the groups
 * alone, with mapping, with mapping and DVFS; one group of bars per input (platform).
 */
import type { DynamicRange } from '../../../models/dynamicRange.js';
import { drawn, FIGURE_CONFIG, type Figure } from '../figure.js';

const KNOBS = ['groups alone', '+ mapping', '+ DVFS'] as const;

export function rangesFigure(inputs: readonly { label: string; range: DynamicRange }[]): Figure {
  const rows = inputs.flatMap(({ label, range }) =>
    (['time', 'energy'] as const).flatMap((quantity) =>
      [range.groupsOnly, range.withMapping, range.withMappingAndDvfs].map((r, k) => ({
        input: label,
        knobs: KNOBS[k]!,
        quantity,
        ratio: drawn(r[quantity]),
      })),
    ),
  );
  return {
    id: 'dynamic-range',
    title: 'Dynamic range',
    caption: `Max/min over the configurations each set of knobs reaches (log scale), per input: ${inputs.map((i) => `${i.label} (groups alone at ${i.range.groupsOnly.at.unit} x${i.range.groupsOnly.at.cores}, ${i.range.groupsOnly.at.freqMHz} MHz)`).join('; ')}.`,
    spec: {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      config: FIGURE_CONFIG,
      data: { values: rows },
      facet: {
        column: {
          field: 'input',
          type: 'nominal',
          title: null,
          sort: inputs.map((i) => i.label),
          header: { labelFontSize: 13, labelFontWeight: 'bold' },
        },
      },
      spec: {
        width: 260,
        height: 240,
        encoding: {
          x: { field: 'knobs', type: 'nominal', title: null, sort: [...KNOBS], axis: { labelAngle: 0 } },
          xOffset: { field: 'quantity', type: 'nominal', sort: ['time', 'energy'] },
          // A ratio is at least 1: bars rise from 1 on the log scale (from 0 they would have no foot).
          y: { field: 'ratio', type: 'quantitative', title: 'max / min (ratio)', scale: { type: 'log', domainMin: 1 } },
        },
        layer: [
          {
            mark: { type: 'bar' },
            encoding: {
              y2: { datum: 1 },
              color: { field: 'quantity', type: 'nominal', title: 'quantity', sort: ['time', 'energy'] },
              tooltip: [
                { field: 'input' },
                { field: 'knobs' },
                { field: 'quantity' },
                { field: 'ratio', title: 'max / min', format: '.2f' },
              ],
            },
          },
          { mark: { type: 'text', dy: -6, fontSize: 10 }, encoding: { text: { field: 'ratio', format: '.1f' } } },
        ],
      },
    } as Figure['spec'],
  };
}
