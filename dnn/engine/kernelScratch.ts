/**
 * Working memory of the kernels, allocated once per engine (or per worker) and reused by every run.
 */
import type { ExecutionPlan } from './executionPlan.js';
import { createSimdSweep, type SimdSweep } from './simdSweep.js';

/** The most output channels a kernel accumulates at once (conv3x3's four-channel sweep). */
export const CHANNELS_AT_ONCE = 4;

/** The WebAssembly sweep and where its operands sit in its memory (byte offsets). */
export interface SimdScratch {
  sweep: SimdSweep;
  /** Four output channels' float32 weight rows, copied in before each sweep. */
  weights: Float32Array;
  inputAt: number;
  sumsAt: number;
  weightsAt: number;
}

/** Float64 buffers the kernels fill and overwrite; their contents never outlive one kernel call. */
export interface KernelScratch {
  /** A block's input planes as float64 (exact copies of the float32 values), padding included. */
  input: Float64Array;
  /** Per-pixel running sums of up to CHANNELS_AT_ONCE output channels, one plane per channel. */
  sums: Float64Array;
  /** Present where WebAssembly SIMD runs; input and sums then live in its memory. */
  simd: SimdScratch | undefined;
}

/**
 * Sizes the scratch for the largest conv of a plan.
 *
 * @param plan - the network's plan
 * @param options - simd: false keeps to the JS kernels (same bits; for tests and comparisons)
 * @returns buffers large enough for every layer's kernel
 */
export function createKernelScratch(plan: ExecutionPlan, options: { simd?: boolean } = {}): KernelScratch {
  let input = 0;
  let sums = 0;
  let weights = 0;
  for (const layer of plan.layers) {
    if (layer.kind !== 'conv') continue;
    for (const block of layer.blocks) {
      input = Math.max(input, block.inCount * layer.input.height * layer.input.width);
      weights = Math.max(weights, CHANNELS_AT_ONCE * block.rowStride);
    }
    sums = Math.max(sums, CHANNELS_AT_ONCE * layer.outH * layer.outW);
  }
  const sumsAt = 0;
  const inputAt = sumsAt + 8 * sums;
  const weightsAt = inputAt + 8 * input;
  const wasm = options.simd === false ? undefined : createSimdSweep(weightsAt + 4 * weights);
  if (wasm === undefined) return { input: new Float64Array(input), sums: new Float64Array(sums), simd: undefined };
  return {
    input: new Float64Array(wasm.buffer, inputAt, input),
    sums: new Float64Array(wasm.buffer, sumsAt, sums),
    simd: { sweep: wasm.sweep, weights: new Float32Array(wasm.buffer, weightsAt, weights), inputAt, sumsAt, weightsAt },
  };
}
