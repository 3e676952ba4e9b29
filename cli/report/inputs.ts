/**
 * What a report reads: each file recognised by its content (not its name) as a trace or as the JSON
 * of simulate, space, ranges, calibrate, hil compare or validate, and checked against the shape the figures
 * read (inputSchemas.ts); anything else is refused with one line naming the file, the field and what
 * was expected.
 */
import { closeSync, readSync } from 'node:fs';
import { InputError } from '../../dnn/inputError.js';
import { checkAgainstSchema, DataFileError } from '../../dnn/schemaCheck.js';
import { cannotRead, openToRead, readTextFile } from '../files.js';
import type { DynamicRange } from '../../models/dynamicRange.js';
import type { CalibrateJson, CompareJson, SimulateJson, SpaceJson } from '../outputTypes.js';
import type { ValidateOutput } from './figures/validation.js';
import {
  CALIBRATE_SCHEMA,
  COMPARE_SCHEMA,
  RANGES_SCHEMA,
  SIMULATE_SCHEMA,
  SPACE_SCHEMA,
  VALIDATE_SCHEMA,
} from './inputSchemas.js';
import { isRunEvent, readRunTrace, type RunTrace } from './traceReader.js';

export type ReportInput =
  | { kind: 'trace'; path: string; trace: RunTrace }
  | { kind: 'simulate'; path: string; value: SimulateJson }
  | { kind: 'space'; path: string; value: SpaceJson }
  | {
      kind: 'ranges';
      path: string;
      value: DynamicRange /** What ranges --json names it for (older output: null). */;
      named: { platform: string; dnn: string | null } | null;
    }
  | { kind: 'calibrate'; path: string; value: CalibrateJson }
  | { kind: 'compare'; path: string; value: CompareJson }
  | { kind: 'validate'; path: string; value: ValidateOutput };

export const EXPECTED =
  'a trace (simulate --trace, hil run --trace) or the --json output of validate, simulate, space, ranges, calibrate or hil compare';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** The file's first line (up to 64 KB: a run event is far shorter). */
function firstLine(path: string): string {
  const fd = openToRead(path);
  try {
    const buffer = Buffer.alloc(1 << 16);
    const n = readSync(fd, buffer, 0, buffer.length, 0);
    const text = buffer.subarray(0, n).toString('utf8');
    const nl = text.indexOf('\n');
    return nl < 0 ? text : text.slice(0, nl);
  } catch (err) {
    throw cannotRead(path, err);
  } finally {
    closeSync(fd);
  }
}

export function readInput(path: string): ReportInput {
  const line = firstLine(path);
  let head: unknown;
  try {
    head = JSON.parse(line);
  } catch {
    // Not one JSON value on the first line: a pretty-printed JSON document, or not ours.
  }
  if (isRunEvent(head)) return { kind: 'trace', path, trace: readRunTrace(path) };
  const text = readTextFile(path);
  if (text.trim() === '') throw new InputError(`${path} is empty; expected ${EXPECTED}`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new InputError(`${path} is neither JSON nor a trace whose first line is a run event; expected ${EXPECTED}`);
  }
  return classify(path, value);
}

/** The value checked against the kind's schema; a mismatch is one line naming the file and the field. */
function shaped<T>(schema: object, v: unknown, path: string, what: string): T {
  try {
    return checkAgainstSchema<T>(schema, v, path);
  } catch (err) {
    if (err instanceof DataFileError) throw new InputError(`${err.message}; expected ${what} output`, { cause: err });
    throw err;
  }
}

function classify(path: string, v: unknown): ReportInput {
  if (!isObject(v)) throw new InputError(`${path}: not a JSON object; expected ${EXPECTED}`);
  if (Array.isArray(v.results) && typeof v.scenario === 'string') {
    if ((v.results as unknown[]).length === 0)
      throw new InputError(`${path}: simulate output with no results; expected at least one policy's metrics`);
    return { kind: 'simulate', path, value: shaped<SimulateJson>(SIMULATE_SCHEMA, v, path, 'simulate --json') };
  }
  if (Array.isArray(v.configs) && typeof v.platform === 'string' && isNumber(v.spaceSize)) {
    if ((v.configs as unknown[]).length === 0) throw new InputError(`${path}: space output with no configurations`);
    return { kind: 'space', path, value: shaped<SpaceJson>(SPACE_SCHEMA, v, path, 'space --json') };
  }
  if (isObject(v.groupsOnly) && isObject(v.withMapping) && isObject(v.withMappingAndDvfs)) {
    const value = shaped<DynamicRange & { platform?: string; dnn?: string }>(RANGES_SCHEMA, v, path, 'ranges --json');
    const named = value.platform !== undefined ? { platform: value.platform, dnn: value.dnn ?? null } : null;
    return { kind: 'ranges', path, value, named };
  }
  if (isObject(v.validation) && Array.isArray(v.params)) {
    if (!Array.isArray((v.validation as Json).points)) {
      throw new InputError(
        `${path}: calibrate output without validation points (written by an older twinrtm); run calibrate --json again`,
      );
    }
    if (((v.validation as Json).points as unknown[]).length === 0)
      throw new InputError(`${path}: calibrate output with no validated configuration (no whole-inference rows)`);
    return { kind: 'calibrate', path, value: shaped<CalibrateJson>(CALIBRATE_SCHEMA, v, path, 'calibrate --json') };
  }
  if (Array.isArray(v.windows) && typeof v.policy === 'string' && 'powerAccuracy' in v) {
    if ((v.windows as unknown[]).length === 0)
      throw new InputError(`${path}: hil compare output with no windows (the run traced no inference)`);
    return { kind: 'compare', path, value: shaped<CompareJson>(COMPARE_SCHEMA, v, path, 'hil compare --json') };
  }
  if (
    typeof v.dataset === 'string' &&
    typeof v.format === 'string' &&
    Array.isArray(v.groups) &&
    Array.isArray(v.worst)
  ) {
    if (!Array.isArray(v.compared))
      throw new InputError(
        `${path}: validate output without the values compared (written by an older twinrtm); run validate --json again`,
      );
    if ((v.compared as unknown[]).length === 0)
      throw new InputError(`${path}: validate output with no value compared (no row of the table could be predicted)`);
    return { kind: 'validate', path, value: shaped<ValidateOutput>(VALIDATE_SCHEMA, v, path, 'validate --json') };
  }
  throw new InputError(`${path}: unknown kind of file; expected ${EXPECTED}`);
}
