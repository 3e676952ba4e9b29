/**
 * The multi-threaded inference engine: n worker threads share the weights and activations through
 * SharedArrayBuffers, split every layer's outputs into n contiguous slices, and meet at a barrier
 * between layers. Its outputs are bit-identical to the single-threaded engine's for any n.
 */
import { availableParallelism } from 'node:os';
import { MessageChannel, receiveMessageOnPort, type MessagePort, type Worker } from 'node:worker_threads';
import { InputError } from '../inputError.js';
import type { Dnn } from '../types.js';
import { allocateActivations, readOutput, writeInput } from './activationBuffers.js';
import { checkRunInput } from './checkRunInput.js';
import { CONTROL, CONTROL_LENGTH } from './controlBlock.js';
import { engineOps } from './engineOps.js';
import { executionPlan } from './executionPlan.js';
import { startWorker } from './startWorker.js';
import type { EngineResult, RunOptions, Weights, WeightsSource } from './types.js';
import type { EngineWorkerData } from './workerData.js';

/** A pool of engine workers bound to one set of weights. */
export interface ParallelEngine {
  /** The network it runs. */
  readonly dnn: Dnn;
  /** Where its weights came from. */
  readonly source: WeightsSource;
  /** Worker threads, each computing one slice of every layer's outputs. */
  readonly threads: number;
  /**
   * Runs one inference, blocking the calling thread until the workers finish (Atomics.wait).
   * `options.clock` is not used: worker 0 times the layers with its own performance.now.
   * @throws InputError for a bad g or input, or while another inference is running
   * @throws Error if a worker failed
   */
  run(input: ArrayLike<number>, g: number, options?: RunOptions): EngineResult;
  /** Runs one inference without blocking; calls queue and run one at a time. */
  runAsync(input: ArrayLike<number>, g: number, options?: RunOptions): Promise<EngineResult>;
  /** Lets queued inferences finish, then stops and terminates the workers; the engine cannot run afterwards. */
  close(): Promise<void>;
}

type WaitAsync = (
  array: Int32Array,
  index: number,
  value: number,
) => { async: false; value: 'not-equal' | 'timed-out' } | { async: true; value: Promise<'ok' | 'timed-out'> };
// Node 20 has Atomics.waitAsync; the ES2023 lib this project compiles against does not declare it.
const waitAsync = (Atomics as unknown as { waitAsync: WaitAsync }).waitAsync;

/**
 * Starts `threads` workers for the network of `weights` and resolves once all are ready.
 *
 * In plain words: each layer's active outputs (channels, or features for an fc) are cut into
 * `threads` contiguous slices, one per worker; every output is computed by one worker, in the same
 * order as the single-threaded engine, so the results are the same bits whatever the thread count.
 * The workers read the weights in place when they are already shared (allocateWeights with
 * `shared`), otherwise the engine copies them once, here; later changes to unshared weights do not
 * reach the workers.
 *
 * @param weights - the network and its parameters
 * @param threads - worker count; default the machine's available parallelism
 * @returns the engine, once every worker has started
 * @throws InputError for a thread count that is not a positive integer
 */
