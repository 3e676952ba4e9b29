/**
 * The timeline of one run: panels on one shared time axis (zoom with the wheel, pan by dragging, in
 * any panel; double-click resets): frequency per unit, groups and cores, board power against the cap,
 * temperature against the trip points, the latency of every inference against its deadline, and
 * lanes for the unit running the DNN, the co-runners, power modes and dropped requests.
 */
import type { Platform } from '../../../models/types.js';
import { minMaxIndices, stepIndices } from '../decimate.js';
import { drawn, FIGURE_CONFIG, PLOT_WIDTH, slug, type Figure } from '../figure.js';
import type { RunTrace } from '../traceReader.js';

type Row = Record<string, number | string | boolean | null>;

const s = (ms: number) => drawn(ms / 1000, 7);
const MISS_COLOUR = '#d62728';
const LIMIT_COLOUR = '#444';

/** The run's end, s: its duration, or the last thing it traced when it stopped early. */
function endOf(trace: RunTrace): number {
  const last = Math.max(trace.sensors.t.at(-1) ?? 0, trace.inferences.endMs.at(-1) ?? 0);
  return trace.end !== null ? trace.run.durationS : last / 1000;
}

/** A budget as a step series over the run: null while it is not in force. */
function budgetSteps(
  trace: RunTrace,
  pick: (b: RunTrace['budgets'][number]['budgets']) => number | undefined,
  endS: number,
): Row[] {
  const rows: Row[] = trace.budgets.map((b) => ({ t: s(b.t), v: pick(b.budgets) ?? null }));
  if (rows.length > 0) rows.push({ t: endS, v: rows[rows.length - 1]!.v! });
  return rows;
}

function panel(title: string, height: number, layers: object[], index: number, last: boolean, endS: number): object {
  // The run's span exactly (a "nice" 3600 s would run on to 4000).
  const x = {
    field: 't',
    type: 'quantitative',
    title: last ? 'time (s)' : null,
    scale: { domain: [0, endS], nice: false },
    axis: { labels: true, ...(last ? {} : { title: null }) },
  };
  // A layer that sets its own x (a label at the left edge) or spans the width (a rule) keeps it.
  const withX = layers.map((l, i) => {
    const { spansWidth, ...layer } = l as { encoding?: Record<string, unknown>; spansWidth?: boolean };
    const encoding = spansWidth === true || layer.encoding?.x !== undefined ? layer.encoding : { x, ...layer.encoding };
    return { ...layer, encoding, ...(i === 0 ? { name: `panel${index}` } : {}) };
  });
  return { description: title, height, width: PLOT_WIDTH, layer: withX };
}

