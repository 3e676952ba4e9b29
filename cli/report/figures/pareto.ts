/**
 * The configuration space of `space --json`: per unit, time against energy with the unit's
 * time/energy Pareto front drawn and the dominated configurations faded; and energy against top-1
 * with the front over time, energy and accuracy. Hover a point for its configuration.
 */
import type { SpaceJson } from '../../outputTypes.js';
import { paretoFront, type Objective } from '../../../models/paretoFront.js';
import { drawn, FIGURE_CONFIG, slug, type Figure } from '../figure.js';

type Config = SpaceJson['configs'][number];

const TIME: Objective<Config> = { name: 'time', direction: 'min', value: (c) => c.timeMs };
const ENERGY: Objective<Config> = { name: 'energy', direction: 'min', value: (c) => c.energyMJ };
/** An unmeasured accuracy ranks by the active groups, as `space --pareto` does. */
const ACCURACY: Objective<Config> = { name: 'accuracy', direction: 'max', value: (c) => c.accuracy ?? c.config.groups };

function rowsOf(
  space: SpaceJson,
  objectives: readonly Objective<Config>[],
): Record<string, string | number | boolean | null>[] {
  const onFront = new Set<Config>();
  for (const unit of new Set(space.configs.map((c) => c.config.unit))) {
    for (const c of paretoFront(
      space.configs.filter((x) => x.config.unit === unit),
      objectives,
    ))
      onFront.add(c);
  }
  return space.configs.map((c) => ({
    unit: c.config.unit,
    groups: c.config.groups,
    cores: c.config.cores,
    freqMHz: c.config.freqMHz[c.config.unit] ?? null,
    time: drawn(c.timeMs),
    energy: drawn(c.energyMJ),
    power: drawn(c.avgPowerW),
    accuracy: c.accuracy,
    front: onFront.has(c),
    status: onFront.has(c) ? 'on the front' : 'dominated',
    // The configuration in one line, for the tooltip.
    config: `${c.config.groups} groups on ${c.config.unit} x${c.config.cores} at ${c.config.freqMHz[c.config.unit]} MHz`,
  }));
}

const TOOLTIP = [
  { field: 'config', title: 'configuration' },
  { field: 'time', title: 'time (ms)' },
  { field: 'energy', title: 'energy (mJ)' },
  { field: 'power', title: 'power (W)' },
  { field: 'accuracy', title: 'top-1' },
];

function frontSpec(rows: object[], x: object, y: object, line: string | null): Figure['spec'] {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: FIGURE_CONFIG,
    data: { values: rows },
    facet: {
      column: { field: 'unit', type: 'nominal', title: null, header: { labelFontSize: 13, labelFontWeight: 'bold' } },
    },
    resolve: { scale: { x: 'independent', y: 'independent' } },
    spec: {
      width: 300,
      height: 240,
      encoding: { x, y },
      layer: [
        {
          mark: { type: 'point', filled: true, size: 30 },
          encoding: {
            color: {
              field: 'status',
              type: 'nominal',
              title: 'per unit',
              scale: { domain: ['on the front', 'dominated'], range: ['#1f77b4', '#bbb'] },
            },
            opacity: { condition: { test: 'datum.front', value: 0.95 }, value: 0.35 },
            tooltip: TOOLTIP,
          },
        },
        // A two-objective front is a curve; a front over three objectives is not one in two dimensions.
        ...(line === null
          ? []
          : [
              {
                transform: [{ filter: 'datum.front' }],
                mark: { type: 'line', color: '#1f77b4', strokeWidth: 1 },
                encoding: { order: { field: line, type: 'quantitative' } },
              },
            ]),
      ],
    },
  } as Figure['spec'];
}

export function paretoFigures(space: SpaceJson, label: string): Figure[] {
  const reduced =
    space.pareto !== null
      ? ` The file holds only the front over ${space.pareto.join(', ')} (${space.count} of ${space.spaceSize}); the full space comes from \`space --json\` without --pareto.`
      : '';
  const proxy = space.configs.some((c) => c.accuracy === null)
    ? ' Accuracy is unmeasured: the number of active groups stands in for it.'
    : '';
  const timeEnergy = rowsOf(space, [TIME, ENERGY]);
  const withAccuracy = rowsOf(space, [TIME, ENERGY, ACCURACY]);
  const accuracyField = space.configs.some((c) => c.accuracy === null)
    ? { field: 'groups', type: 'quantitative', title: 'active groups (count; top-1 unmeasured)' }
    : { field: 'accuracy', type: 'quantitative', title: 'top-1 (fraction)', scale: { zero: false } };
  return [
    {
      id: slug('pareto-time-energy', label),
      title: `Configuration space: time and energy, ${space.dnn} on ${space.platform}`,
      caption: `${space.configs.length} configurations; per unit, the time/energy Pareto front in colour (${timeEnergy.filter((r) => r.front).length} points), the dominated faded.${reduced}`,
      spec: frontSpec(
        timeEnergy,
        {
          field: 'time',
          type: 'quantitative',
          title: 'time per inference (ms)',
          scale: { type: 'log', nice: false, padding: 8 },
        },
        {
          field: 'energy',
          type: 'quantitative',
          title: 'energy per inference (mJ)',
          scale: { type: 'log', nice: false, padding: 8 },
        },
        'time',
      ),
    },
    {
      id: slug('pareto-accuracy', label),
      title: `Configuration space: energy and accuracy, ${space.dnn} on ${space.platform}`,
      caption: `Per unit, the Pareto front over time, energy and accuracy in colour (${withAccuracy.filter((r) => r.front).length} points), the dominated faded.${proxy}${reduced}`,
      spec: frontSpec(
        withAccuracy,
        {
          field: 'energy',
          type: 'quantitative',
          title: 'energy per inference (mJ)',
          scale: { type: 'log', nice: false, padding: 8 },
        },
        accuracyField,
        null,
      ),
    },
  ];
}
