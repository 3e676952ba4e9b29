/**
 * A plain-text table: columns padded to their widest cell, numbers right-aligned, so terminal output
 * lines up without a dependency.
 */
export type Cell = string | number | null;

export interface Column {
  header: string;
  /** Right-align (numbers); default: left. */
  right?: boolean;
}

export function formatTable(columns: readonly Column[], rows: readonly (readonly Cell[])[]): string {
  const text = rows.map((row) => row.map((cell) => (cell === null ? '-' : String(cell))));
  const widths = columns.map((c, i) => Math.max(c.header.length, ...text.map((r) => r[i]?.length ?? 0)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => (columns[i]?.right ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return `${[line(columns.map((c) => c.header)), line(widths.map((w) => '-'.repeat(w))), ...text.map(line)].join('\n')}\n`;
}

/** A number with `digits` significant decimals, or '-' for null. */
export function fixed(value: number | null, digits: number): string {
  return value === null ? '-' : value.toFixed(digits);
}
