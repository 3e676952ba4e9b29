/**
 * `sweep summary`: the runs of a results file grouped (by policy variant, scenario and any other key
 * field but the seed that varies, unless told otherwise), each metric's mean with a Student t 95 % confidence interval over the group's runs
 * (its seeds), and per scenario (every --by field but policy) the best policy for chosen metrics with
 * Welch's t-test of its difference from the runner-up.
 */
import { mean } from 'simple-statistics';
import { InputError } from '../../dnn/inputError.js';
import { keyField, policyLabel, type RunKey } from './keys.js';
import { isOk, type OkLine, type ResultLine } from './resultLine.js';
import { ALPHA, CONFIDENCE, meanInterval, welchTTest, type MeanInterval } from './statistics.js';

/** The key fields runs can be grouped by. */
export const GROUP_FIELDS = ['policy', 'scenario', 'platformFile', 'durationS'] as const;
export type GroupField = (typeof GROUP_FIELDS)[number];

/** Metrics where more is better; every other metric is better lower. */
export const HIGHER_IS_BETTER: readonly string[] = ['inferences', 'meanAccuracy', 'meanConfidence', 'meanGroups'];

/** Always grouped by unless --by says otherwise; the other GROUP_FIELDS when they vary (defaultBy). */
export const DEFAULT_BY: readonly GroupField[] = ['policy', 'scenario'];
export const DEFAULT_BEST: readonly string[] = ['deadlineMissRate', 'energyPerInferenceMJ'];

export const METHOD = {
  interval: `mean over the group's runs (its seeds) with a two-sided ${100 * CONFIDENCE} % Student t confidence interval: mean +- t(${1 - ALPHA / 2}, n - 1) x s / sqrt(n), s the sample standard deviation; none below 2 runs`,
  test: `Welch's unequal-variance t-test, two-sided, of the best policy against the runner-up over their runs; significant when p < ${ALPHA.toFixed(2)}`,
} as const;

type GroupValue = string | number | null;

export interface GroupSummary {
  group: Record<string, GroupValue>;
  runs: number;
  /** Flattened metric name ("latencyMs.p95") -> its mean and interval. */
  metrics: Record<string, MeanInterval>;
}

export interface BestPolicy {
  /** The --by fields other than policy. */
  context: Record<string, GroupValue>;
  metric: string;
  better: 'lower' | 'higher';
  best: string;
  mean: number;
  runnerUp: string | null;
  runnerUpMean: number | null;
  /** Welch's two-sided p; null without a runner-up or with fewer than 2 runs on either side. */
  p: number | null;
  significant: boolean | null;
}

export interface SummaryJson {
  by: GroupField[];
  method: typeof METHOD;
  runs: number;
  /** Runs whose line carries an error instead of metrics (left out of the statistics). */
  failed: { key: RunKey; error: string }[];
  groups: GroupSummary[];
  best: BestPolicy[];
}

/** "a,b" -> checked group fields. */
export function parseBy(option: string, fields: readonly string[]): GroupField[] {
  if (fields.length === 0) throw new InputError(`${option} names no field (valid: ${GROUP_FIELDS.join(', ')})`);
  for (const f of fields)
    if (!(GROUP_FIELDS as readonly string[]).includes(f))
      throw new InputError(`${option} '${f}' is not a field to group by (valid: ${GROUP_FIELDS.join(', ')})`);
  if (new Set(fields).size !== fields.length) throw new InputError(`${option} names a field twice`);
  return fields as GroupField[];
}

/** Metrics as flat name -> number | null, nested objects one level down ("latencyMs.p95"). */
export function flattenMetrics(metrics: object): [string, number | null][] {
  const out: [string, number | null][] = [];
  for (const [name, value] of Object.entries(metrics)) {
    if (typeof value === 'number' || value === null) out.push([name, value]);
    else if (typeof value === 'object')
      for (const [sub, v] of Object.entries(value as object))
        if (typeof v === 'number' || v === null) out.push([`${name}.${sub}`, v]);
  }
  return out;
}

const groupValue = (key: RunKey, field: GroupField): GroupValue =>
  field === 'policy' ? policyLabel(key) : keyField(key, field);

