/**
 * Every process hardware in the loop starts (workload processes, busy co-workloads, a user's
 * --workload-cmd) goes through here, so none outlives the run:
 * - each child leads a process group of its own (spawn's `detached`: setsid), so a kill of the
 *   group takes whatever it started in turn (a shell's children, a Python runner's workers);
 *   Node cannot put a child into an existing group, so "the run's group" is the set of these groups;
 * - every group still alive is SIGKILLed when this process exits, however it exits (a normal end,
 *   an error, process.exit from the SIGINT/SIGTERM handlers): the 'exit' listener below;
 * - a child notices its parent's death (a SIGKILL leaves no handler to run) by itself: the
 *   processes twinrtm ships call watchParent() (parentWatch.ts), and a user's command runs under
 *   the leash (leash.ts), which watches for it.
 */
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';

const live = new Set<ChildProcess>();
let exitHookInstalled = false;

/** Signals a child's whole process group; a group already gone is fine. */
export function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // The group is gone (or never formed): try the child itself.
    try {
      child.kill(signal);
    } catch {
      // gone
    }
  }
}

/** SIGKILLs every child group still alive (synchronous: safe in an 'exit' listener). */
export function killAllChildren(): void {
  for (const child of live) signalGroup(child, 'SIGKILL');
  live.clear();
}

/** The children alive now, for tests and diagnostics. */
export function liveChildren(): readonly ChildProcess[] {
  return [...live];
}

/**
 * Spawns a child in a process group of its own, tracked until it exits and killed with this
 * process. stdio as spawn takes it.
 */
export function spawnChild(
  program: string,
  args: readonly string[],
  options: Omit<SpawnOptions, 'detached'> = {},
): ChildProcess {
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on('exit', killAllChildren);
  }
  const child = spawn(program, [...args], { ...options, detached: true });
  if (child.pid !== undefined) {
    live.add(child);
    child.once('exit', () => {
      live.delete(child);
      // The group may hold grandchildren the child left behind: they go with it.
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // none left
      }
    });
  }
  return child;
}
