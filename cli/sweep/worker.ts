/**
 * The entry of a sweep's worker threads (the pool imports it and calls its default export once per
 * task). Compiled, it is dist/cli/sweep/worker.js beside pool.js; from the TypeScript sources (tests,
 * tsx) the pool starts it through tsx (pool.ts).
 */
import { runTask } from './runTask.js';
import type { RunTask, TaskResult } from './task.js';

export default function sweepWorker(task: RunTask): Promise<TaskResult> {
  return runTask(task);
}
