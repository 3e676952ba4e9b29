/**
 * Which engine runs a workload: the one asked for, checked before anything starts, or by default ONNX
 * Runtime over the per-group files where its native build loads and the files match the weights, the
 * TypeScript engine otherwise. A fallback is never silent: its reason is in the choice's note, which the
 * commands print in the run's header and trace.
 */
import { InputError } from '../inputError.js';
import type { Dnn } from '../types.js';
import { loadOnnxRuntime } from './onnxEngine.js';
import { onnxGroupsFor } from './onnxGroups.js';

/** A built-in workload engine: the TypeScript engine, ONNX Runtime over the per-group files, or the PyTorch runner. */
export type EngineName = 'ts' | 'onnx' | 'torch';

/** Every {@link EngineName}, in the order help lists them. */
export const ENGINE_NAMES: readonly EngineName[] = ['ts', 'onnx', 'torch'];

/** The engine a workload will run, and how it was chosen. */
export interface EngineChoice {
  engine: EngineName;
  /** How the engine was chosen, in words (with the runtime's name for onnx, and why for a fallback). */
  note: string;
}

/** The runtime's load, injectable so tests can make it fail. */
export type RuntimeLoader = (choice: 'auto' | 'node') => Promise<{ name: string }>;

/**
 * @param requested the --engine value (undefined: the default)
 * @param weightsManifest the weights in use (null: seeded random ones, which have no ONNX files)
 * @param allowed the engines the command can run
 */
export async function chooseEngine(
  dnn: Dnn,
  requested: string | undefined,
  weightsManifest: string | null,
  allowed: readonly EngineName[] = ENGINE_NAMES,
  load: RuntimeLoader = (choice) => loadOnnxRuntime(choice),
): Promise<EngineChoice> {
  if (requested !== undefined && !(allowed as readonly string[]).includes(requested)) {
    throw new InputError(`--engine ${requested}: expected ${allowed.join(', ').replace(/, ([^,]*)$/, ' or $1')}`);
  }
  if (requested === 'ts' || requested === 'torch') return { engine: requested, note: `--engine ${requested}` };
  if (weightsManifest === null) {
    const why = `${dnn.id} runs seeded random weights here (--weights random, or a network without trained weights), which have no ONNX files`;
    if (requested === 'onnx') throw new InputError(`${why}: run it with --engine ts`);
    return { engine: 'ts', note: `the TypeScript engine, as ${why}` };
  }
  if (requested === 'onnx') {
    // Checked here so a mismatch or a runtime that does not load is one line before any process starts.
    onnxGroupsFor(dnn, weightsManifest);
    return { engine: 'onnx', note: `--engine onnx on ${(await load('auto')).name}` };
  }
  const why = (err: unknown) => (err instanceof Error ? err.message : String(err));
  try {
    onnxGroupsFor(dnn, weightsManifest);
  } catch (err) {
    return { engine: 'ts', note: `the TypeScript engine, as these weights have no ONNX files: ${why(err)}` };
  }
  // By default only the native build: the WebAssembly one runs each session on one thread, whatever
  // cores a configuration asks for, so a sweep or a run would file one-thread times under n cores.
  try {
    return {
      engine: 'onnx',
      note: `the default engine: ONNX Runtime over the per-group files, on ${(await load('node')).name}`,
    };
  } catch (err) {
    return {
      engine: 'ts',
      note: `the TypeScript engine, as ONNX Runtime's native build does not load here (--engine onnx runs its one-thread WebAssembly build): ${why(err)}`,
    };
  }
}
