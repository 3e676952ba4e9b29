/**
 * The report's content from its inputs: sections of figures (and the metrics table), in a fixed
 * order, with a note for everything that could not be drawn and why.
 */
import { basename } from 'node:path';
import { InputError } from '../../dnn/inputError.js';
import { builtinPlatforms } from '../../models/builtinPlatforms.js';
import type { Platform } from '../../models/types.js';
import { METRIC_HEADERS, metricCells } from '../metricColumns.js';
import { fixed } from '../table.js';
import type { Figure } from './figure.js';
import { calibrationFigure } from './figures/calibration.js';
import { comparisonFigure, type ComparedMetrics, type PolicyRow } from './figures/comparison.js';
import { hilCompareFigure } from './figures/hilCompare.js';
import { paretoFigures } from './figures/pareto.js';
import { rangesFigure } from './figures/ranges.js';
import { timelineFigure } from './figures/timeline.js';
import { groupName, type ValidateOutput, validationFigures } from './figures/validation.js';
import { EXPECTED, readInput, type ReportInput } from './inputs.js';

export interface Table {
  header: string[];
  /** Which columns are numbers (right-aligned). */
  numeric: boolean[];
  rows: string[][];
}

export interface Section {
  title: string;
  table: Table | null;
  figures: Figure[];
}

export interface Report {
  inputs: { path: string; what: string }[];
  /** What was skipped or is missing, one sentence each. */
  notes: string[];
  sections: Section[];
}

/** A label for an input in figure names: its file name without the extension. */
const labelOf = (path: string) => basename(path).replace(/\.(json|jsonl)$/i, '');

function describe(input: ReportInput): string {
  switch (input.kind) {
    case 'trace': {
      const r = input.trace.run;
      return `trace: ${r.scenario} under ${r.policy} on ${r.platform}, ${input.trace.lines} lines`;
    }
    case 'simulate':
      return `simulate results: ${input.value.scenario}, ${input.value.results.map((r) => r.policy).join(', ')}`;
    case 'space':
      return `space: ${input.value.dnn} on ${input.value.platform}, ${input.value.count} configurations`;
    case 'ranges':
      return 'ranges';
    case 'calibrate':
      return `calibrate: ${input.value.platform}, ${input.value.dnn}, ${input.value.rows} rows`;
    case 'compare':
      return `hil compare: ${input.value.scenario} under ${input.value.policy}, ${input.value.windows.length} windows`;
    case 'validate':
      return `validate: ${input.value.platform} against ${input.value.dataset}, ${input.value.compared.length} values compared`;
  }
}

/** A trace's end metrics as table metrics, when the run ended and its metrics have the fields drawn. */
function endMetrics(end: Record<string, unknown> | null): ComparedMetrics | null {
  if (
    end === null ||
    typeof end.inferences !== 'number' ||
    !('deadlineMissRate' in end) ||
    !('energyPerInferenceMJ' in end)
  )
    return null;
  return end as unknown as ComparedMetrics;
}

function metricsTable(rows: readonly PolicyRow[]): Table {
  const header = ['policy', ...METRIC_HEADERS, 'from'];
  return {
    header,
    numeric: header.map((h) => !['policy', 'from'].includes(h)),
    rows: rows.map(({ policy, metrics: m, source }) => [policy, ...metricCells(m, '-').map(String), basename(source)]),
  };
}

/** validate's metrics per quantity and group, as its text output shows them. */
function validationTable(v: ValidateOutput): Table {
  const header = ['quantity', 'unit (runtime)', 'n', 'MAPE %', 'bias %', '+-10 %', 'Spearman'];
  return {
    header,
    numeric: header.map((_, i) => i >= 2),
    rows: v.groups.map((g) => [
      g.quantity,
      g.unit === 'all' ? 'all' : groupName(g.unit, g.runtime),
      String(g.n),
      fixed(g.mapePct, 2),
      `${g.biasPct >= 0 ? '+' : ''}${fixed(g.biasPct, 2)}`,
      fixed(100 * g.within10, 1),
      fixed(g.spearman, 4),
    ]),
  };
}

function platformOf(id: string): Platform | null {
  return builtinPlatforms().find((p) => p.id === id) ?? null;
}

