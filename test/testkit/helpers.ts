/**
 * Shared pieces of the test kit's tests: fixture paths, temporary directories, and the replay of a
 * counterexample through `twinrtm simulate` run in-process.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { judgeReplay, readReplayManifest } from '../../testkit/judgeReplay.js';
import type { Counterexample } from '../../testkit/types.js';
import { run } from '../cli/run.js';

/** The absolute path of a fixture policy module. */
export function fixture(name: string): string {
  return fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
}

/** A new empty directory for counterexample files. */
export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'twinrtm-testkit-test-'));
}

/** What a replay through the CLI showed. */
export interface Replay {
  /** What the property's judge finds in the traces (null: the failure did not show). */
  violation: string | null;
  /** The metrics `twinrtm simulate --json` printed, one per run. */
  metrics: any[];
  /** Every run's trace, as JSON objects. */
  traces: any[][];
}

/** Runs a counterexample's `twinrtm simulate` command lines through main() and judges their traces. */
export async function replayThroughCli(ce: Counterexample): Promise<Replay> {
  const manifest = readReplayManifest(ce.manifestFile);
  const metrics: any[] = [];
  for (const argv of manifest.runs) {
    const r = await run(...argv, '--json');
    if (r.code !== 0) throw new Error(`twinrtm ${argv.join(' ')} exited ${r.code}: ${r.err}`);
    metrics.push(JSON.parse(r.out).results[0].metrics);
  }
  const traces = manifest.traceFiles.map((f) =>
    readFileSync(f, 'utf8')
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => JSON.parse(l)),
  );
  return { violation: judgeReplay(ce.manifestFile), metrics, traces };
}
