/**
 * For the processes twinrtm starts (the engine runner, the emulated workload, the leash): end when
 * the parent is gone. A parent killed with SIGKILL runs no handler, and these children lead process
 * groups of their own (childProcesses.ts), so nothing else would stop them: a child whose parent
 * died is re-parented (to init or a subreaper), which process.ppid shows, or, until its own parent
 * reaps it, is a zombie; and its stdin, a pipe from the parent, closes.
 */

import { readFileSync } from 'node:fs';

/** How often the parent is looked for, ms. */
export const PARENT_POLL_MS = 250;

/**
 * Ends this process (and its process group) once its parent is gone. The timer is unref'd: it never
 * keeps the process alive by itself.
 * @param onGone what to do instead of killing the group (tests)
 */
export function watchParent(onGone: () => void = killOwnGroup): void {
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (isOrphaned(parent)) {
      clearInterval(timer);
      onGone();
    }
  }, PARENT_POLL_MS);
  timer.unref();
}

/** Whether a process runs: it exists and is not a zombie (dead, not yet reaped: Linux's /proc says). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code !== 'ESRCH';
  }
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0] !== 'Z';
  } catch {
    return true;
  }
}

/** Whether the parent this process had (its pid) is gone: re-parented, dead, or a zombie. */
export function isOrphaned(parent: number): boolean {
  return process.ppid !== parent || !alive(parent);
}

/** SIGKILLs this process's group (it leads it: spawned detached), else itself. */
export function killOwnGroup(): void {
  try {
    process.kill(-process.pid, 'SIGKILL');
  } catch {
    process.kill(process.pid, 'SIGKILL');
  }
}
