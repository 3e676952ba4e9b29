/**
 * The command line that starts the built-in engine runner on given cpus: pinned with taskset where
 * the board has it, from the compiled dist/ when it exists and through tsx from the sources otherwise
 * (tests run the sources).
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface EngineCommandOptions {
  dnn: string;
  threads: number;
  cpus: readonly number[];
  taskset: boolean;
  weights?: string;
  seed?: number;
  /** ts (the TypeScript engine, default) or onnx (ONNX Runtime over the per-group files) */
  engine?: 'ts' | 'onnx';
}

export function engineRunnerCommand(o: EngineCommandOptions): string[] {
  const js = fileURLToPath(new URL('./engineRunner.js', import.meta.url));
  const ts = fileURLToPath(new URL('./engineRunner.ts', import.meta.url));
  // tsx as an absolute URL: a bare 'tsx' would resolve from the working folder, which may be anywhere.
  const script = existsSync(js) ? [js] : ['--import', import.meta.resolve('tsx'), ts];
  const args = ['--dnn', o.dnn, '--threads', String(o.threads), ...(o.engine ? ['--engine', o.engine] : []), ...(o.weights ? ['--weights', o.weights] : []), ...(o.seed !== undefined ? ['--seed', String(o.seed)] : [])];
  const node = [process.execPath, ...script, ...args];
  return o.taskset && o.cpus.length > 0 ? ['taskset', '-c', o.cpus.join(','), ...node] : node;
}

/** taskset is there and this process may set affinity (containers sometimes forbid it). */
export function hasTaskset(): boolean {
  return ['/usr/bin/taskset', '/bin/taskset', '/usr/local/bin/taskset'].some((p) => existsSync(p));
}
