/**
 * What a report reads: each file recognised by its content (not its name) as a trace or as the JSON
 * of simulate, space, ranges, calibrate or hil compare, and checked enough that a figure can be made
 * from it; anything else is refused with one line naming the file and what was expected.
 */
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { InputError } from '../../dnn/inputError.js';
import type { DynamicRange } from '../../models/dynamicRange.js';
import type { CalibrateJson } from '../commands/calibrate.js';
import type { CompareJson } from '../commands/hilCompare.js';
import type { SimulateJson } from '../commands/simulate.js';
import type { SpaceJson } from '../commands/space.js';
import { isRunEvent, readRunTrace, type RunTrace } from './traceReader.js';

export type ReportInput =
  | { kind: 'trace'; path: string; trace: RunTrace }
  | { kind: 'simulate'; path: string; value: SimulateJson }
  | { kind: 'space'; path: string; value: SpaceJson }
  | { kind: 'ranges'; path: string; value: DynamicRange; /** What ranges --json names it for (older output: null). */ named: { platform: string; dnn: string | null } | null }
  | { kind: 'calibrate'; path: string; value: CalibrateJson }
  | { kind: 'compare'; path: string; value: CompareJson };

export const EXPECTED = 'a trace (simulate --trace, hil run --trace) or the --json output of simulate, space, ranges, calibrate or hil compare';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** The file's first line (up to 64 KB: a run event is far shorter). */
function firstLine(path: string): string {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (err) {
    throw new InputError(`cannot read ${path} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  try {
    const buffer = Buffer.alloc(1 << 16);
    const n = readSync(fd, buffer, 0, buffer.length, 0);
    const text = buffer.subarray(0, n).toString('utf8');
    const nl = text.indexOf('\n');
    return nl < 0 ? text : text.slice(0, nl);
  } catch (err) {
    throw new InputError(`cannot read ${path} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  } finally {
    closeSync(fd);
  }
}

export function readInput(path: string): ReportInput {
  const head = firstLine(path);
  try {
    if (isRunEvent(JSON.parse(head))) return { kind: 'trace', path, trace: readRunTrace(path) };
  } catch (err) {
    if (err instanceof InputError) throw err;
    // Not one JSON value on the first line: a pretty-printed JSON document, or not ours.
  }
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new InputError(`cannot read ${path} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  if (text.trim() === '') throw new InputError(`${path} is empty; expected ${EXPECTED}`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new InputError(`${path} is neither JSON nor a trace whose first line is a run event; expected ${EXPECTED}`);
  }
  return classify(path, value);
}

function classify(path: string, v: unknown): ReportInput {
  if (!isObject(v)) throw new InputError(`${path}: not a JSON object; expected ${EXPECTED}`);
  if (Array.isArray(v['results']) && typeof v['scenario'] === 'string') {
    const results = v['results'] as unknown[];
    if (results.length === 0) throw new InputError(`${path}: simulate output with no results; expected at least one policy's metrics`);
    results.forEach((r, i) => {
      if (!isObject(r) || typeof r['policy'] !== 'string' || !isObject(r['metrics'])) throw new InputError(`${path}: results[${i}] has no policy and metrics; expected simulate --json output`);
    });
    return { kind: 'simulate', path, value: v as unknown as SimulateJson };
  }
  if (Array.isArray(v['configs']) && typeof v['platform'] === 'string' && isNumber(v['spaceSize'])) {
    const configs = v['configs'] as unknown[];
    if (configs.length === 0) throw new InputError(`${path}: space output with no configurations`);
    configs.forEach((c, i) => {
      if (!isObject(c) || !isObject(c['config']) || !isNumber(c['timeMs']) || !isNumber(c['energyMJ'])) throw new InputError(`${path}: configs[${i}] lacks config, timeMs or energyMJ; expected space --json output`);
    });
    return { kind: 'space', path, value: v as unknown as SpaceJson };
  }
  if (isObject(v['groupsOnly']) && isObject(v['withMapping']) && isObject(v['withMappingAndDvfs'])) {
    for (const k of ['groupsOnly', 'withMapping', 'withMappingAndDvfs']) {
      const r = v[k] as Json;
      if (!isNumber(r['time']) || !isNumber(r['energy'])) throw new InputError(`${path}: ${k} lacks time or energy; expected ranges --json output`);
    }
    const named = typeof v['platform'] === 'string' ? { platform: v['platform'] as string, dnn: typeof v['dnn'] === 'string' ? (v['dnn'] as string) : null } : null;
    return { kind: 'ranges', path, value: v as unknown as DynamicRange, named };
  }
  if (isObject(v['validation']) && Array.isArray(v['params'])) {
    if (!Array.isArray((v['validation'] as Json)['points'])) {
      throw new InputError(`${path}: calibrate output without validation points (written by an older twinrtm); run calibrate --json again`);
    }
    if (((v['validation'] as Json)['points'] as unknown[]).length === 0) throw new InputError(`${path}: calibrate output with no validated configuration (no whole-inference rows)`);
    return { kind: 'calibrate', path, value: v as unknown as CalibrateJson };
  }
  if (Array.isArray(v['windows']) && typeof v['policy'] === 'string' && 'powerAccuracy' in v) {
    if ((v['windows'] as unknown[]).length === 0) throw new InputError(`${path}: hil compare output with no windows (the run traced no inference)`);
    return { kind: 'compare', path, value: v as unknown as CompareJson };
  }
  throw new InputError(`${path}: unknown kind of file; expected ${EXPECTED}`);
}
