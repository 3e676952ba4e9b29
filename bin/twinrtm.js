#!/usr/bin/env node
// Entry point of the `twinrtm` command: runs the compiled CLI (npm ci builds it through `prepare`).
import { existsSync } from 'node:fs';

const entry = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('twinrtm: the compiled CLI is missing; run `npm run build` (npm ci does it)\n');
  process.exit(1);
}
// A reader that stops early (`twinrtm space | head`) is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
}
const { main } = await import(entry.href);
const { processIo } = await import(new URL('../dist/cli/io.js', import.meta.url).href);
process.exitCode = await main(process.argv.slice(2), processIo);