export function buildReport(paths: readonly string[]): Report {
  if (paths.length === 0) throw new InputError(`no input files; expected ${EXPECTED}`);
  const inputs = paths.map(readInput);
  const notes: string[] = [];
  const sections: Section[] = [];

  // Policies compared, per scenario and seed: simulate results, then traces of runs they do not cover.
  const rows: PolicyRow[] = [];
  for (const input of inputs) {
    if (input.kind === 'simulate')
      for (const r of input.value.results)
        rows.push({
          scenario: input.value.scenario,
          seed: input.value.seed,
          policy: r.policy,
          metrics: r.metrics,
          source: input.path,
        });
  }
  for (const input of inputs) {
    if (input.kind !== 'trace') continue;
    const run = input.trace.run;
    if (rows.some((r) => r.scenario === run.scenario && r.seed === run.seed && r.policy === run.policy)) continue;
    const metrics = endMetrics(input.trace.end);
    if (metrics) rows.push({ scenario: run.scenario, seed: run.seed, policy: run.policy, metrics, source: input.path });
    else notes.push(`${input.path}: the run did not end (no end event), so it has no metrics for the comparison`);
  }
  const groups = new Map<string, PolicyRow[]>();
  for (const r of rows) {
    const seeds = new Set(rows.filter((x) => x.scenario === r.scenario).map((x) => x.seed));
    const key = seeds.size > 1 ? `${r.scenario} seed ${r.seed}` : r.scenario;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  for (const [key, group] of groups)
    sections.push({
      title: `Policies compared: ${key}`,
      table: metricsTable(group),
      figures: [comparisonFigure(key, group)],
    });

  // Timelines, one per run.
  for (const input of inputs) {
    if (input.kind !== 'trace') continue;
    const t = input.trace;
    if (t.skipped)
      notes.push(
        `${input.path}: line ${t.skipped.line} was cut off mid-way (an interrupted run?): its ${t.skipped.chars} characters are not used; the figures use the ${t.lines} complete lines`,
      );
    if (t.sensors.t.length === 0 && t.inferences.endMs.length === 0) {
      notes.push(
        `${input.path}: no sensor reads and no inferences: nothing to draw for ${t.run.scenario} under ${t.run.policy}`,
      );
      continue;
    }
    if (t.sensors.t.length === 0)
      notes.push(`${input.path}: no sensor reads: frequency, power and temperature are empty`);
    sections.push({
      title: `Timeline: ${t.run.scenario} under ${t.run.policy}`,
      table: null,
      figures: [timelineFigure(t, platformOf(t.run.platform))],
    });
  }

  const spaces = inputs.filter((i): i is Extract<ReportInput, { kind: 'space' }> => i.kind === 'space');
  if (spaces.length > 0)
    sections.push({
      title: 'Configuration space',
      table: null,
      figures: spaces.flatMap((s) => paretoFigures(s.value, `${s.value.platform}-${labelOf(s.path)}`)),
    });

  const ranges = inputs.filter((i): i is Extract<ReportInput, { kind: 'ranges' }> => i.kind === 'ranges');
  if (ranges.length > 0) {
    // ranges --json names its platform and network; output from before it did is labelled by its file name.
    const label = (r: (typeof ranges)[number]) =>
      r.named === null ? labelOf(r.path) : `${r.named.platform}${r.named.dnn === null ? '' : ` ${r.named.dnn}`}`;
    sections.push({
      title: 'Dynamic range',
      table: null,
      figures: [rangesFigure(ranges.map((r) => ({ label: label(r), range: r.value })))],
    });
  }

  const calibrations = inputs.filter((i): i is Extract<ReportInput, { kind: 'calibrate' }> => i.kind === 'calibrate');
  if (calibrations.length > 0)
    sections.push({
      title: 'Calibration',
      table: null,
      figures: calibrations.map((c) => calibrationFigure(c.value, labelOf(c.path))),
    });

  const compares = inputs.filter((i): i is Extract<ReportInput, { kind: 'compare' }> => i.kind === 'compare');
  if (compares.length > 0)
    sections.push({
      title: 'Twin against the board',
      table: null,
      figures: compares.map((c) => hilCompareFigure(c.value, labelOf(c.path))),
    });

  // One section per validation: its metrics table and a figure per quantity.
  for (const input of inputs) {
    if (input.kind !== 'validate') continue;
    const v = input.value;
    sections.push({
      title: `Validation: ${v.platform} against ${v.dataset}${v.runtime === null ? '' : ` (${v.runtime})`}`,
      table: validationTable(v),
      figures: validationFigures(v, labelOf(input.path)),
    });
  }

  if (inputs.some((i) => i.kind === 'simulate') && !inputs.some((i) => i.kind === 'trace'))
    notes.push('no trace given: no timelines (simulate --trace FILE writes them)');
  if (sections.length === 0) throw new InputError(`nothing to draw from ${paths.join(', ')}: ${notes.join('; ')}`);
  uniqueIds(sections.flatMap((s) => s.figures));
  return { inputs: inputs.map((i) => ({ path: i.path, what: describe(i) })), notes, sections };
}

/** Two runs of the same scenario and policy (say, two seeds in two files) get -2, -3, ... */
function uniqueIds(figures: readonly Figure[]): void {
  const seen = new Map<string, number>();
  for (const f of figures) {
    const n = (seen.get(f.id) ?? 0) + 1;
    seen.set(f.id, n);
    if (n > 1) f.id = `${f.id}-${n}`;
  }
}
