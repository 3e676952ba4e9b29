/**
 * One line for anything wrong in an rt-app file: the file (and line:column where the text itself is
 * at fault), then the task, phase and key, then what was expected.
 * e.g. "video.json:14:9: task 'decoder', phase 'p1', key 'timer': period must be >= 0 us, got -5"
 */
import { InputError } from '../../dnn/inputError.js';
import type { JsonPosition } from './relaxedJson.js';

/** Where in the file: the section, task, phase and key, each when known. */
export interface RtappPlace {
  section?: 'global' | 'tasks' | 'resources';
  task?: string;
  phase?: string;
  key?: string;
}

/** "task 'a', phase 'p', key 'run'": the place in words; '' for the file as a whole. */
export function describePlace(place: RtappPlace): string {
  const parts: string[] = [];
  if (place.task !== undefined) parts.push(`task '${place.task}'`);
  else if (place.section !== undefined) parts.push(place.section);
  if (place.phase !== undefined && place.phase !== '') parts.push(`phase '${place.phase}'`);
  if (place.key !== undefined) parts.push(`key '${place.key}'`);
  return parts.join(', ');
}

/**
 * The place named by the keys around a value, outermost first, as the parser reports them:
 * ["tasks", "t1", "phases", "p1", "run"] is task 't1', phase 'p1', key 'run'.
 */
export function placeOfKeys(keys: readonly string[]): RtappPlace {
  const [section, task, third, phase, ...rest] = keys;
  if (section === 'global' || section === 'resources') return { section, ...(task !== undefined ? { key: task } : {}) };
  if (section !== 'tasks') return section !== undefined ? { key: section } : {};
  if (task === undefined) return { section };
  if (third === undefined) return { task };
  if (third !== 'phases') return { task, key: third };
  if (phase === undefined) return { task, key: 'phases' };
  return { task, phase, ...(rest[0] !== undefined ? { key: rest[0] } : {}) };
}

/** An rt-app file that twinrtm cannot take, as one line; an InputError, so the CLI exits 2. */
export class RtappError extends InputError {
  override name = 'RtappError';
  constructor(
    readonly file: string,
    readonly place: RtappPlace,
    readonly problem: string,
    readonly at?: JsonPosition,
  ) {
    const where = describePlace(place);
    super(
      `${file}${at !== undefined ? `:${at.line}:${at.column}` : ''}: ${where === '' ? '' : `${where}: `}${problem}`,
    );
  }
}
