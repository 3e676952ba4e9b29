/**
 * Starts an engine worker from the compiled worker.js when there is one (the package, dist/), or
 * from worker.ts through tsx when running from the TypeScript sources (vitest, tsx).
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * A new Worker running the engine's worker module, which sits next to this module.
 *
 * In plain words: compiled code finds worker.js beside it and starts it directly. Source code has
 * only worker.ts, which Node cannot load by itself, and `execArgv: ['--import', 'tsx']` does not reach
 * a worker's entry module on Node 20; so the worker starts from a two-line bootstrap that registers
 * tsx's loader inside the worker and then imports worker.ts.
 *
 * @param options - worker options (workerData, transferList)
 * @returns the started worker
 * @throws Error if neither worker.js nor worker.ts is beside this module
 */
export function startWorker(options: WorkerOptions): Worker {
  const compiled = new URL('./worker.js', import.meta.url);
  if (existsSync(fileURLToPath(compiled))) return new Worker(compiled, options);
  const source = new URL('./worker.ts', import.meta.url);
  if (!existsSync(fileURLToPath(source))) {
    throw new Error(`no engine worker beside ${fileURLToPath(import.meta.url)} (looked for worker.js and worker.ts)`);
  }
  const bootstrap =
    `import(${JSON.stringify(tsxEsmApi())})` +
    `.then(({ register }) => { register(); return import(${JSON.stringify(source.href)}); })` +
    // Rethrown outside the promise so it reaches the parent as the worker's 'error' event.
    '.catch((err) => { process.nextTick(() => { throw err; }); });';
  return new Worker(bootstrap, { ...options, eval: true });
}

/**
 * file: URL of tsx's ESM API, resolved from here (a worker's eval code or data: module has no useful
 * base to resolve from). Also used by the sweep's worker pool (cli/sweep/pool.ts).
 */
export function tsxEsmApi(): string {
  const require = createRequire(import.meta.url);
  const packageJson = require.resolve('tsx/package.json');
  const exports = (JSON.parse(readFileSync(packageJson, 'utf8')) as { exports?: Record<string, unknown> }).exports;
  const api = exports?.['./esm/api'] as { import?: { default?: string } } | undefined;
  const entry = api?.import?.default;
  if (entry === undefined) throw new Error(`tsx at ${dirname(packageJson)} has no ESM API export ./esm/api`);
  return pathToFileURL(join(dirname(packageJson), entry)).href;
}
