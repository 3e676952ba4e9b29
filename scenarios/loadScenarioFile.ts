/** Reads and checks a scenario file from disk; file I/O kept out of checkScenario so it stays pure. */
import { readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { networkById } from '../dnn/builtinNetworks.js';
import { InputError } from '../dnn/inputError.js';
import { loadNetworkFile } from '../dnn/loadNetworkFile.js';
import { DataFileError, parseJson } from '../dnn/schemaCheck.js';
import type { Dnn } from '../dnn/types.js';
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

/** The networks read for the scenarios loaded here, so running one does not read its file again. */
const networks = new WeakMap<Scenario, Dnn>();

/**
 * Reads, parses and checks a scenario file. An rt-app file a co-workload names by path, and the
 * network file `dnnFile` names, are read relative to the scenario file's folder.
 *
 * @param path - path of a JSON scenario file (see scenarios/schema/scenario.schema.json)
 * @param options - onNote: told what an rt-app file asks for that is ignored or approximated
 * @returns the complete Scenario, defaults filled in
 * @throws DataFileError naming the path (and the field, where one is at fault) when the file is
 *   missing, unreadable, not JSON or not a valid scenario, or an rt-app file or the network file it
 *   names is (the network loader's line after "PATH: dnnFile: ")
 */
export function loadScenarioFile(path: string, options: Pick<CheckScenarioOptions, 'onNote'> = {}): Scenario {
  let network: Dnn | undefined;
  const scenario = checkScenario(parseJson(readText(path), path), path, {
    ...options,
    readRtappFile: rtappFileReader(path),
    readNetworkFile: (ref) => {
      const file = nextTo(path, ref);
      network = loadNetworkFile(file);
      // Absolute, so that checking the checked scenario again reads the same file from anywhere.
      return { dnn: network, file: resolve(file) };
    },
  });
  if (network !== undefined) networks.set(scenario, network);
  return scenario;
}

/**
 * The network a checked scenario runs: the one read from its dnnFile (kept from loading when the
 * scenario came from loadScenarioFile, read again otherwise), else the built-in network `dnn` names.
 *
 * @throws DataFileError for a dnnFile that can no longer be read; InputError for an unknown built-in id
 */
export function scenarioNetwork(scenario: Scenario): Dnn {
  const kept = networks.get(scenario);
  if (kept !== undefined) return kept;
  return scenario.dnnFile !== undefined ? loadNetworkFile(scenario.dnnFile) : networkById(scenario.dnn);
}

/**
 * The scenario file's rt-app workloads as its `rtapp` entries name them, their text read (relative to
 * the file), for a board that runs the real rt-app (hil run); the file itself is not checked here.
 */
export function rtappRunsOfFile(path: string): RtappRun[] {
  return rtappRunsOf(parseJson(readText(path), path), rtappFileReader(path));
}

/** A file a scenario file names: as given when absolute, else relative to the scenario file's folder (not resolved, so messages show it as named). */
function nextTo(scenarioPath: string, ref: string): string {
  return isAbsolute(ref) ? ref : join(dirname(scenarioPath), ref);
}

/** Reads the rt-app files a scenario file names, relative to it: regular files of a bounded size. */
function rtappFileReader(path: string): RtappFileReader {
  return (ref: string): RtappSource => {
    const file = nextTo(path, ref);
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
