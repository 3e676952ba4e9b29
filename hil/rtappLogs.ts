/**
 * rt-app's own logs, as rt-app 1.0 writes them (doc/tutorial.txt, "Log and gnuplot"; src/rt-app.c,
 * thread_body): one file per thread, LOGDIR/BASENAME-TASK-IDX.log (BASENAME global.log_basename,
 * default "rt-app"; IDX the thread's index, threads numbered in file order), a "# Policy" line, a
 * header line, then one row per pass of the thread through a phase's events, eleven integers:
 *   idx perf run period start end rel_st slack c_duration c_period wu_lat
 * perf: busy-loop iterations; run: time the run and runtime events took, us; period: the pass's
 * length, us; start, end: CLOCK_MONOTONIC, us; rel_st: start after the workload's own start, us;
 * slack: the last timer's wake-up minus the time the thread reached it, us (negative: late); c_duration:
 * the run and runtime the file asks for, us; c_period: the timer periods, us; wu_lat: how late the
 * timers woke the thread, us. A pass rt-app was stopped inside is not logged.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { InputError } from '../dnn/inputError.js';

/** One row of a thread's log: one pass through a phase's events (the columns as the file's comment reads them). */
export interface RtappLogRow {
  /** Busy-loop iterations (perf). */
  perf: number;
  /** Time the run and runtime events took, us (run). */
  runUs: number;
  /** The pass's length, us (period). */
  periodUs: number;
  /** Its start, CLOCK_MONOTONIC, us (start). */
  startUs: number;
  /** Its end, CLOCK_MONOTONIC, us (end). */
  endUs: number;
  /** Its start after the workload's own, us (rel_st). */
  relStartUs: number;
  /** The last timer's wake-up minus when the thread reached it, us; negative: late (slack). */
  slackUs: number;
  /** Run and runtime the file asks for, us (c_duration). */
  configuredRunUs: number;
  /** The timer periods, us (c_period). */
  timerPeriodUs: number;
  /** How late the timers woke the thread, us (wu_lat). */
  wakeupLatencyUs: number;
}

/** One thread's log. */
export interface RtappThreadLog {
  /** The task's name. */
  task: string;
  /** rt-app's idx: the thread's place in file order. */
  index: number;
  /** The log file's path. */
  file: string;
  /** Its rows, in file order. */
  rows: RtappLogRow[];
}

const COLUMNS = 11;

/**
 * Reads one log's text.
 * @throws InputError naming file:line for a row that is not eleven integers
 */
export function parseRtappLog(text: string, file: string): RtappLogRow[] {
  const rows: RtappLogRow[] = [];
  const lines = text.split('\n');
  lines.forEach((line, i) => {
    const t = line.trim();
    if (t === '' || t.startsWith('#')) return;
    const v = t.split(/\s+/).map(Number);
    // A last line torn by a kill is not a row rt-app finished writing.
    if (i === lines.length - 1 && (v.length !== COLUMNS || !text.endsWith('\n'))) return;
    if (v.length !== COLUMNS || !v.every(Number.isInteger))
      throw new InputError(
        `${file}:${i + 1}: not a row of rt-app's log (expected ${COLUMNS} integers: idx perf run period start end rel_st slack c_duration c_period wu_lat)`,
      );
    const [
      ,
      perf,
      runUs,
      periodUs,
      startUs,
      endUs,
      relStartUs,
      slackUs,
      configuredRunUs,
      timerPeriodUs,
      wakeupLatencyUs,
    ] = v as [number, number, number, number, number, number, number, number, number, number, number];
    rows.push({
      perf,
      runUs,
      periodUs,
      startUs,
      endUs,
      relStartUs,
      slackUs,
      configuredRunUs,
      timerPeriodUs,
      wakeupLatencyUs,
    });
  });
  return rows;
}

/**
 * Every thread log of one workload in its folder.
 * @param folder - where rt-app ran (its "./")
 * @param logdir - global.logdir as the file gives it (relative to the folder), default "./"
 * @param basename - global.log_basename, default "rt-app"
 * @param tasks - the file's task names, so a name with '-' in it is read whole
 * @returns the logs found (none where rt-app wrote none, e.g. log_size "disable")
 */
export function readRtappLogs(
  folder: string,
  logdir: string,
  basename: string,
  tasks: readonly string[],
): RtappThreadLog[] {
  const dir = isAbsolute(logdir) ? logdir : join(folder, logdir);
  if (!existsSync(dir)) return [];
  const out: RtappThreadLog[] = [];
  for (const file of readdirSync(dir).sort()) {
    const m = /^(.*)-(\d+)\.log$/.exec(file);
    if (!m || !m[1]!.startsWith(`${basename}-`)) continue;
    const task = m[1]!.slice(basename.length + 1);
    if (!tasks.includes(task)) continue;
    const path = join(dir, file);
    out.push({ task, index: Number(m[2]), file: path, rows: parseRtappLog(readFileSync(path, 'utf8'), path) });
  }
  return out.sort((a, b) => a.index - b.index);
}
