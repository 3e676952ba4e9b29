/**
 * An rt-app file with global.calibration given as the ns per loop rt-app measured beforehand (hil run
 * --rtapp-calibrate), so rt-app starts its work at once instead of calibrating when its window opens.
 * The rest of the file is kept, written again (writeRelaxedJson.ts).
 */
import { parseRelaxedJson, type JsonEntry, type JsonNode } from './relaxedJson.js';
import { writeRelaxedJson } from './writeRelaxedJson.js';

/** The file with `"calibration": nsPerLoop` in its global section (one made where it has none). */
export function withCalibration(text: string, nsPerLoop: number): string {
  const root = parseRelaxedJson(text);
  if (root.kind !== 'object') return text;
  const at = root.at;
  const value: JsonNode = { kind: 'number', value: nsPerLoop, integer: true, at };
  const setIn = (global: JsonNode): JsonNode => {
    if (global.kind !== 'object') return global;
    const has = global.entries.some((e) => e.key === 'calibration');
    const entries: JsonEntry[] = has
      ? global.entries.map((e) => (e.key === 'calibration' ? { ...e, value } : e))
      : [...global.entries, { key: 'calibration', value, at }];
    return { ...global, entries };
  };
  const hasGlobal = root.entries.some((e) => e.key === 'global');
  const entries = hasGlobal
    ? root.entries.map((e) => (e.key === 'global' ? { ...e, value: setIn(e.value) } : e))
    : [{ key: 'global', at, value: setIn({ kind: 'object', entries: [], at }) }, ...root.entries];
  return writeRelaxedJson({ ...root, entries });
}
