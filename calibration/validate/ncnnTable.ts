/**
 * Reads ncnn's published benchmark table as a CSV (Tencent/ncnn benchmark/README.md parsed into one
 * row per benchncnn result line): device_section (the README heading the run stands under), block,
 * loop_count, num_threads, powersave (0 all cores, 1 little only, 2 big only), gpu_device (-1 the
 * CPU, 0 and up a Vulkan device), cooling_down, unit (`CPU` or `GPU:<device name>`), model, min_ms,
 * max_ms, avg_ms (ms per inference, batch 1). A leading readme_line column (the row's line in the
 * README, as the copies in calibration/ncnn/ have it) is allowed. Pure: text in, checked rows out.
 */
import { parse } from 'csv-parse/sync';
import { DataFileError } from '../../dnn/schemaCheck.js';

/** The table's columns, every one required (the header tells the format apart). */
export const NCNN_COLUMNS = [
  'device_section',
  'block',
  'loop_count',
  'num_threads',
  'powersave',
  'gpu_device',
  'cooling_down',
  'unit',
  'model',
  'min_ms',
  'max_ms',
  'avg_ms',
] as const;

/** Where a row ran: the CPU, or a Vulkan GPU (told by the `unit` column). */
export type NcnnDevice = 'cpu' | 'gpu';

/** One benchncnn result: a network's time per inference on a board, as the row states it. */
export interface NcnnTableRow {
  /** 1-based line of the file. */
  line: number;
  /** The row's line in ncnn's README when the file has a readme_line column, else null. */
  readmeLine: number | null;
  /** The README heading (the board, as its contributor described it). */
  section: string;
  threads: number;
  /** 0: all cores; 1: little cores only; 2: big cores only (ncnn's set_cpu_powersave). */
  powersave: 0 | 1 | 2;
  device: NcnnDevice;
  /** The `unit` cell as written (`CPU`, `GPU:NVIDIA Tegra X1 (nvgpu)`). */
  unitLabel: string;
  /** benchncnn's model name (`resnet18`, `squeezenet_int8`). */
  model: string;
  /** Mean time per inference over the run's loops, ms. */
  avgMs: number;
}

function headerOf(firstLine: string): string[] {
  return firstLine
    .replace(/^\uFEFF/, '')
    .trim()
    .split(',')
    .map((c) => c.trim());
}

/** Whether a CSV header is ncnn's benchmark table (how `twinrtm validate` tells the formats apart). */
export function isNcnnHeader(firstLine: string): boolean {
  const names = headerOf(firstLine);
  return NCNN_COLUMNS.every((c) => names.includes(c));
}

/**
 * @param text the whole file
 * @param file the name shown in a refusal
 * @throws DataFileError naming the file, the line and the column of the first bad value, or the missing column
 */
export function parseNcnnTable(text: string, file: string): NcnnTableRow[] {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    // With info, each record comes with the line it ends on (csv-parse's types do not follow the option).
    records = parse(text.replace(/^\uFEFF/, ''), {
      relax_column_count: true,
      skip_empty_lines: true,
      info: true,
    }) as unknown as typeof records;
  } catch (err) {
    throw new DataFileError(file, '', `not a readable CSV (${(err as Error).message.split('\n')[0]})`);
  }
  const header = (records[0]?.record ?? []).map((c) => c.trim());
  const index = Object.fromEntries(
    NCNN_COLUMNS.map((column) => {
      const i = header.indexOf(column);
      if (i < 0)
        throw new DataFileError(file, '', `no column ${column} (ncnn's table needs ${NCNN_COLUMNS.join(', ')})`);
      return [column, i];
    }),
  ) as Record<(typeof NCNN_COLUMNS)[number], number>;
  const readmeAt = header.indexOf('readme_line');
  const rows = records.slice(1).map(({ record: cells, info }): NcnnTableRow => {
    const line = info.lines;
    const cell = (at: number) => (cells[at] ?? '').trim();
    const bad = (column: string, text: string, expected: string) =>
      new DataFileError(file, `line ${line}: ${column}`, `'${text}' is not ${expected}`);
    const whole = (column: (typeof NCNN_COLUMNS)[number], min: number): number => {
      const text = cell(index[column]);
      const v = Number(text);
      if (text === '' || !Number.isInteger(v) || v < min) throw bad(column, text, `a whole number >= ${min}`);
      return v;
    };
    if (cells.length < header.length)
      throw new DataFileError(file, `line ${line}`, `${cells.length} cells, expected ${header.length}`);
    const section = cell(index.device_section);
    if (section === '') throw new DataFileError(file, `line ${line}: device_section`, 'empty');
    const model = cell(index.model);
    if (model === '') throw new DataFileError(file, `line ${line}: model`, 'empty');
    const powersave = whole('powersave', 0);
    if (powersave > 2) throw bad('powersave', String(powersave), '0 (all cores), 1 (little only) or 2 (big only)');
    const unitLabel = cell(index.unit);
    const device = unitLabel === 'CPU' ? 'cpu' : /^GPU\b/.test(unitLabel) ? 'gpu' : null;
    if (device === null) throw bad('unit', unitLabel, "'CPU' or 'GPU:<device name>'");
    const avgText = cell(index.avg_ms);
    const avgMs = Number(avgText);
    if (avgText === '' || !Number.isFinite(avgMs) || avgMs <= 0) throw bad('avg_ms', avgText, 'a positive number');
    let readmeLine: number | null = null;
    if (readmeAt >= 0) {
      const text = cell(readmeAt);
      readmeLine = Number(text);
      if (text === '' || !Number.isInteger(readmeLine) || readmeLine < 1)
        throw bad('readme_line', text, 'a line number');
    }
    return {
      line,
      readmeLine,
      section,
      threads: whole('num_threads', 1),
      powersave: powersave as 0 | 1 | 2,
      device,
      unitLabel,
      model,
      avgMs,
    };
  });
  if (rows.length === 0) throw new DataFileError(file, '', 'no rows');
  return rows;
}
