/**
 * The engine's activation buffers: allocated once with their padding borders, the image written in,
 * the output read out.
 */
import { activeOutputs, type ExecutionPlan } from './executionPlan.js';

/**
 * One buffer per plan entry, each filled with its padding value.
 *
 * In plain words: every layer writes only the interior of the next buffer, so the borders keep their
 * zeros (or -Infinity before a pool) for the life of the engine and are never copied again.
 *
 * @param plan - the network's plan
 * @param shared - back the buffers with SharedArrayBuffers (for workers)
 * @returns the buffers, index i being layer i's input
 */
export function allocateActivations(plan: ExecutionPlan, shared: boolean): Float32Array[] {
  return plan.buffers.map((buffer) => {
    const bytes = buffer.length * Float32Array.BYTES_PER_ELEMENT;
    const values = new Float32Array(shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes));
    return values.fill(buffer.fill);
  });
}

/**
 * Copies an image (C, H, W, row-major) into the interior of the first buffer, rounding to float32.
 *
 * @param plan - the network's plan
 * @param input - C x H x W values; its length is checked by the caller
 * @param target - buffer 0
 */
export function writeInput(plan: ExecutionPlan, input: ArrayLike<number>, target: Float32Array): void {
  const { channels, height, width, pad } = plan.buffers[0]!;
  const h = height - 2 * pad;
  const w = width - 2 * pad;
  let i = 0;
  for (let c = 0; c < channels; c++) {
    for (let row = 0; row < h; row++) {
      const start = c * height * width + (row + pad) * width + pad;
      for (let col = 0; col < w; col++) target[start + col] = input[i++]!;
    }
  }
}

/**
 * A copy of the network's active outputs: the last layer's first activeOutputs(g) channels.
 *
 * @param plan - the network's plan
 * @param g - active groups
 * @param source - the last buffer
 * @returns a new Float32Array (the buffer is reused by the next inference)
 */
export function readOutput(plan: ExecutionPlan, g: number, source: Float32Array): Float32Array {
  const last = plan.layers[plan.layers.length - 1]!;
  return source.slice(0, activeOutputs(last, g) * last.outH * last.outW);
}
