/**
 * The CLI in a process of its own, from the TypeScript sources, as the sweep tests need it (a sweep to
 * kill, shards in separate processes, the deploy scripts' `twinrtm`): `node --import tsx
 * cliProcess.ts ARGS...` is `twinrtm ARGS...`.
 */
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../../../cli/main.js';
import { processIo } from '../../../cli/io.js';

const self = fileURLToPath(import.meta.url);

/** The command line that runs `twinrtm ARGS...` from the sources: [executable, ...arguments]. */
export function twinrtmCommand(): string[] {
  return [process.execPath, '--import', import.meta.resolve('tsx'), self];
}

/** Writes an executable `twinrtm` into dir/bin; returns that folder, to put first on PATH. */
export function twinrtmShim(dir: string): string {
  const bin = join(dir, 'bin');
  mkdirSync(bin, { recursive: true });
  const quoted = twinrtmCommand().map((a) => `'${a.replace(/'/g, `'\\''`)}'`);
  writeFileSync(join(bin, 'twinrtm'), `#!/bin/sh\nexec ${quoted.join(' ')} "$@"\n`);
  chmodSync(join(bin, 'twinrtm'), 0o755);
  return bin;
}

/** Lines of a results file without the wall-clock metrics, for comparing runs of the same keys. */
export function withoutWallClock(text: string): string[] {
  return text
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => {
      const v = JSON.parse(l) as { metrics?: Record<string, unknown> };
      if (v.metrics) {
        delete v.metrics.wallMs;
        delete v.metrics.decisionUs;
      }
      return JSON.stringify(v);
    });
}

if (process.argv[1] === self) process.exitCode = await main(process.argv.slice(2), processIo);
