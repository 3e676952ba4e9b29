/**
 * The accuracy-table rules a JSON Schema cannot say: each g at most once and within 1..G, and no
 * number without a source.
 */
import { DataFileError } from './schemaCheck.js';
import type { AccuracyTable } from './types.js';

/**
 * Checks a schema-valid accuracy table against the network's group count and returns a copy.
 *
 * In plain words: every entry is for a g the network can run, no g twice, and entries come with the
 * record of where they were measured (source null means unmeasured, so entries must be empty).
 *
 * @param table - the table as written in the network file
 * @param groups - the network's G
 * @param file - the name shown in errors
 * @returns a fresh copy of the table
 * @throws DataFileError naming the offending field
 */
export function checkAccuracyTable(table: AccuracyTable, groups: number, file: string): AccuracyTable {
  if (table.source === null && table.entries.length > 0) {
    throw new DataFileError(file, 'accuracy.source', 'is null but entries are given (say where they were measured)');
  }
  const firstIndexOf = new Map<number, number>();
  table.entries.forEach((entry, index) => {
    const field = `accuracy.entries[${index}].groups`;
    if (entry.groups > groups) {
      throw new DataFileError(file, field, `must be between 1 and the network's groups (${groups})`);
    }
    const earlier = firstIndexOf.get(entry.groups);
    if (earlier !== undefined) {
      throw new DataFileError(file, field, `duplicates accuracy.entries[${earlier}] (groups ${entry.groups})`);
    }
    firstIndexOf.set(entry.groups, index);
  });
  return {
    source:
      table.source === null
        ? null
        : { ...table.source, ...(table.source.confidence ? { confidence: { ...table.source.confidence } } : {}) },
    // The confidence fields are copied where given (absent: not measured).
    entries: table.entries.map((entry) => ({ ...entry })),
  };
}
