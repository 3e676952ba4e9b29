/**
 * Reads Powmon's A15 measurement table (data/public/powmon-xu3-a15/powmon_A15_key.csv; SOURCE.md
 * there says what each column is): one row per 30 s run of a workload at one A15 clock with 1-4
 * threads, the A15 rail's power, its measured voltage and temperature, and PMU event rates averaged
 * over the four A15 cores. Pure: text in, checked rows out.
 */
import { parse } from 'csv-parse/sync';
import { DataFileError } from '../../dnn/schemaCheck.js';
import type { PowmonA15Event } from './powmonEvents.js';

/** One run of Powmon's A15 table: the workload, its clock, voltage, power, temperature and event rates. */
export interface PowmonRow {
  /** 1-based line of the file. */
  line: number;
  /** The program run (workloadClasses.ts). */
  workload: string;
  /** Threads it ran with. */
  threads: number;
  /** A15 clock, MHz. */
  freqMHz: number;
  /** Measured A15 supply voltage, V. */
  voltageV: number;
  /** Measured A15 rail power, W. */
  powerW: number;
  /** Mean A15 core temperature, C. */
  temperatureC: number;
  /** Per-core average event rates over the cluster, events per second. */
  rates: Record<PowmonA15Event, number>;
}

/** The columns read, all required. */
export const POWMON_COLUMNS = {
  workload: 'workload',
  threads: 'n_threads',
  freqMHz: 'f_A15_MHz',
  voltageV: 'V_A15_V',
  powerW: 'P_A15_W',
  temperatureC: 'T_A15_avg_C',
  cycles: 'A15_cycles_per_s_avg',
  instSpec: 'A15_0x1b_INST_SPEC_per_s',
  l2dCacheRead: 'A15_0x50_L2D_CACHE_RD_per_s',
  unalignedLdstSpec: 'A15_0x6a_UNALIGNED_LDST_SPEC_per_s',
  intOps: 'A15_0x73_DP_SPEC_per_s',
  l1iAccess: 'A15_0x14_L1I_CACHE_per_s',
  busAccess: 'A15_0x19_BUS_ACCESS_per_s',
} as const;

/** Whether a CSV header is Powmon's (how `twinrtm validate` tells the formats apart). */
export function isPowmonHeader(firstLine: string): boolean {
  const names = firstLine
    .replace(/^\uFEFF/, '')
    .trim()
    .split(',');
  return Object.values(POWMON_COLUMNS).every((c) => names.includes(c));
}

/**
 * @param text the whole file
 * @param file the name shown in a refusal
 * @throws DataFileError naming the file, the line and the column of the first bad value, or the missing column
 */
export function parsePowmonTable(text: string, file: string): PowmonRow[] {
  let records: string[][];
  try {
    records = parse(text.replace(/^\uFEFF/, ''), { relax_column_count: true, skip_empty_lines: true });
  } catch (err) {
    throw new DataFileError(file, '', `not a readable CSV (${(err as Error).message.split('\n')[0]})`);
  }
  const header = records[0] ?? [];
  const index = Object.fromEntries(
    Object.entries(POWMON_COLUMNS).map(([key, column]) => {
      const i = header.indexOf(column);
      if (i < 0)
        throw new DataFileError(
          file,
          '',
          `no column ${column} (a Powmon A15 table needs ${Object.values(POWMON_COLUMNS).join(', ')})`,
        );
      return [key, i];
    }),
  ) as Record<keyof typeof POWMON_COLUMNS, number>;
  const rows = records.slice(1).map((cells, i) => {
    const line = i + 2;
    const num = (key: keyof typeof POWMON_COLUMNS, positive: boolean): number => {
      const text = cells[index[key]] ?? '';
      const v = Number(text);
      if (text.trim() === '' || !Number.isFinite(v) || v < 0 || (positive && v === 0)) {
        throw new DataFileError(
          file,
          `line ${line}: ${POWMON_COLUMNS[key]}`,
          `'${text}' is not a ${positive ? 'positive' : 'non-negative'} number`,
        );
      }
      return v;
    };
    const workload = (cells[index.workload] ?? '').trim();
    if (workload === '') throw new DataFileError(file, `line ${line}: workload`, 'empty');
    const threads = num('threads', true);
    if (!Number.isInteger(threads))
      throw new DataFileError(file, `line ${line}: n_threads`, `'${threads}' is not a whole number`);
    const instSpec = num('instSpec', false);
    const intOps = num('intOps', false);
    return {
      line,
      workload,
      threads,
      freqMHz: num('freqMHz', true),
      voltageV: num('voltageV', true),
      powerW: num('powerW', true),
      temperatureC: Number(cells[index.temperatureC]),
      rates: {
        cycles: num('cycles', false),
        // Powmon's regressor: speculatively executed instructions other than integer data processing.
        instSpecMinusIntOps: instSpec - intOps,
        l2dCacheRead: num('l2dCacheRead', false),
        unalignedLdstSpec: num('unalignedLdstSpec', false),
        intOps,
        l1iAccess: num('l1iAccess', false),
        busAccess: num('busAccess', false),
      },
    };
  });
  for (const r of rows) {
    if (!Number.isFinite(r.temperatureC)) throw new DataFileError(file, `line ${r.line}: T_A15_avg_C`, 'not a number');
  }
  if (rows.length === 0) throw new DataFileError(file, '', 'no rows');
  return rows;
}