export function timelineFigure(trace: RunTrace, platform: Platform | null): Figure {
  const { run, sensors, inferences } = trace;
  const endS = endOf(trace);
  const columns = PLOT_WIDTH;
  const t = sensors.t;
  const measured = { sensor: t.length, inferences: inferences.endMs.length };
  let drawnPoints = 0;
  const panels: object[] = [];
  const notes: string[] = [];

  // Frequency per unit: steps, lossless at their change points.
  const freqRows: Row[] = [];
  for (const u of run.units) {
    const y = sensors.freqMHz[u]!;
    for (const i of stepIndices(t, y, columns)) freqRows.push({ t: s(t[i]!), unit: u, v: y[i]! });
  }
  drawnPoints += freqRows.length;

  // Groups and cores from the configurations put in force; before the first, the first inference's.
  const configRows: Row[] = [];
  const unitLane: Row[] = [];
  const segments: { t: number; groups: number; cores: number; unit: string }[] = [];
  if (trace.firstInference && (trace.applies[0]?.t ?? Infinity) > 0) segments.push({ t: 0, ...trace.firstInference });
  for (const a of trace.applies)
    segments.push({ t: a.t, groups: a.config.groups, cores: a.config.cores, unit: a.config.unit });
  // Only the changes: a governor that reapplies the configuration for every new frequency changes
  // neither the groups, nor the cores, nor the unit.
  segments.forEach((seg, i) => {
    const before = segments[i - 1];
    if (!before || before.groups !== seg.groups) configRows.push({ t: s(seg.t), what: 'groups', v: seg.groups });
    if (!before || before.cores !== seg.cores) configRows.push({ t: s(seg.t), what: 'cores', v: seg.cores });
    if (!before || before.unit !== seg.unit) {
      const previous = unitLane.at(-1);
      if (previous) previous.t2 = s(seg.t);
      unitLane.push({
        t: s(seg.t),
        t2: endS,
        lane: 'DNN runs on',
        label: `DNN on ${seg.unit}`,
        tip: `DNN on ${seg.unit}`,
      });
    }
  });
  const lastSeg = segments.at(-1);
  if (lastSeg)
    configRows.push({ t: endS, what: 'groups', v: lastSeg.groups }, { t: endS, what: 'cores', v: lastSeg.cores });
  drawnPoints += configRows.length;

  // Power: min and max per pixel column.
  const powerRows: Row[] = minMaxIndices(t, sensors.powerW, columns).map((i) => ({
    t: s(t[i]!),
    v: drawn(sensors.powerW[i]!),
  }));
  drawnPoints += powerRows.length;
  const capRows = budgetSteps(trace, (b) => b.powerW, endS);

  // Temperature per unit.
  const tempRows: Row[] = [];
  for (const u of run.units) {
    const y = sensors.temperatureC[u]!;
    for (const i of minMaxIndices(t, y, columns)) tempRows.push({ t: s(t[i]!), unit: u, v: drawn(y[i]!) });
  }
  drawnPoints += tempRows.length;
  const trips = platform?.thermalTrips.map((trip) => ({ v: trip.tempC, label: `trip ${trip.tempC} °C` })) ?? [];
  if (platform === null) notes.push(`platform ${run.platform} is not built in: no trip points drawn`);

  // Latency: met and missed thinned apart, so every column's misses stay visible.
  const latencyRows: Row[] = [];
  for (const met of [true, false]) {
    const idx: number[] = [];
    for (let i = 0; i < inferences.endMs.length; i++) if (inferences.deadlineMet[i] === met) idx.push(i);
    const tt = idx.map((i) => inferences.endMs[i]!);
    const yy = idx.map((i) => inferences.latencyMs[i]!);
    for (const k of minMaxIndices(tt, yy, columns, 0, endS * 1000))
      latencyRows.push({ t: s(tt[k]!), v: drawn(yy[k]!), deadline: met ? 'met' : 'missed' });
  }
  drawnPoints += latencyRows.length;
  const deadlineRows = budgetSteps(trace, (b) => b.latencyMs, endS);

  // Lanes: the DNN's unit, the co-runners, power modes, drops.
  const lanes: Row[] = [...unitLane];
  const open = new Map<string, number>();
  for (const c of trace.coworkloads) {
    const key = `${c.name}@${c.unit}`;
    if (c.event === 'start') open.set(key, c.t);
    else if (open.has(key)) {
      lanes.push({
        t: s(open.get(key)!),
        t2: s(c.t),
        lane: `co-runners on ${c.unit}`,
        label: c.name,
        tip: `${c.name} on ${c.unit}`,
      });
      open.delete(key);
    }
  }
  for (const [key, start] of open) {
    const [name, unit] = key.split('@') as [string, string];
    lanes.push({ t: s(start), t2: endS, lane: `co-runners on ${unit}`, label: name, tip: `${name} on ${unit}` });
  }
  trace.powerModes.forEach((m, i) => {
    const next = trace.powerModes[i + 1];
    lanes.push({
      t: s(m.t),
      t2: next ? s(next.t) : endS,
      lane: 'power mode',
      label: `mode ${m.mode}`,
      tip: `power mode ${m.mode}`,
    });
  });
  // One tick per pixel column is all a drop lane can show.
  const dropColumns = new Map<number, number>();
  for (const d of trace.drops) dropColumns.set(Math.floor((d / 1000 / Math.max(endS, 1e-9)) * columns), d);
  const dropRows: Row[] = [...dropColumns.values()].map((d) => ({ t: s(d), lane: 'dropped requests' }));
  drawnPoints += lanes.length + dropRows.length;

  const unitColour = { field: 'unit', type: 'nominal', title: 'unit', legend: { orient: 'right' } };
  panels.push(
    panel(
      'frequency per unit',
      90,
      [
        {
          data: { values: freqRows },
          mark: { type: 'line', interpolate: 'step-after' },
          encoding: {
            y: { field: 'v', type: 'quantitative', title: 'frequency (MHz)' },
            color: unitColour,
            tooltip: [{ field: 't', title: 'time (s)' }, { field: 'unit' }, { field: 'v', title: 'MHz' }],
          },
        },
      ],
      0,
      false,
      endS,
    ),
    panel(
      'active groups and cores',
      70,
      [
        {
          data: { values: configRows },
          mark: { type: 'line', interpolate: 'step-after' },
          encoding: {
            strokeDash: {
              field: 'what',
              type: 'nominal',
              scale: {
                domain: ['groups', 'cores'],
                range: [
                  [1, 0],
                  [5, 3],
                ],
              },
              legend: null,
            },
            strokeWidth: {
              field: 'what',
              type: 'nominal',
              sort: ['groups', 'cores'],
              scale: { domain: ['groups', 'cores'], range: [2.5, 1.5] },
              legend: null,
            },
            y: {
              field: 'v',
              type: 'quantitative',
              title: 'groups, cores (count)',
              scale: { zero: true },
              axis: { tickMinStep: 1 },
            },
            color: {
              field: 'what',
              type: 'nominal',
              title: 'knob',
              scale: { domain: ['groups', 'cores'], range: ['#9467bd', '#8c564b'] },
            },
            tooltip: [{ field: 't', title: 'time (s)' }, { field: 'what' }, { field: 'v' }],
          },
        },
      ],
      1,
      false,
      endS,
    ),
    panel(
      'board power and the power cap',
      90,
      [
        {
          data: { values: powerRows },
          mark: { type: 'line', strokeWidth: 1 },
          encoding: {
            y: { field: 'v', type: 'quantitative', title: 'power (W)' },
            color: {
              datum: 'board power',
              type: 'nominal',
              title: 'power',
              scale: { domain: ['board power', 'power cap'], range: ['#1f77b4', MISS_COLOUR] },
            },
          },
        },
        ...(capRows.some((r) => r.v !== null)
          ? [
              {
                data: { values: capRows },
                mark: { type: 'line', interpolate: 'step-after', strokeDash: [6, 3], strokeWidth: 1.5 },
                encoding: { y: { field: 'v', type: 'quantitative' }, color: { datum: 'power cap', type: 'nominal' } },
              },
            ]
          : []),
      ],
      2,
      false,
      endS,
    ),
    panel(
      'temperature and the trip points',
      90,
      [
        {
          data: { values: tempRows },
          mark: { type: 'line', strokeWidth: 1 },
          encoding: {
            y: { field: 'v', type: 'quantitative', title: 'temperature (°C)', scale: { zero: false } },
            color: unitColour,
          },
        },
        ...(trips.length > 0
          ? [
              {
                data: { values: trips },
                spansWidth: true,
                mark: { type: 'rule', strokeDash: [4, 4], color: LIMIT_COLOUR },
                encoding: { y: { field: 'v', type: 'quantitative' }, tooltip: [{ field: 'label' }] },
              },
              {
                data: { values: trips },
                mark: { type: 'text', align: 'left', baseline: 'top', dx: 3, dy: 2, fontSize: 10, color: LIMIT_COLOUR },
                encoding: { x: { value: 0 }, y: { field: 'v', type: 'quantitative' }, text: { field: 'label' } },
              },
            ]
          : []),
      ],
      3,
      false,
      endS,
    ),
    panel(
      'latency of every inference and the deadline',
      120,
      [
        ...(['met', 'missed'] as const).map((which, k) => ({
          data: { values: latencyRows.filter((r) => r.deadline === which) },
          mark:
            which === 'met'
              ? { type: 'point', shape: 'circle', size: 10, filled: true, opacity: 0.6 }
              : { type: 'point', shape: 'cross', size: 30, filled: true },
          encoding: {
            y: { field: 'v', type: 'quantitative', ...(k === 0 ? { title: 'latency (ms)' } : {}) },
            color: {
              datum: which,
              type: 'nominal',
              ...(k === 0
                ? {
                    title: 'deadline',
                    scale: { domain: ['met', 'missed', 'deadline'], range: ['#2ca02c', MISS_COLOUR, LIMIT_COLOUR] },
                  }
                : {}),
            },
            tooltip: [{ field: 't', title: 'end (s)' }, { field: 'v', title: 'latency (ms)' }, { field: 'deadline' }],
          },
        })),
        ...(deadlineRows.some((r) => r.v !== null)
          ? [
              {
                data: { values: deadlineRows },
                mark: { type: 'line', interpolate: 'step-after', strokeDash: [6, 3], strokeWidth: 1.5 },
                encoding: { y: { field: 'v', type: 'quantitative' }, color: { datum: 'deadline', type: 'nominal' } },
              },
            ]
          : []),
      ],
      4,
      false,
      endS,
    ),
    panel(
      'DNN unit, co-runners, power modes, drops',
      20 * Math.max(1, new Set([...lanes, ...dropRows].map((r) => r.lane)).size),
      [
        {
          data: { values: lanes },
          mark: { type: 'bar', height: 12, cornerRadius: 2 },
          encoding: {
            x2: { field: 't2' },
            y: { field: 'lane', type: 'nominal', title: null, sort: null },
            color: { field: 'label', type: 'nominal', title: 'lanes', scale: { scheme: 'tableau10' } },
            tooltip: [
              { field: 'tip', title: 'what' },
              { field: 't', title: 'from (s)' },
              { field: 't2', title: 'to (s)' },
            ],
          },
        },
        ...(dropRows.length > 0
          ? [
              {
                data: { values: dropRows },
                mark: { type: 'tick', color: MISS_COLOUR, thickness: 1 },
                encoding: { y: { field: 'lane', type: 'nominal', sort: null } },
              },
            ]
          : []),
      ],
      5,
      true,
      endS,
    ),
  );

  const caption = [
    `${run.scenario} under ${run.policy} on ${run.platform} (${run.board?.kind === 'real' ? `board ${run.board.profile}, power ${run.board.power}` : 'the twin'}), seed ${run.seed}, ${fixedS(endS)} s${trace.end === null ? ' (the run did not end: the trace stops here)' : ''}.`,
    `Drawn: ${drawnPoints} points of ${measured.sensor} sensor reads and ${measured.inferences} inferences (steps at their changes; power, temperature and latency as the lowest and highest point of each of ${columns} pixel columns); ${trace.drops.length} dropped requests. Wheel to zoom, drag to pan, double-click to reset.`,
    ...notes,
  ].join(' ');
  return {
    id: slug('timeline', run.scenario, run.policy, run.board?.kind === 'real' ? 'board' : 'twin'),
    title: `Timeline: ${run.scenario} under ${run.policy}`,
    caption,
    spec: {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      config: FIGURE_CONFIG,
      // One zoom for the shared time axis, defined in every panel so any of them zooms and pans it (a
      // selection per panel would each bind the scale, and only the last would take effect).
      params: [
        {
          name: 'zoom',
          select: { type: 'interval', encodings: ['x'] },
          bind: 'scales',
          views: panels.map((_, i) => `panel${i}`),
        },
      ],
      vconcat: panels,
      // Flush: each panel's y title is centred on it and may be taller than it (measured or, in Node,
      // estimated); panels spaced for their x labels only, so the run's panels sit close together.
      bounds: 'flush',
      spacing: 26,
      resolve: { scale: { x: 'shared', color: 'independent', shape: 'independent' }, legend: { color: 'independent' } },
    } as Figure['spec'],
  };
}

const fixedS = (x: number) => (Number.isInteger(x) ? String(x) : x.toFixed(1));
