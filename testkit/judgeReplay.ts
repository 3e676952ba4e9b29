/**
 * Whether a replay shows the failure: reads a counterexample's manifest and the traces its
 * `twinrtm simulate` runs wrote, rebuilds the runs' steps from the traces and asks the property's
 * own judge, the one that found the failure.
 */
import { readFileSync } from 'node:fs';
import { networkById } from '../dnn/builtinNetworks.js';
import { platformById } from '../models/builtinPlatforms.js';
import { loadPlatformFile } from '../models/loadPlatformFile.js';
import { loadScenarioFile } from '../scenarios/loadScenarioFile.js';
import type { TraceEvent } from '../sim/traceEvents.js';
import { KIT_PROPERTIES } from './properties/index.js';
import type { ReplayManifest } from './replayManifest.js';
import { stepsFromTrace } from './stepsFromTrace.js';

/** Reads a manifest written by a failing check. */
export function readReplayManifest(manifestFile: string): ReplayManifest {
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as ReplayManifest;
  if (manifest.kind !== 'twinrtm-check-counterexample')
    throw new Error(`${manifestFile} is not a twinrtm check counterexample manifest`);
  return manifest;
}

function readTrace(file: string): TraceEvent[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as TraceEvent);
}

/**
 * @param manifestFile - the counterexample's manifestFile
 * @param traceFiles - the traces of its runs, in order; default the paths its replay commands write
 * @returns the violation the replay shows, in one line, or null when it does not show it
 */
export function judgeReplay(manifestFile: string, traceFiles?: readonly string[]): string | null {
  const m = readReplayManifest(manifestFile);
  const scenarios = m.scenarioFiles.map((f) => loadScenarioFile(f));
  const platform = m.platformFile !== null ? loadPlatformFile(m.platformFile) : platformById(scenarios[0]!.platform);
  const dnn = networkById(m.dnn);
  const files = traceFiles ?? m.traceFiles;
  const runs = m.runScenarios.map((index, i) => stepsFromTrace(readTrace(files[i]!), scenarios[index]!, platform, dnn));
  return KIT_PROPERTIES[m.property].judge(runs, { platform, dnn, params: m.params });
}
