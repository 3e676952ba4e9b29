/**
 * The leash: runs a user's command (--workload-cmd) so that it cannot outlive twinrtm.
 * `node leash.js -- PROGRAM ARGS...` starts PROGRAM with this process's stdin, stdout and stderr (no
 * copy in between: the workload protocol's pipes go straight to it), in this process's group, which
 * twinrtm made for it (childProcesses.ts). It ends with PROGRAM's exit code or signal, and when its
 * parent is gone (a SIGKILLed twinrtm runs no handler) it kills the whole group, PROGRAM and
 * whatever PROGRAM started.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { isOrphaned, killOwnGroup, watchParent } from './parentWatch.js';

/** The command line running `command` under the leash (from dist/ when built, else through tsx). */
export function leashCommand(command: readonly string[]): string[] {
  const js = fileURLToPath(new URL('./leash.js', import.meta.url));
  const ts = fileURLToPath(new URL('./leash.ts', import.meta.url));
  const script = existsSync(js) ? [js] : ['--import', import.meta.resolve('tsx'), ts];
  return [process.execPath, ...script, '--', ...command];
}

function main(): void {
  const at = process.argv.indexOf('--');
  const [program, ...args] = at < 0 ? [] : process.argv.slice(at + 1);
  if (program === undefined) {
    process.stderr.write('leash: no command after --\n');
    process.exit(2);
  }
  watchParent();
  const parent = process.ppid;
  // Typed as never-returning, so a call ends the flow where it stands.
  const cannotStart: (err: Error) => never = (err) => {
    process.stderr.write(`cannot start ${program}: ${err.message}\n`);
    process.exit(127);
  };
  let child: ReturnType<typeof spawn>;
  try {
    child = spawn(program, args, { stdio: 'inherit' });
  } catch (err) {
    // Some refusals come at once rather than as an 'error' event (a name longer than PATH_MAX: ENAMETOOLONG).
    cannotStart(err instanceof Error ? err : new Error(String(err)));
  }
  child.on('error', cannotStart);
  child.on('exit', (code, signal) => {
    // What the command started goes with it: the group is the leash's own.
    if (isOrphaned(parent)) killOwnGroup();
    try {
      process.kill(-process.pid, 'SIGTERM');
    } catch {
      // no group
    }
    if (signal !== null) {
      // Die of the same signal, so the parent sees what the command saw.
      process.removeAllListeners(signal);
      process.kill(process.pid, signal);
    } else process.exit(code ?? 1);
  });
  // A signal to the leash alone (not its group) goes on to the command.
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.on(signal, () => child.kill(signal));
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) main();
