/**
 * The parallel engine's worker: waits for an inference, runs its slice of every layer, meets the
 * other workers at a barrier after each layer, and waits again.
 */
import { performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import { barrier } from './barrier.js';
import { CONTROL } from './controlBlock.js';
import { activeOutputs, executionPlan } from './executionPlan.js';
import { createKernelScratch } from './kernelScratch.js';
import { runLayerSlice } from './runLayerSlice.js';
import { sliceRange } from './sliceRange.js';
import type { EngineWorkerData } from './workerData.js';

const data = workerData as EngineWorkerData;
const { thread, threads } = data;
// The same plan the main thread built: executionPlan is deterministic in (dnn, layout).
const plan = executionPlan(data.dnn, data.layout);
const weights = new Float32Array(data.weights, data.weightsOffset, data.weightsLength);
const buffers = data.activations.map((buffer) => new Float32Array(buffer));
const scratch = createKernelScratch(plan);
const control = new Int32Array(data.control);
const ops = new Float64Array(data.ops);
const times = new Float64Array(data.times);
const layers = plan.layers.length;

function runJob(job: number): void {
  const g = Atomics.load(control, CONTROL.groups);
  const timing = thread === 0 && Atomics.load(control, CONTROL.timing) === 1;
  if (timing) times[0] = performance.now();
  plan.layers.forEach((layer, i) => {
    const [from, to] = sliceRange(activeOutputs(layer, g), thread, threads);
    ops[thread * layers + i] = runLayerSlice(layer, g, weights, buffers[i]!, buffers[i + 1]!, from, to, scratch);
    barrier(control, threads);
    if (timing) times[i + 1] = performance.now();
  });
  if (thread === 0) {
    Atomics.store(control, CONTROL.done, job);
    Atomics.notify(control, CONTROL.done);
  }
}

parentPort?.postMessage('ready');
let seen = 0;
for (;;) {
  Atomics.wait(control, CONTROL.job, seen);
  const job = Atomics.load(control, CONTROL.job);
  if (job === seen) continue;
  seen = job;
  if (Atomics.load(control, CONTROL.stop) === 1) break;
  try {
    runJob(job);
  } catch (err) {
    data.errors.postMessage(
      `engine worker ${thread}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`,
    );
    Atomics.store(control, CONTROL.failed, 1);
    Atomics.store(control, CONTROL.done, job);
    Atomics.notify(control, CONTROL.done);
    break;
  }
}
