/**
 * Where a scenario's `rtapp` reference leads: a name with no '/' that does not end in .json is a
 * built-in workload; anything else is a file, read relative to the scenario file by the reader the
 * caller gives (loadScenarioFile gives one; a scenario checked from memory has no folder to read from).
 */
import { InputError } from '../../dnn/inputError.js';
import { builtinRtappFile, builtinRtappNames, builtinRtappText } from './builtinRtapp.js';

/** An rt-app file's text and the name errors give it. */
export interface RtappSource {
  text: string;
  file: string;
}

/** Reads the rt-app file a scenario names by path (relative to the scenario file). */
export type RtappFileReader = (path: string) => RtappSource;

/** Whether a reference names a built-in workload rather than a file. */
export function isBuiltinRtappRef(ref: string): boolean {
  return !ref.includes('/') && !ref.includes('\\') && !ref.endsWith('.json');
}

/**
 * The text a reference leads to.
 * @throws InputError for an unknown built-in name, or a path with no reader to read it
 */
export function rtappSource(ref: string, readFile?: RtappFileReader): RtappSource {
  if (isBuiltinRtappRef(ref)) {
    const text = builtinRtappText(ref);
    if (text === null)
      throw new InputError(
        `unknown built-in rt-app workload '${ref}' (valid: ${builtinRtappNames().join(', ')}, or a path ending in .json)`,
      );
    return { text, file: builtinRtappFile(ref) };
  }
  if (!readFile)
    throw new InputError(
      `'${ref}' is a file, read relative to the scenario file: load the scenario from its file (loadScenarioFile, or the CLI) to read it`,
    );
  return readFile(ref);
}
