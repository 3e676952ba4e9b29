/**
 * A sweep's matrix file: reading it and checking it against its JSON Schema (cli/sweep/
 * matrix.schema.json) the way scenario and platform files are checked, so a bad file is one line
 * naming the file and the field.
 */
import { readFileSync, statSync } from 'node:fs';
import { checkAgainstSchema, DataFileError, parseJson } from '../../dnn/schemaCheck.js';
import type { RunFilter } from './filters.js';
import schema from './matrix.schema.json' with { type: 'json' };

/** A policy axis entry: a name, 'all', a file, or a built-in policy with a grid of tunables. */
export type PolicyEntry = string | { policy: string; tunables: Record<string, number | number[]> };

/** A matrix as the schema admits it. */
export interface SweepMatrix {
  $schema?: string;
  policies: PolicyEntry[];
  scenarios: string[];
  /** Default: each scenario's own seed. */
  seeds?: number[] | { from: number; to: number };
  /** Default: each scenario's own duration. */
  durationS?: number | number[];
  /** null: the scenario's built-in platform. Default [null]. */
  platformFiles?: (string | null)[];
  include?: RunFilter[];
  exclude?: RunFilter[];
}

/** The matrix's JSON Schema (for editors: `"$schema"` in a matrix file may point at it). */
export const matrixSchema: object = schema;

/** Checks parsed JSON as a matrix; `file` names it in messages. */
export function checkMatrix(data: unknown, file: string): SweepMatrix {
  return checkAgainstSchema<SweepMatrix>(schema, data, file);
}

/**
 * Reads, parses and checks a matrix file.
 *
 * @throws DataFileError naming the path (and the field) when it is missing, unreadable, a directory,
 *   not JSON or not a matrix
 */
export function readMatrix(path: string): SweepMatrix {
  let text: string;
  try {
    if (statSync(path).isDirectory()) throw new DataFileError(path, '', 'is a directory; expected a matrix JSON file');
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if (err instanceof DataFileError) throw err;
    throw new DataFileError(
      path,
      '',
      `cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`,
    );
  }
  return checkMatrix(parseJson(text, path), path);
}
