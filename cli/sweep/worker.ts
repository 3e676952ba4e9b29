/**
 * The entry of a sweep's worker threads (the pool imports it and calls its default export once per
 * task). Compiled, it is dist/cli/sweep/worker.js beside pool.js; from the TypeScript sources (tests,
 * tsx) the pool starts it through tsx (pool.ts).
 *
 * process.exit() in a worker thread ends the thread, which every later run of the worker shares: here
 * it throws instead, so a policy that calls it fails its own run (an error line) and the sweep goes on.
 * The call is remembered, so a run whose policy swallowed the throw (in decide(), which the loop
 * counts as a rejected decision) fails too.
 */
import { runTask } from './runTask.js';
import type { RunTask, TaskResult } from './task.js';

let exitCalled: string | null = null;

process.exit = ((code?: string | number | null) => {
  const call = `process.exit(${code === undefined || code === null ? '' : JSON.stringify(code)})`;
  exitCalled ??= call;
  throw new Error(`${call} called: a run of a sweep may not end the worker thread its runs share`);
}) as typeof process.exit;

export default async function sweepWorker(task: RunTask): Promise<TaskResult> {
  exitCalled = null;
  const result = await runTask(task);
  if (exitCalled !== null && !('error' in result))
    return {
      error: `the run called ${exitCalled}, which a run of a sweep may not do (its worker thread is shared with other runs); the call threw, so its metrics are not to be trusted`,
    };
  return result;
}
