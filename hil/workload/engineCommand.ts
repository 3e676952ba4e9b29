/**
 * The command line that starts the built-in engine runner on given cpus: pinned with taskset where
 * the board has it, from the compiled dist/ when it exists and through tsx from the sources otherwise
 * (tests run the sources).
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { InputError } from '../../dnn/inputError.js';
import { packageRootHolding } from '../../dnn/packageFile.js';
import { pythonInterpreter } from '../../dnn/pythonInterpreter.js';

/** What the engine runner runs and where. */
export interface EngineCommandOptions {
  /** The network's id. */
  dnn: string;
  /** Its thread count. */
  threads: number;
  /** The cpus it is pinned to. */
  cpus: readonly number[];
  /** Pin with taskset (the board has it). */
  taskset: boolean;
  /** A weights manifest, or 'random' (default: the network's committed trained weights). */
  weights?: string;
  /** Seed of the image order and of random weights. */
  seed?: number;
  /** ts (the TypeScript engine, default), onnx (ONNX Runtime over the per-group files) or torch (PyTorch, dnn/train/runner.py) */
  engine?: 'ts' | 'onnx' | 'torch';
  /** The torch runner's device: the unit's (a GPU unit runs on CUDA, a CPU cluster on the CPU); default auto. */
  device?: 'cpu' | 'cuda';
}

/** The runner's command line: the program and its arguments (see the file's comment). */
export function engineRunnerCommand(o: EngineCommandOptions): string[] {
  if (o.engine === 'torch') return torchRunnerCommand(o);
  const js = fileURLToPath(new URL('./engineRunner.js', import.meta.url));
  const ts = fileURLToPath(new URL('./engineRunner.ts', import.meta.url));
  // tsx as an absolute URL: a bare 'tsx' would resolve from the working folder, which may be anywhere.
  const script = existsSync(js) ? [js] : ['--import', import.meta.resolve('tsx'), ts];
  const args = [
    '--dnn',
    o.dnn,
    '--threads',
    String(o.threads),
    ...(o.engine ? ['--engine', o.engine] : []),
    ...(o.weights ? ['--weights', o.weights] : []),
    ...(o.seed !== undefined ? ['--seed', String(o.seed)] : []),
  ];
  const node = [process.execPath, ...script, ...args];
  return o.taskset && o.cpus.length > 0 ? ['taskset', '-c', o.cpus.join(','), ...node] : node;
}

/** taskset is there and this process may set affinity (containers sometimes forbid it). */
export function hasTaskset(): boolean {
  return ['/usr/bin/taskset', '/bin/taskset', '/usr/local/bin/taskset'].some((p) => existsSync(p));
}

/**
 * The PyTorch runner (dnn/train/runner.py) under the project's Python, with the project root on its
 * module path (the runner is a module of the dnn.train package), pinned like the others.
 */
function torchRunnerCommand(o: EngineCommandOptions): string[] {
  const root = packageRootHolding(import.meta.url, 'dnn/train/runner.py');
  if (root === undefined)
    throw new InputError(
      'the PyTorch runner (dnn/train/runner.py) is not in this installation: run --engine ts or onnx',
    );
  const script = `import sys; sys.path.insert(0, ${JSON.stringify(root)}); from dnn.train.runner import main; sys.exit(main())`;
  const args = [
    '--dnn',
    o.dnn,
    '--threads',
    String(o.threads),
    ...(o.weights ? ['--weights', o.weights] : []),
    ...(o.seed !== undefined ? ['--seed', String(o.seed)] : []),
    ...(o.device ? ['--device', o.device] : []),
  ];
  const python = [pythonInterpreter(), '-c', script, ...args];
  return o.taskset && o.cpus.length > 0 ? ['taskset', '-c', o.cpus.join(','), ...python] : python;
}
