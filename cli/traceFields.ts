/**
 * The fields a command reads of a trace's events, checked before any is used: a trace edited by hand,
 * cut short or written by another program is one line naming the event's field and what it should
 * be, rather than a TypeError or a message about '[object Object]'. The report and hil compare each
 * say which fields they read ('?': it may be missing).
 */
import type { TraceEvent } from '../sim/traceEvents.js';

export type FieldType = 'number' | 'string' | 'boolean' | 'object' | 'numbers' | 'strings' | 'config';

/** Per kind of event, the fields read and what each must be. */
export type EventFields = Partial<Record<TraceEvent['kind'], Record<string, FieldType | `${FieldType}?`>>>;

export const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function hasType(v: unknown, type: FieldType): boolean {
  switch (type) {
    case 'number':
      return typeof v === 'number' && Number.isFinite(v);
    case 'string':
    case 'boolean':
      return typeof v === type;
    case 'object':
      return isObject(v);
    case 'numbers':
      return isObject(v) && Object.values(v).every((x) => x === null || typeof x === 'number');
    case 'strings':
      return Array.isArray(v) && v.every((x) => typeof x === 'string');
    case 'config':
      return (
        isObject(v) &&
        typeof v.groups === 'number' &&
        typeof v.unit === 'string' &&
        typeof v.cores === 'number' &&
        isObject(v.freqMHz) &&
        Object.values(v.freqMHz).every((x) => typeof x === 'number')
      );
  }
}

const EXPECTED: Record<FieldType, string> = {
  number: 'a number',
  string: 'a string',
  boolean: 'true or false',
  object: 'an object',
  numbers: 'an object of numbers',
  strings: 'a list of strings',
  config: 'a configuration { groups, unit, cores, freqMHz }',
};

/** A value as a refusal names it: "missing", "null", "a list", "an object", or its type and text. */
export function describeValue(v: unknown): string {
  if (v === undefined) return 'missing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  return typeof v === 'object' ? 'an object' : `${typeof v} ${JSON.stringify(v).slice(0, 40)}`;
}

/** What is wrong with an event for a reader of these fields, in words; null when it can be read. */
export function eventProblem(e: unknown, fields: EventFields): string | null {
  if (!isObject(e) || typeof e.kind !== 'string') return 'not a trace event (an object with a kind)';
  for (const [name, spec] of Object.entries(fields[e.kind as TraceEvent['kind']] ?? {})) {
    const optional = spec.endsWith('?');
    const type = spec.replace('?', '') as FieldType;
    if (optional && e[name] === undefined) continue;
    if (!hasType(e[name], type))
      return `the ${e.kind} event's ${name} is ${describeValue(e[name])}; expected ${EXPECTED[type]}`;
  }
  return null;
}
