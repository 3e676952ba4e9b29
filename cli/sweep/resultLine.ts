/**
 * The lines of a sweep's results file (JSON Lines, append-only): one run each, with its full key,
 * the stamp of the sweep it belongs to (matrix hash, shard, run counts) and either the metrics
 * `twinrtm simulate --json` reports for the run or the run's error. Parsing tolerates a torn last
 * line, which a sweep killed mid-write may leave; anything else that is not a result line is refused.
 */
import { InputError } from '../../dnn/inputError.js';
import type { Metrics } from '../../sim/metrics.js';
import { normaliseKey, type RunKey } from './keys.js';

/** Which sweep a line belongs to. */
export interface SweepStamp {
  /** matrixHash() of the matrix. */
  matrix: string;
  /** "i/n" (0-based); "0/1" for a whole matrix and for merged files. */
  shard: string;
  /** Runs in the whole matrix. */
  runs: number;
  /** Runs in this shard. */
  shardRuns: number;
}

export interface OkLine {
  key: RunKey;
  sweep: SweepStamp;
  /** The policy's own name (a policy file's default export names itself). */
  policyName: string;
  metrics: Metrics;
}

export interface FailedLine {
  key: RunKey;
  sweep: SweepStamp;
  /** The run's error, one line. */
  error: string;
}

export type ResultLine = OkLine | FailedLine;

export function isOk(line: ResultLine): line is OkLine {
  return 'metrics' in line;
}

/** Metric fields that are wall-clock measurements, so differ from one run of the same key to the next. */
export const WALL_CLOCK_METRICS: readonly string[] = ['wallMs', 'decisionUs'];

/** The line as written: fields in a fixed order, one line, a newline. */
export function formatResultLine(line: ResultLine): string {
  const head = {
    key: normaliseKey(line.key),
    sweep: {
      matrix: line.sweep.matrix,
      shard: line.sweep.shard,
      runs: line.sweep.runs,
      shardRuns: line.sweep.shardRuns,
    },
  };
  return `${JSON.stringify(isOk(line) ? { ...head, policyName: line.policyName, metrics: line.metrics } : { ...head, error: line.error })}\n`;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;

/** What is wrong with a parsed line as a result line, or null when it is one. */
export function resultLineProblem(v: unknown): string | null {
  if (!isObject(v)) return 'not a JSON object';
  const k = v.key;
  if (!isObject(k)) return 'no key';
  if (typeof k.policy !== 'string' || typeof k.scenario !== 'string') return 'key without policy or scenario';
  if (typeof k.durationS !== 'number' || !Number.isInteger(k.seed)) return 'key without durationS or seed';
  if (k.platformFile !== undefined && typeof k.platformFile !== 'string') return 'key.platformFile is not a path';
  if (
    k.tunables !== undefined &&
    !(isObject(k.tunables) && Object.values(k.tunables).every((t) => typeof t === 'number'))
  )
    return 'key.tunables is not name -> number';
  const s = v.sweep;
  if (
    !isObject(s) ||
    typeof s.matrix !== 'string' ||
    typeof s.shard !== 'string' ||
    !isCount(s.runs) ||
    !isCount(s.shardRuns)
  )
    return 'no sweep stamp (matrix, shard, runs, shardRuns)';
  if (isObject(v.metrics)) return typeof v.policyName === 'string' ? null : 'metrics without policyName';
  if (typeof v.error === 'string') return null;
  return 'neither metrics nor error';
}

/** How every line starts (formatResultLine writes the key first). */
const LINE_START = '{"key":';

export interface ParsedResults {
  lines: ResultLine[];
  /** The last line was cut off mid-write (not JSON) and is not among `lines`. */
  torn: boolean;
  /** Bytes of the text up to the end of the last whole line: where appending may go on. */
  wholeBytes: number;
  /** The last line is whole JSON but has no newline after it. */
  unterminated: boolean;
}

/**
 * Parses a results file's text.
 *
 * @param file - names the file in messages
 * @throws InputError "file:N: not a sweep result line (why)" for a bad line other than a torn last one
 */
export function parseResultLines(text: string, file: string): ParsedResults {
  const parts = text.split('\n');
  const lines: ResultLine[] = [];
  let torn = false;
  let unterminated = false;
  let wholeBytes = 0;
  parts.forEach((part, i) => {
    const last = i === parts.length - 1;
    if (last && part === '') return;
    let value: unknown;
    let problem: string | null;
    try {
      value = JSON.parse(part);
      problem = resultLineProblem(value);
    } catch {
      problem = 'not JSON';
    }
    if (problem !== null) {
      // A write cut off leaves a prefix of a line, which starts as every line does: anything else at
      // the end (a file that is not a results file) is refused, not dropped.
      if (last && (part.startsWith(LINE_START) || LINE_START.startsWith(part))) {
        torn = true;
        return;
      }
      if (part.trim() === '') problem = 'an empty line';
      throw new InputError(`${file}:${i + 1}: not a sweep result line (${problem})`);
    }
    lines.push(value as ResultLine);
    wholeBytes += Buffer.byteLength(part) + (last ? 0 : 1);
    if (last) unterminated = true;
  });
  return { lines, torn, wholeBytes, unterminated };
}
