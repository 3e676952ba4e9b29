/** Reads and checks a scenario file from disk; file I/O kept out of checkScenario so it stays pure. */
import { readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { InputError } from '../dnn/inputError.js';
import { DataFileError, parseJson } from '../dnn/schemaCheck.js';
import { checkScenario, type CheckScenarioOptions } from './checkScenario.js';
import type { RtappFileReader, RtappSource } from './rtapp/rtappSource.js';
import { rtappRunsOf, type RtappRun } from './rtapp/rtappRuns.js';
import type { Scenario } from './types.js';

/** The largest rt-app file read, bytes: far beyond any workload (Debian's largest example is 6 KB). */
export const MAX_RTAPP_FILE_BYTES = 4 * 1024 * 1024;

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw new DataFileError(
      path,
      '',
      `cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`,
    );
  }
}

/**
 * Reads, parses and checks a scenario file. An rt-app file a co-workload names by path is read
 * relative to the scenario file's folder.
 *
 * @param path - path of a JSON scenario file (see scenarios/schema/scenario.schema.json)
 * @param options - onNote: told what an rt-app file asks for that is ignored or approximated
 * @returns the complete Scenario, defaults filled in
 * @throws DataFileError naming the path (and the field, where one is at fault) when the file is
 *   missing, unreadable, not JSON or not a valid scenario, or an rt-app file it names is
 */
export function loadScenarioFile(path: string, options: Pick<CheckScenarioOptions, 'onNote'> = {}): Scenario {
  return checkScenario(parseJson(readText(path), path), path, { ...options, readRtappFile: rtappFileReader(path) });
}

/**
 * The scenario file's rt-app workloads as its `rtapp` entries name them, their text read (relative to
 * the file), for a board that runs the real rt-app (hil run); the file itself is not checked here.
 */
export function rtappRunsOfFile(path: string): RtappRun[] {
  return rtappRunsOf(parseJson(readText(path), path), rtappFileReader(path));
}

/** Reads the rt-app files a scenario file names, relative to it: regular files of a bounded size. */
function rtappFileReader(path: string): RtappFileReader {
  return (ref: string): RtappSource => {
    const file = isAbsolute(ref) ? ref : join(dirname(path), ref);
    let text: string;
    try {
      // A device or a fifo named by mistake would be read for ever: only a regular file, of a bounded size.
      const st = statSync(file);
      if (!st.isFile()) throw new InputError(`${file} is not a file; expected an rt-app JSON file`);
      if (st.size > MAX_RTAPP_FILE_BYTES)
        throw new InputError(`${file} is ${st.size} bytes; an rt-app file is at most ${MAX_RTAPP_FILE_BYTES}`);
      text = readFileSync(file, 'utf8');
    } catch (err) {
      if (err instanceof InputError) throw err;
      throw new InputError(`${file} cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
    }
    return { text, file };
  };
}
