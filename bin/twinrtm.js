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
const { reportError } = await import(new URL('../dist/cli/reportError.js', import.meta.url).href);
// An error thrown outside main's await (a timer, a stream, a child process) ends the same way as one
// inside it: one line, a stack only with --debug. Once only: reporting must not loop on a broken stderr.
let reported = false;
const debug = process.argv.slice(2).includes('--debug') || process.env.TWINRTM_DEBUG === '1';
for (const event of ['uncaughtException', 'unhandledRejection']) {
  process.on(event, (err) => {
    if (!reported) {
      reported = true;
      process.exitCode = reportError(err, processIo, debug);
    }
    process.exit();
  });
}
process.exitCode = await main(process.argv.slice(2), processIo);
