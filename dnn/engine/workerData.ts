/**
 * What the parallel engine hands each worker at start: shared memory only, no copies per inference.
 */
import type { MessagePort } from 'node:worker_threads';
import type { Dnn } from '../types.js';
import type { TensorLayout } from './types.js';

/** The workerData of one engine worker (thread `thread` of `threads`). */
export interface EngineWorkerData {
  dnn: Dnn;
  layout: TensorLayout[];
  /** The weights: `weightsLength` float32 values from byte `weightsOffset` of this buffer. */
  weights: SharedArrayBuffer;
  weightsOffset: number;
  weightsLength: number;
  /** One per execution-plan buffer. */
  activations: SharedArrayBuffer[];
  /** Int32 control block (controlBlock.ts). */
  control: SharedArrayBuffer;
  /** Float64 [thread * layers + layer]: operations each thread executed in each layer. */
  ops: SharedArrayBuffer;
  /** Float64 [layers + 1]: worker 0's clock at the start and after each layer, when timing. */
  times: SharedArrayBuffer;
  thread: number;
  threads: number;
  /** Where the worker reports an error (read synchronously with receiveMessageOnPort). */
  errors: MessagePort;
}
