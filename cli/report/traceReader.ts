/**
 * Reads a trace (JSON Lines, from `simulate --trace` or `hil run --trace`) for the report, keeping
 * only what the figures draw, in columns: a one-hour run has hundreds of thousands of sensor lines,
 * and holding every event object would cost far more memory than these arrays. The file is read in
 * chunks for the same reason (an hour of trace is a few hundred MB).
 */
import { closeSync, readSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { eventProblem, type EventFields } from '../traceFields.js';
import { InputError } from '../../dnn/inputError.js';
import type { Configuration } from '../../models/types.js';
import type { Budgets } from '../../policies/types.js';
import type { TraceEvent } from '../../sim/traceEvents.js';
import { openToRead } from '../files.js';

type Of<K extends TraceEvent['kind']> = Extract<TraceEvent, { kind: K }>;

export interface RunTrace {
  path: string;
  run: Of<'run'>;
  /** Sensor reads: time (ms), board power (W), and per unit frequency (MHz) and temperature (C). */
  sensors: { t: number[]; powerW: number[]; freqMHz: Record<string, number[]>; temperatureC: Record<string, number[]> };
  /** Every finished inference: its end (ms), latency (ms), whether it met its deadline. */
  inferences: { endMs: number[]; latencyMs: number[]; deadlineMet: boolean[] };
  /** Requests dropped, at their arrival (ms). */
  drops: number[];
  /** Configurations put in force. */
  applies: { t: number; config: Configuration }[];
  /** The first inference's configuration, for the time before the first apply. */
  firstInference: { groups: number; unit: string; cores: number } | null;
  budgets: { t: number; budgets: Budgets }[];
  coworkloads: Of<'coworkload'>[];
  powerModes: Of<'power-mode'>[];
  /** The metrics of the run's end event; null when the run did not end (interrupted). */
  end: Record<string, unknown> | null;
  /** Lines read, and a last line cut off mid-way (an interrupted run), not used. */
  lines: number;
  skipped: { line: number; chars: number } | null;
}

const CHUNK = 1 << 20;

/** Calls `each` with every line of the file and its 1-based number; the last line may lack its newline. */
function forEachLine(path: string, each: (line: string, n: number, last: boolean) => void): void {
  const fd = openToRead(path);
  try {
    const buffer = Buffer.allocUnsafe(CHUNK);
    const decoder = new StringDecoder('utf8');
    let rest = '';
    let n = 0;
    for (;;) {
      const got = readSync(fd, buffer, 0, CHUNK, null);
      if (got === 0) break;
      const text = rest + decoder.write(buffer.subarray(0, got));
      let start = 0;
      for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
        each(text.slice(start, nl), ++n, false);
        start = nl + 1;
      }
      rest = text.slice(start);
    }
    rest += decoder.end();
    if (rest !== '') each(rest, ++n, true);
  } finally {
    closeSync(fd);
  }
}

/** Whether a first line is a trace's run event (how the report tells a trace from other files). */
export function isRunEvent(value: unknown): value is Of<'run'> {
  const v = value as { kind?: unknown; units?: unknown; policy?: unknown } | null;
  return (
    typeof v === 'object' && v !== null && v.kind === 'run' && Array.isArray(v.units) && typeof v.policy === 'string'
  );
}

/** What a field must be: a JSON type, an object of numbers, or a configuration. */
/** The fields the report reads of each kind of event (other kinds and other fields are not read). */
const FIELDS: EventFields = {
  run: {
    scenario: 'string',
    policy: 'string',
    seed: 'number',
    platform: 'string',
    units: 'strings',
    durationS: 'number',
  },
  sensor: { t: 'number', powerW: 'number', freqMHz: 'numbers', temperatureC: 'numbers' },
  inference: {
    endMs: 'number',
    latencyMs: 'number',
    deadlineMet: 'boolean',
    groups: 'number',
    unit: 'string',
    cores: 'number',
  },
  drop: { arrivalMs: 'number' },
  apply: { t: 'number', config: 'config' },
  budgets: { t: 'number', budgets: 'numbers' },
  coworkload: { t: 'number', name: 'string', event: 'string', unit: 'string' },
  'power-mode': { t: 'number', mode: 'string' },
  end: { metrics: 'object' },
};

/** Refuses, naming path:line and the field, an event whose fields the report reads are not what they should be. */
function checkEvent(e: unknown, path: string, n: number): asserts e is TraceEvent {
  const problem = eventProblem(e, FIELDS);
  if (problem !== null)
    throw new InputError(`${path}:${n}: ${problem} (a trace written by simulate --trace or hil run --trace)`);
}

export function readRunTrace(path: string): RunTrace {
  let trace: RunTrace | null = null;
  forEachLine(path, (line, n, last) => {
    if (line.trim() === '') return;
    let e: unknown;
    try {
      e = JSON.parse(line);
    } catch {
      // A run that was stopped leaves its last line half written: use the complete lines, say so.
      if (last && trace !== null) {
        trace.skipped = { line: n, chars: line.length };
        return;
      }
      throw new InputError(
        `${path}:${n}: not a JSON line; expected a trace (JSON Lines) written by simulate --trace or hil run --trace`,
      );
    }
    if (trace === null && !isRunEvent(e))
      throw new InputError(
        `${path}:${n}: the first event is not a run event; expected a trace written by simulate --trace or hil run --trace`,
      );
    checkEvent(e, path, n);
    if (trace === null) trace = empty(path, e as Of<'run'>);
    trace.lines = n;
    add(trace, e);
  });
  if (trace === null)
    throw new InputError(`${path} is empty; expected a trace written by simulate --trace or hil run --trace`);
  return trace;
}

function empty(path: string, run: Of<'run'>): RunTrace {
  const perUnit = () => Object.fromEntries(run.units.map((u) => [u, [] as number[]]));
  return {
    path,
    run,
    sensors: { t: [], powerW: [], freqMHz: perUnit(), temperatureC: perUnit() },
    inferences: { endMs: [], latencyMs: [], deadlineMet: [] },
    drops: [],
    applies: [],
    firstInference: null,
    budgets: [],
    coworkloads: [],
    powerModes: [],
    end: null,
    lines: 0,
    skipped: null,
  };
}

function add(trace: RunTrace, e: TraceEvent): void {
  switch (e.kind) {
    case 'sensor': {
      const s = trace.sensors;
      s.t.push(e.t);
      s.powerW.push(e.powerW);
      // A unit the sensor did not read gets NaN, so every column stays as long as t.
      for (const u of trace.run.units) {
        s.freqMHz[u]!.push(e.freqMHz[u] ?? NaN);
        s.temperatureC[u]!.push(e.temperatureC[u] ?? NaN);
      }
      break;
    }
    case 'inference':
      trace.inferences.endMs.push(e.endMs);
      trace.inferences.latencyMs.push(e.latencyMs);
      trace.inferences.deadlineMet.push(e.deadlineMet);
      if (trace.firstInference === null) trace.firstInference = { groups: e.groups, unit: e.unit, cores: e.cores };
      break;
    case 'drop':
      trace.drops.push(e.arrivalMs);
      break;
    case 'apply':
      trace.applies.push({ t: e.t, config: e.config });
      break;
    case 'budgets':
      trace.budgets.push({ t: e.t, budgets: e.budgets });
      break;
    case 'coworkload':
      trace.coworkloads.push(e);
      break;
    case 'power-mode':
      trace.powerModes.push(e);
      break;
    case 'end':
      trace.end = e.metrics;
      break;
    default:
      break;
  }
}
