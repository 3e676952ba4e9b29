/**
 * The ONNX Runtime executor: the per-group files of a network (onnxGroups.ts) loaded once, any g run
 * as groups 1..g, their outputs added to the classifier's bias. Pruned groups are never run; the
 * parameter memory is one model's. onnxruntime-node (native, CPU provider) where its binary loads
 * (linux x64/arm64, macOS, Windows); onnxruntime-web's WebAssembly build otherwise (any architecture
 * Node runs on, the XU3's 32-bit ARM included), and the runtime's name says which. Its CUDA provider
 * is asked for only where a caller says so (no GPU is lent to this project: that path follows ONNX
 * Runtime's documentation and is untested).
 */
import type { InferenceSession, Tensor } from 'onnxruntime-node';
import { InputError } from '../inputError.js';
import { argmax } from './classifySplit.js';
import type { OnnxGroups } from './onnxGroups.js';
import { softmax } from './softmax.js';
import { checkThreshold } from '../confidence.js';

/** Options of {@link createOnnxEngine}. */
export interface OnnxEngineOptions {
  /** Threads for each group's operators (ONNX Runtime's intra-op threads). */
  threads: number;
  /** Execution providers in order of preference (default ['cpu'] native, ['wasm'] on the WebAssembly build). */
  providers?: string[];
  /** Which build: 'node' (native), 'web' (WebAssembly), or 'auto' (native where it loads; default). */
  runtime?: OnnxRuntimeChoice;
}

/** Which ONNX Runtime build to load: native, WebAssembly, or native where it loads. */
export type OnnxRuntimeChoice = 'auto' | 'node' | 'web';

/** A network's per-group ONNX files loaded in ONNX Runtime, one session per group. */
export interface OnnxEngine {
  /** The runtime loaded and its version (onnxruntime-node or onnxruntime-web). */
  runtime: string;
  /** The execution providers the sessions use. */
  providers: string[];
  /** The threads each session runs on: those asked for natively, one on the WebAssembly build. */
  threads: number;
  /** The logits for one image with g groups, and each group's time, ms. */
  run(input: Float32Array, g: number): Promise<{ logits: Float32Array; groupMs: number[] }>;
  /**
   * Anytime (cascade) inference: adds one group's contribution at a time and stops at the first g
   * whose top-1 softmax probability reaches `threshold`, or at `maxGroups` (default every group); the
   * logits at that g are run(input, g)'s (the same sum in the same order).
   */
  runAnytime(
    input: Float32Array,
    threshold: number,
    maxGroups?: number,
  ): Promise<{ groups: number; logits: Float32Array; topProbability: number; groupMs: number[] }>;
  close(): Promise<void>;
}

/** The part of ONNX Runtime's API the executor uses, which both builds share. */
type Ort = Pick<typeof import('onnxruntime-node'), 'InferenceSession' | 'Tensor'>;

/** A loaded build of ONNX Runtime, and its name for ready lines and notes. */
export interface LoadedOnnxRuntime {
  ort: Ort;
  name: string;
  /** The providers it runs on by default. */
  providers: string[];
  /** The WebAssembly build: one thread per session, whatever is asked. */
  wasm: boolean;
}

function firstLine(err: unknown): string {
  return err instanceof Error ? (err.message.split('\n')[0] ?? '') : String(err);
}

/**
 * Loads ONNX Runtime: the native build, else (auto) the WebAssembly one; one line saying why neither
 * loads, or why the one asked for does not.
 */
