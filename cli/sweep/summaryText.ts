/** `sweep summary` as text: one row per group and metric, then the best policy per scenario. */
import { formatTable, type Column } from '../table.js';
import type { SummaryJson } from './summary.js';

/** Four significant digits, whole numbers from 1000 up; '-' for null. */
export function formatNumber(v: number | null): string {
  if (v === null) return '-';
  if (!Number.isFinite(v)) return String(v);
  if (v === 0) return '0';
  return Math.abs(v) >= 1000 ? v.toFixed(0) : String(Number(v.toPrecision(4)));
}

/** A half-width that is rounding noise of equal values (every seed gave the same) shows as 0. */
function roundoff(halfWidth: number | null, mean: number | null): number | null {
  return halfWidth !== null && Math.abs(halfWidth) <= 1e-9 * Math.max(1, Math.abs(mean ?? 0)) ? 0 : halfWidth;
}

const show = (v: string | number | null) => (v === null ? '(built-in)' : String(v));

export function summaryText(s: SummaryJson): string {
  const out: string[] = [];
  const columns: Column[] = [
    ...s.by.map((f) => ({ header: f })),
    { header: 'runs', right: true },
    { header: 'metric' },
    { header: 'n', right: true },
    { header: 'mean', right: true },
    { header: '+-95 %', right: true },
  ];
  const rows = s.groups.flatMap((g) =>
    Object.entries(g.metrics).map(([name, m]) => [
      ...s.by.map((f) => show(g.group[f]!)),
      g.runs,
      name,
      m.n,
      formatNumber(m.mean),
      formatNumber(roundoff(m.halfWidth, m.mean)),
    ]),
  );
  out.push(formatTable(columns, rows));
  out.push(`\nintervals: ${s.method.interval}\n`);
  if (s.best.length > 0) {
    const context = Object.keys(s.best[0]!.context);
    out.push('\n');
    out.push(
      formatTable(
        [
          { header: 'metric' },
          ...context.map((f) => ({ header: f })),
          { header: 'best' },
          { header: 'mean', right: true },
          { header: 'runner-up' },
          { header: 'mean', right: true },
          { header: 'p', right: true },
          { header: 'significant' },
        ],
        s.best.map((b) => [
          `${b.metric} (${b.better} is better)`,
          ...context.map((f) => show(b.context[f]!)),
          b.best,
          formatNumber(b.mean),
          b.runnerUp ?? '-',
          formatNumber(b.runnerUpMean),
          b.p === null ? '-' : b.p === 0 ? '0' : b.p < 1e-4 ? b.p.toExponential(1) : b.p.toFixed(4),
          b.significant === null
            ? b.runnerUp === null
              ? 'no runner-up'
              : 'n/a (< 2 runs)'
            : b.significant
              ? 'yes'
              : 'no',
        ]),
      ),
    );
    out.push(`\ntest: ${s.method.test}\n`);
  } else if (!s.by.includes('policy')) out.push('\n(no best policy: --by does not include policy)\n');
  if (s.failed.length > 0)
    out.push(
      `\n${s.failed.length} of ${s.runs} runs failed and are left out; the first: ${JSON.stringify(s.failed[0]!.key)}: ${s.failed[0]!.error}\n`,
    );
  return out.join('');
}
