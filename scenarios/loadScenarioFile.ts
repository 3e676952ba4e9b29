/** Reads and checks a scenario file from disk; file I/O kept out of checkScenario so it stays pure. */
import { readFileSync } from 'node:fs';
import { DataFileError, parseJson } from '../dnn/schemaCheck.js';
import { checkScenario } from './checkScenario.js';
import type { Scenario } from './types.js';

/**
 * Reads, parses and checks a scenario file.
 *
 * @param path - path of a JSON scenario file (see scenarios/schema/scenario.schema.json)
 * @returns the complete Scenario, defaults filled in
 * @throws DataFileError naming the path (and the field, where one is at fault) when the file is
 *   missing, unreadable, not JSON or not a valid scenario
 */
export function loadScenarioFile(path: string): Scenario {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new DataFileError(path, '', `cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  return checkScenario(parseJson(text, path), path);
}
