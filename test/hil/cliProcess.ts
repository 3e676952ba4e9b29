/**
 * The CLI in a process of its own, as bin/twinrtm.js runs it but from the sources (through tsx), for
 * tests that signal or kill it: `node --import tsx cliProcess.ts ARGS...`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Starts `twinrtm ARGS...`; stdout and stderr are collected, and `line(re)` waits for a line on stderr. */
export interface CliProcess {
  child: ChildProcess;
  out(): string;
  err(): string;
  /** Resolves with the first stderr text matching re (rejects when the process exits first). */
  waitErr(re: RegExp): Promise<string>;
  /** Resolves with the exit code (128 + n for a signal n). */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function cliProcess(args: readonly string[], env: NodeJS.ProcessEnv = process.env): CliProcess {
  const child = spawn(
    process.execPath,
    ['--import', import.meta.resolve('tsx'), fileURLToPath(import.meta.url), ...args],
    { stdio: ['ignore', 'pipe', 'pipe'], env },
  );
  let out = '';
  let err = '';
  const waiters: (() => void)[] = [];
  child.stdout!.on('data', (c: Buffer) => {
    out += c.toString();
  });
  child.stderr!.on('data', (c: Buffer) => {
    err += c.toString();
    for (const w of waiters.splice(0)) w();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return {
    child,
    out: () => out,
    err: () => err,
    exited,
    waitErr: (re) =>
      new Promise((resolve, reject) => {
        const check = (): void => {
          const m = re.exec(err);
          if (m) {
            resolve(m[0]);
            return;
          }
          waiters.push(check);
        };
        void exited.then(({ code, signal }) =>
          reject(new Error(`twinrtm ${args.join(' ')} exited (${signal ?? code}) before printing ${re}: ${err}`)),
        );
        check();
      }),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { main } = await import('../../cli/main.js');
  const { processIo } = await import('../../cli/io.js');
  process.exitCode = await main(process.argv.slice(2), processIo);
}
