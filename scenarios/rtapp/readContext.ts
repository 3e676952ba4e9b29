/**
 * What every part of the rt-app reader shares: the file's name for errors, the choice for unsupported
 * events, the notes collected so far, and typed reads of a JSON value that fail with one line.
 */
import type { JsonEntry, JsonNode } from './relaxedJson.js';
import { RtappError, type RtappPlace } from './rtappError.js';
import type { UnsupportedMode } from './types.js';

/** rt-app reads its numbers as C ints (json_object_get_int). */
export const RTAPP_INT_MAX = 2147483647;

export class ReadContext {
  readonly notes: string[] = [];

  constructor(
    readonly file: string,
    readonly unsupported: UnsupportedMode,
  ) {}

  fail(place: RtappPlace, problem: string, node?: JsonNode | JsonEntry): never {
    throw new RtappError(this.file, place, problem, node?.at);
  }

  note(line: string): void {
    if (!this.notes.includes(line)) this.notes.push(line);
  }

  /** An object's entries; `what` says what was expected in the error. */
  entries(node: JsonNode, place: RtappPlace, what: string): JsonEntry[] {
    if (node.kind !== 'object') this.fail(place, `expected ${what}, got ${kindName(node)}`, node);
    return node.entries;
  }

  /** An integer within [min, RTAPP_INT_MAX], or -1 where `forEver` allows it. */
  integer(node: JsonNode, place: RtappPlace, what: string, min: number, forEver = false): number {
    const expected = `${forEver ? '-1 (for ever) or ' : ''}an integer ${what} >= ${min}`;
    if (node.kind !== 'number' || !node.integer) this.fail(place, `expected ${expected}, got ${shown(node)}`, node);
    const v = node.value;
    if (forEver && v === -1) return v;
    if (v < min) this.fail(place, `expected ${expected}, got ${v}`, node);
    if (v > RTAPP_INT_MAX)
      this.fail(place, `${v} is more than ${RTAPP_INT_MAX}, the largest number rt-app reads (a C int)`, node);
    return v;
  }

  string(node: JsonNode, place: RtappPlace, what: string): string {
    if (node.kind !== 'string') this.fail(place, `expected ${what} (a string), got ${shown(node)}`, node);
    return node.value;
  }

  boolean(node: JsonNode, place: RtappPlace): boolean {
    if (node.kind !== 'boolean') this.fail(place, `expected true or false, got ${shown(node)}`, node);
    return node.value;
  }

  /** A non-empty list of distinct cpu numbers, as `cpus` is written. */
  cpus(node: JsonNode, place: RtappPlace): number[] {
    if (node.kind !== 'array' || node.items.length === 0)
      this.fail(place, `expected a non-empty array of cpu numbers, e.g. [0, 1], got ${shown(node)}`, node);
    const cpus = node.items.map((item) => this.integer(item, place, 'cpu number', 0));
    const twice = cpus.find((c, i) => cpus.indexOf(c) !== i);
    if (twice !== undefined) this.fail(place, `cpu ${twice} is listed twice`, node);
    return cpus;
  }
}

export function kindName(node: JsonNode): string {
  switch (node.kind) {
    case 'object':
      return 'an object';
    case 'array':
      return 'an array';
    case 'missing':
      return 'no value (a key without ":" and a value)';
    default:
      return `a ${node.kind}`;
  }
}

/** A value as the error shows it: a number or string itself, else its kind. */
export function shown(node: JsonNode): string {
  if (node.kind === 'number') return String(node.value);
  if (node.kind === 'string') return JSON.stringify(node.value);
  if (node.kind === 'boolean') return String(node.value);
  return kindName(node);
}
