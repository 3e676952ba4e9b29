/**
 * The worker-thread pool that runs a sweep's tasks (tinypool). The worker entry sits beside this
 * module: worker.js when compiled (the package, dist/), which the pool imports directly; worker.ts
 * when running from the TypeScript sources (vitest, tsx), which Node cannot import by itself, so the
 * pool imports a two-line module that registers tsx's loader in the worker thread first (Node 20 does
 * not pass a loader registered on the main thread, or `--import tsx` in execArgv, to a worker's
 * imports), as dnn/engine/startWorker.ts does for the engine's workers.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Tinypool from 'tinypool';
import { tsxEsmApi } from '../../dnn/engine/startWorker.js';
import type { RunTask, TaskResult } from './task.js';

export interface SweepPool {
  run(task: RunTask): Promise<TaskResult>;
  /** Ends the worker threads (tasks still running are abandoned). */
  close(): Promise<void>;
}

/** What the pool imports in each worker: worker.js, or a data: module that loads worker.ts through tsx. */
export function workerModule(): string {
  const compiled = new URL('./worker.js', import.meta.url);
  if (existsSync(fileURLToPath(compiled))) return compiled.href;
  const source = new URL('./worker.ts', import.meta.url);
  if (!existsSync(fileURLToPath(source)))
    throw new Error(`no sweep worker beside ${fileURLToPath(import.meta.url)} (looked for worker.js and worker.ts)`);
  const code =
    `const { register } = await import(${JSON.stringify(tsxEsmApi())}); register();\n` +
    `const worker = await import(${JSON.stringify(source.href)});\n` +
    'export default worker.default;\n';
  return `data:text/javascript,${encodeURIComponent(code)}`;
}

/** A task's worker thread ended while the task ran (the run's failure, not the sweep's). */
export class WorkerExited extends Error {
  override name = 'WorkerExited';
}

/**
 * A pool of `threads` worker threads, all started at once and kept until close().
 *
 * Tinypool 2.2 settles a thread's tasks when the thread emits 'error' but not when it exits: a thread
 * that ends without an error (process.exit in a policy, which worker.ts turns into a throw, or anything
 * else that stops it) would leave its task pending forever, and the CLI would end, its event loop
 * empty, with exit 13 and no word. So each thread's unexpected exit is made an 'error' of that
 * thread, which rejects its task with WorkerExited and has tinypool start a new thread.
 *
 * @param filename - the worker module (tests give their own)
 */
export function createSweepPool(threads: number, filename: string = workerModule()): SweepPool {
  const pool = new Tinypool({ filename, minThreads: threads, maxThreads: threads, isolateWorkers: false });
  let closing = false;
  const watched = new WeakSet<object>();
  const watch = () => {
    for (const thread of pool.threads) {
      if (watched.has(thread)) continue;
      watched.add(thread);
      let failed = false;
      thread.on('error', () => {
        failed = true;
      });
      thread.on('exit', (code: number) => {
        if (closing || failed) return;
        failed = true;
        thread.emit('error', new WorkerExited(`its worker thread exited (code ${code}) before the run ended`));
      });
    }
  };
  // An error of a thread with no task (tinypool emits it on the pool): the thread is replaced, and the
  // next task on it says what went wrong; unheard, the event would end the process.
  pool.on('error', () => undefined);
  watch();
  return {
    run: (task) => {
      // Threads started since (replacing one that failed) are watched before they get a task.
      watch();
      return pool.run(task) as Promise<TaskResult>;
    },
    close: () => {
      closing = true;
      return pool.destroy();
    },
  };
}
