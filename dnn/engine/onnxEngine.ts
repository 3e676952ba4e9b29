/**
 * The ONNX Runtime executor: the per-group files of a network (onnxGroups.ts) loaded once, any g run
 * as groups 1..g, their outputs added to the classifier's bias. Pruned groups are never run; the
 * parameter memory is one model's. onnxruntime-node's CPU provider here; its CUDA provider is asked
 * for only where a caller says so (no GPU is lent to this project: that path follows ONNX Runtime's
 * documentation and is untested).
 */
import type { InferenceSession, Tensor } from 'onnxruntime-node';
import { InputError } from '../inputError.js';
import type { OnnxGroups } from './onnxGroups.js';

export interface OnnxEngineOptions {
  /** Threads for each group's operators (ONNX Runtime's intra-op threads). */
  threads: number;
  /** Execution providers in order of preference (default ['cpu']). */
  providers?: string[];
}

export interface OnnxEngine {
  runtime: string;
  providers: string[];
  /** The logits for one image with g groups, and each group's time, ms. */
  run(input: Float32Array, g: number): Promise<{ logits: Float32Array; groupMs: number[] }>;
  close(): Promise<void>;
}

type Ort = typeof import('onnxruntime-node');

/** Loads onnxruntime-node, or says in one line why it cannot. */
export async function loadOnnxRuntime(): Promise<Ort> {
  try {
    return await import('onnxruntime-node');
  } catch (err) {
    const why = err instanceof Error ? err.message.split('\n')[0] : String(err);
    throw new InputError(`ONNX Runtime (onnxruntime-node) does not load on this machine: ${why}; run the TypeScript engine (--engine ts) instead`);
  }
}

export async function createOnnxEngine(groups: OnnxGroups, inputShape: readonly number[], o: OnnxEngineOptions): Promise<OnnxEngine> {
  const ort = await loadOnnxRuntime();
  const providers = o.providers ?? ['cpu'];
  const sessions: InferenceSession[] = [];
  for (const file of groups.files) {
    sessions.push(
      await ort.InferenceSession.create(file, {
        executionProviders: providers,
        intraOpNumThreads: o.threads,
        interOpNumThreads: 1,
        graphOptimizationLevel: 'all',
      }),
    );
  }
  const classes = groups.bias.length;
  const size = inputShape.reduce((a, b) => a * b, 1);
  return {
    runtime: `onnxruntime-node ${ort.env.versions.node ?? ''}`.trim(),
    providers,
    async run(input, g) {
      if (!Number.isInteger(g) || g < 1 || g > sessions.length) throw new InputError(`groups must be an integer 1..${sessions.length}`);
      if (input.length !== size) throw new InputError(`the input has ${input.length} values, expected ${size} (${inputShape.join('x')})`);
      const tensor: Tensor = new ort.Tensor('float32', input, [1, ...inputShape]);
      const logits = Float32Array.from(groups.bias);
      const groupMs: number[] = [];
      for (let j = 0; j < g; j++) {
        const start = performance.now();
        const out = await sessions[j]!.run({ [groups.inputName]: tensor });
        groupMs.push(performance.now() - start);
        const part = out[groups.outputName]!.data as Float32Array;
        for (let c = 0; c < classes; c++) logits[c]! += part[c]!;
      }
      return { logits, groupMs };
    },
    async close() {
      await Promise.all(sessions.map((s) => s.release()));
    },
  };
}