/**
 * The fields to group by when --by is not given: policy and scenario, and every other key field but
 * the seed that takes more than one value among the lines (runs of different durations or platform
 * files are not seeds of one group, and averaging them would mix different quantities).
 */
export function defaultBy(lines: readonly ResultLine[]): GroupField[] {
  const varies = (f: GroupField) => new Set(lines.map((l) => JSON.stringify(groupValue(l.key, f)))).size > 1;
  return GROUP_FIELDS.filter((f) => DEFAULT_BY.includes(f) || varies(f));
}

function compareValues(a: GroupValue, b: GroupValue): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a) < String(b) ? -1 : 1;
}

/**
 * Summarises result lines.
 *
 * @param best - metrics to name the best policy by (needs 'policy' among `by`)
 * @throws InputError for a best metric the lines do not have
 */
export function summarise(
  lines: readonly ResultLine[],
  by: readonly GroupField[],
  best: readonly string[] = DEFAULT_BEST,
): SummaryJson {
  const ok = lines.filter(isOk);
  const names: string[] = [];
  for (const line of ok) for (const [name] of flattenMetrics(line.metrics)) if (!names.includes(name)) names.push(name);
  if (ok.length > 0)
    for (const m of best)
      if (!names.includes(m))
        throw new InputError(`--best '${m}' is not a metric of these runs (valid: ${names.join(', ')})`);

  const groups = new Map<string, { group: Record<string, GroupValue>; lines: OkLine[] }>();
  for (const line of ok) {
    const group = Object.fromEntries(by.map((f) => [f, groupValue(line.key, f)]));
    const id = JSON.stringify(by.map((f) => group[f]));
    const entry = groups.get(id) ?? { group, lines: [] };
    entry.lines.push(line);
    groups.set(id, entry);
  }
  const ordered = [...groups.values()].sort((a, b) => {
    for (const f of by) {
      const c = compareValues(a.group[f]!, b.group[f]!);
      if (c !== 0) return c;
    }
    return 0;
  });
  const valuesOf = (g: { lines: OkLine[] }, metric: string) =>
    g.lines.map((l) => flattenMetrics(l.metrics).find(([n]) => n === metric)?.[1] ?? null);
  const summaries: GroupSummary[] = ordered.map((g) => ({
    group: g.group,
    runs: g.lines.length,
    metrics: Object.fromEntries(names.map((n) => [n, meanInterval(valuesOf(g, n))])),
  }));

  const bestRows: BestPolicy[] = [];
  if (by.includes('policy')) {
    const contextFields = by.filter((f) => f !== 'policy');
    const contexts = new Map<string, typeof ordered>();
    for (const g of ordered) {
      const id = JSON.stringify(contextFields.map((f) => g.group[f]));
      contexts.set(id, [...(contexts.get(id) ?? []), g]);
    }
    for (const metric of best) {
      const better = HIGHER_IS_BETTER.includes(metric) ? 'higher' : 'lower';
      for (const candidates of contexts.values()) {
        const ranked = candidates
          .map((g) => ({
            label: String(g.group.policy),
            values: valuesOf(g, metric).filter((v): v is number => v !== null),
            g,
          }))
          .filter((c) => c.values.length > 0)
          .map((c) => ({ ...c, mean: mean(c.values) }))
          .sort((a, b) => (better === 'lower' ? a.mean - b.mean : b.mean - a.mean) || compareValues(a.label, b.label));
        const [first, second] = ranked;
        if (first === undefined) continue;
        const test = second === undefined ? null : welchTTest(first.values, second.values);
        bestRows.push({
          context: Object.fromEntries(contextFields.map((f) => [f, first.g.group[f]!])),
          metric,
          better,
          best: first.label,
          mean: first.mean,
          runnerUp: second?.label ?? null,
          runnerUpMean: second?.mean ?? null,
          p: test?.p ?? null,
          significant: test === null ? null : test.p < ALPHA,
        });
      }
    }
  }
  return {
    by: [...by],
    method: METHOD,
    runs: lines.length,
    failed: lines.filter((l) => !isOk(l)).map((l) => ({ key: l.key, error: (l as { error: string }).error })),
    groups: summaries,
    best: bestRows,
  };
}
