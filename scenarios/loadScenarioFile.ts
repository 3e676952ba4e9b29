/** Reads and checks a scenario file from disk; file I/O kept out of checkScenario so it stays pure. */
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { InputError } from '../dnn/inputError.js';
import { DataFileError, parseJson } from '../dnn/schemaCheck.js';
import { checkScenario } from './checkScenario.js';
import type { RtappSource } from './rtapp/rtappSource.js';
import type { Scenario } from './types.js';

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw new DataFileError(path, '', `cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
}

/**
 * Reads, parses and checks a scenario file. An rt-app file a co-workload names by path is read
 * relative to the scenario file's folder.
 *
 * @param path - path of a JSON scenario file (see scenarios/schema/scenario.schema.json)
 * @returns the complete Scenario, defaults filled in
 * @throws DataFileError naming the path (and the field, where one is at fault) when the file is
 *   missing, unreadable, not JSON or not a valid scenario, or an rt-app file it names is
 */
export function loadScenarioFile(path: string): Scenario {
  const readRtappFile = (ref: string): RtappSource => {
    const file = isAbsolute(ref) ? ref : join(dirname(path), ref);
    try {
      return { text: readFileSync(file, 'utf8'), file };
    } catch (err) {
      throw new InputError(`${file} cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
    }
  };
  return checkScenario(parseJson(readText(path), path), path, { readRtappFile });
}