export async function loadOnnxRuntime(choice: OnnxRuntimeChoice = 'auto'): Promise<LoadedOnnxRuntime> {
  let nativeProblem: string | null = null;
  if (choice !== 'web') {
    try {
      const ort = await import('onnxruntime-node');
      return { ort, name: `onnxruntime-node ${ort.env.versions.node ?? ''}`.trim(), providers: ['cpu'], wasm: false };
    } catch (err) {
      nativeProblem = firstLine(err);
      if (choice === 'node')
        throw new InputError(
          `ONNX Runtime's native build (onnxruntime-node) does not load on this machine: ${nativeProblem}`,
        );
    }
  }
  try {
    const web = await import('onnxruntime-web');
    // One thread per session: the executor's threads are the workload's cores, and the WebAssembly
    // build's threads need cross-origin isolation that Node does not have anyway.
    web.env.wasm.numThreads = 1;
    const name = `onnxruntime-web ${web.env.versions.web ?? ''} (WebAssembly${nativeProblem !== null ? `; the native build does not load here: ${nativeProblem}` : ''})`;
    return { ort: web as unknown as Ort, name, providers: ['wasm'], wasm: true };
  } catch (err) {
    const why =
      nativeProblem !== null
        ? `onnxruntime-node: ${nativeProblem}; onnxruntime-web: ${firstLine(err)}`
        : `onnxruntime-web: ${firstLine(err)}`;
    throw new InputError(
      `ONNX Runtime does not load on this machine (${why}); run the TypeScript engine (--engine ts) instead`,
    );
  }
}

/**
 * Loads ONNX Runtime and one session per group file.
 *
 * @param inputShape - the network's input [C, H, W]
 */
export async function createOnnxEngine(
  groups: OnnxGroups,
  inputShape: readonly number[],
  o: OnnxEngineOptions,
): Promise<OnnxEngine> {
  const runtime = await loadOnnxRuntime(o.runtime);
  const ort = runtime.ort;
  const providers = o.providers ?? runtime.providers;
  const sessions: InferenceSession[] = [];
  try {
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
  } catch (err) {
    // The sessions made before the one that failed hold native memory: free them before saying why.
    await Promise.allSettled(sessions.map((s) => s.release()));
    throw err;
  }
  const classes = groups.bias.length;
  const size = inputShape.reduce((a, b) => a * b, 1);
  /** Adds group j's contribution to the logits; its time, ms. */
  const addGroup = async (tensor: Tensor, j: number, logits: Float32Array): Promise<number> => {
    const start = performance.now();
    const out = await sessions[j]!.run({ [groups.inputName]: tensor });
    const part = out[groups.outputName]!.data as Float32Array;
    for (let c = 0; c < classes; c++) logits[c]! += part[c]!;
    return performance.now() - start;
  };
  return {
    runtime: runtime.name,
    providers,
    threads: runtime.wasm ? 1 : o.threads,
    async run(input, g) {
      if (!Number.isInteger(g) || g < 1 || g > sessions.length)
        throw new InputError(`groups must be an integer 1..${sessions.length}`);
      if (input.length !== size)
        throw new InputError(`the input has ${input.length} values, expected ${size} (${inputShape.join('x')})`);
      const tensor: Tensor = new ort.Tensor('float32', input, [1, ...inputShape]);
      const logits = Float32Array.from(groups.bias);
      const groupMs: number[] = [];
      for (let j = 0; j < g; j++) groupMs.push(await addGroup(tensor, j, logits));
      return { logits, groupMs };
    },
    async runAnytime(input, threshold, maxGroups = sessions.length) {
      if (!Number.isInteger(maxGroups) || maxGroups < 1 || maxGroups > sessions.length)
        throw new InputError(`groups must be an integer 1..${sessions.length}`);
      checkThreshold(threshold, maxGroups);
      if (input.length !== size)
        throw new InputError(`the input has ${input.length} values, expected ${size} (${inputShape.join('x')})`);
      const tensor: Tensor = new ort.Tensor('float32', input, [1, ...inputShape]);
      const logits = Float32Array.from(groups.bias);
      const groupMs: number[] = [];
      for (let g = 1; ; g++) {
        groupMs.push(await addGroup(tensor, g - 1, logits));
        const topProbability = softmax(logits)[argmax(logits)]!;
        if (topProbability >= threshold || g >= maxGroups)
          return { groups: g, logits: Float32Array.from(logits), topProbability, groupMs };
      }
    },
    async close() {
      await Promise.all(sessions.map((s) => s.release()));
    },
  };
}
