/**
 * Whether a process runs, by its pid: the one check the emulator's marker, the board's state file and
 * the sweep's --out lock make of whoever holds them.
 */

/** Whether a process runs (EPERM: it does, as another user's). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: alive, but another user's.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
