/**
 * A scenario's rt-app workloads as its file names them, for a board that runs the real rt-app binary
 * (hil run): the checked scenario holds only the co-workloads the twin made of them, named
 * `NAME:UNIT:K`, and the board needs the workload itself and its window.
 */
import { rtappSource, type RtappFileReader } from './rtappSource.js';

export interface RtappRun {
  /** The co-workload's name: the twin's stretches of it are named `NAME:UNIT:K`. */
  name: string;
  startS: number;
  /** Null: to the end of the run (or of the file's own duration). */
  endS: number | null;
  /** The rt-app file's text, and the name errors give it. */
  text: string;
  file: string;
  /** The entry's options for the twin, as given (absent: the default); checkScenario checked them. */
  options: RtappRunOptions;
}

/** The co-workload options that shape its threads in the twin (scenarios/types.ts, RtappCoworkloadEntry). */
export interface RtappRunOptions {
  cpus?: number[];
  freqMHz?: Record<string, number>;
  referenceCpu?: number;
  unsupported?: 'refuse' | 'approximate';
}

/**
 * The `rtapp` entries of a scenario's data (unchecked: checkScenario checks them); entries that are
 * not rt-app workloads are left out.
 * @param readFile - reads a path relative to the scenario file (none: only built-in names resolve)
 */
export function rtappRunsOf(data: unknown, readFile?: RtappFileReader): RtappRun[] {
  const entries = (data as { coworkloads?: unknown } | null)?.coworkloads;
  if (!Array.isArray(entries)) return [];
  return entries.flatMap((e: unknown) => {
    const entry = e as ({ name?: unknown; startS?: unknown; endS?: unknown; rtapp?: unknown } & RtappRunOptions) | null;
    if (typeof entry?.rtapp !== 'string') return [];
    const { text, file } = rtappSource(entry.rtapp, readFile);
    const options: RtappRunOptions = {
      ...(entry.cpus !== undefined ? { cpus: [...entry.cpus] } : {}),
      ...(entry.freqMHz !== undefined ? { freqMHz: { ...entry.freqMHz } } : {}),
      ...(entry.referenceCpu !== undefined ? { referenceCpu: entry.referenceCpu } : {}),
      ...(entry.unsupported !== undefined ? { unsupported: entry.unsupported } : {}),
    };
    return [
      {
        name: String(entry.name),
        startS: Number(entry.startS ?? 0),
        endS: typeof entry.endS === 'number' ? entry.endS : null,
        text,
        file,
        options,
      },
    ];
  });
}

/** Whether a checked co-workload is a stretch the twin made of this rt-app workload. */
export function isStretchOf(run: RtappRun, coworkloadName: string): boolean {
  return coworkloadName.startsWith(`${run.name}:`);
}
