/**
 * Where rt-app writes a workload's logs, as its file says (rt-app 1.0, doc/tutorial.txt, "global
 * object"): global.logdir (default "./", the folder it runs in), global.log_basename (default
 * "rt-app"), and whether it logs at all (log_size "disable" turns logging off).
 */
import { parseRelaxedJson } from './relaxedJson.js';

export interface RtappLogSettings {
  logdir: string;
  basename: string;
  disabled: boolean;
}

/** The file's log settings (a file twinrtm read before: a malformed one is not expected here). */
export function rtappLogSettings(text: string): RtappLogSettings {
  const root = parseRelaxedJson(text);
  const global = root.kind === 'object' ? root.entries.find((e) => e.key === 'global')?.value : undefined;
  const entries = global?.kind === 'object' ? global.entries : [];
  const str = (key: string) => {
    const v = entries.find((e) => e.key === key)?.value;
    return v?.kind === 'string' ? v.value : null;
  };
  return {
    logdir: str('logdir') ?? './',
    basename: str('log_basename') ?? 'rt-app',
    disabled: str('log_size')?.toLowerCase() === 'disable',
  };
}