export async function createParallelEngine(
  weights: Weights,
  threads: number = availableParallelism(),
): Promise<ParallelEngine> {
  if (!Number.isInteger(threads) || threads < 1)
    throw new InputError(`threads must be a positive integer (got ${threads})`);
  const { dnn, source } = weights;
  const plan = executionPlan(dnn, weights.layout);
  const layers = plan.layers.length;
  const shared = sharedWeights(weights.data);
  const buffers = allocateActivations(plan, true);
  const control = new Int32Array(new SharedArrayBuffer(CONTROL_LENGTH * 4));
  const ops = new Float64Array(new SharedArrayBuffer(threads * layers * 8));
  const times = new Float64Array(new SharedArrayBuffer((layers + 1) * 8));

  const errorPorts: MessagePort[] = [];
  const workers: Worker[] = [];
  for (let thread = 0; thread < threads; thread++) {
    const { port1, port2 } = new MessageChannel();
    errorPorts.push(port1);
    const data: EngineWorkerData = {
      dnn,
      layout: [...weights.layout],
      weights: shared.buffer as SharedArrayBuffer,
      weightsOffset: shared.byteOffset,
      weightsLength: shared.length,
      activations: buffers.map((buffer) => buffer.buffer as SharedArrayBuffer),
      control: control.buffer as SharedArrayBuffer,
      ops: ops.buffer as SharedArrayBuffer,
      times: times.buffer as SharedArrayBuffer,
      thread,
      threads,
      errors: port2,
    };
    workers.push(startWorker({ workerData: data, transferList: [port2] }));
  }

  let closing = false;
  let failWith: (err: Error) => void = () => {};
  const failure = new Promise<never>((_, reject) => (failWith = reject));
  failure.catch(() => {}); // observed by runAsync; never an unhandled rejection
  try {
    await Promise.all(workers.map((worker) => ready(worker)));
  } catch (err) {
    await Promise.all(workers.map((worker) => worker.terminate()));
    throw err;
  }
  for (const worker of workers) {
    worker.on('error', (err) => failWith(err));
    worker.on('exit', (code) => closing || failWith(new Error(`engine worker exited with code ${code}`)));
    // An engine someone forgot to close must not keep the process alive.
    worker.unref();
  }

  let sequence = 0;
  let busy = false;
  let queue: Promise<unknown> = Promise.resolve();

  const submit = (input: ArrayLike<number>, g: number, options: RunOptions): number => {
    if (closing) throw new InputError('the parallel engine is closed');
    if (Atomics.load(control, CONTROL.failed) === 1) throw new Error('the parallel engine failed earlier; close it');
    if (busy) throw new InputError('the parallel engine is running another inference');
    checkRunInput(dnn, input, g);
    busy = true;
    writeInput(plan, input, buffers[0]!);
    Atomics.store(control, CONTROL.groups, g);
    Atomics.store(control, CONTROL.timing, options.timeLayers === true ? 1 : 0);
    sequence += 1;
    // Publishing the job number after the writes makes them visible to the workers that see it.
    Atomics.store(control, CONTROL.job, sequence);
    Atomics.notify(control, CONTROL.job);
    return sequence;
  };

  const collect = (g: number, options: RunOptions): EngineResult => {
    busy = false;
    if (Atomics.load(control, CONTROL.failed) === 1) {
      const reports = errorPorts.map((port) => receiveMessageOnPort(port)?.message).filter((m) => m !== undefined);
      throw new Error(reports.length > 0 ? reports.join('\n') : 'an engine worker failed');
    }
    const counts = plan.layers.map((_, i) => {
      let sum = 0;
      for (let thread = 0; thread < threads; thread++) sum += ops[thread * layers + i]!;
      return sum;
    });
    const result: EngineResult = {
      groups: g,
      logits: readOutput(plan, g, buffers[layers]!),
      ops: engineOps(plan, counts),
      source,
    };
    if (options.timeLayers === true) result.layerMs = plan.layers.map((_, i) => times[i + 1]! - times[i]!);
    return result;
  };

  return {
    dnn,
    source,
    threads,
    run(input, g, options = {}) {
      const job = submit(input, g, options);
      for (let done = Atomics.load(control, CONTROL.done); done !== job; done = Atomics.load(control, CONTROL.done)) {
        Atomics.wait(control, CONTROL.done, done);
      }
      return collect(g, options);
    },
    runAsync(input, g, options = {}) {
      const next = queue.then(async () => {
        const job = submit(input, g, options);
        // Held while waiting, so a pending inference keeps the process alive.
        for (const worker of workers) worker.ref();
        try {
          for (
            let done = Atomics.load(control, CONTROL.done);
            done !== job;
            done = Atomics.load(control, CONTROL.done)
          ) {
            const wait = waitAsync(control, CONTROL.done, done);
            if (wait.async) await Promise.race([wait.value, failure]);
          }
        } finally {
          for (const worker of workers) worker.unref();
        }
        return collect(g, options);
      });
      queue = next.catch(() => {});
      return next;
    },
    async close() {
      if (closing) return;
      // Queued inferences finish first; a failed one has already settled.
      await queue;
      if (closing) return;
      closing = true;
      Atomics.store(control, CONTROL.stop, 1);
      Atomics.add(control, CONTROL.job, 1);
      Atomics.notify(control, CONTROL.job);
      await Promise.all(workers.map((worker) => worker.terminate()));
      for (const port of errorPorts) port.close();
    },
  };
}

/** The weights as a Float32Array on a SharedArrayBuffer: themselves if already shared, else a copy. */
function sharedWeights(data: Float32Array): Float32Array {
  if (data.buffer instanceof SharedArrayBuffer) return data;
  const copy = new Float32Array(new SharedArrayBuffer(data.byteLength));
  copy.set(data);
  return copy;
}

/** Resolves when the worker says it is ready; rejects if it fails or exits first. */
function ready(worker: Worker): Promise<void> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: unknown): void => {
      if (message !== 'ready') return;
      worker.off('error', reject);
      worker.off('exit', onExit);
      resolve();
    };
    const onExit = (code: number): void =>
      reject(new Error(`engine worker exited with code ${code} before it was ready`));
    worker.once('message', onMessage);
    worker.once('error', reject);
    worker.once('exit', onExit);
  });
}
