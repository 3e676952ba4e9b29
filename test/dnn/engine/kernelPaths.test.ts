import { describe, expect, it } from 'vitest';
import { builtinNetworks } from '../../../dnn/builtinNetworks.js';
import { allocateActivations, writeInput } from '../../../dnn/engine/activationBuffers.js';
import { activeOutputs, executionPlan } from '../../../dnn/engine/executionPlan.js';
import { createKernelScratch } from '../../../dnn/engine/kernelScratch.js';
import { randomWeights } from '../../../dnn/engine/randomWeights.js';
import { runLayerSlice } from '../../../dnn/engine/runLayerSlice.js';
import { createEngine } from '../../../dnn/engine/engine.js';
import { referenceRun } from '../../../dnn/engine/reference.js';
import { handWeights, sameBits, seededInput, tinyDnn } from './fixtures.js';

/*
 * The kernels have fast paths (the WebAssembly sweep, four channels at once) and plain ones (the JS
 * kernel, one channel at a time); each output keeps one summation order in all of them, so every
 * path and every cut of a layer's outputs must store the same bits.
 */
describe('the kernels give the same bits whatever path or cut computes an output', () => {
  for (const dnn of builtinNetworks()) {
    const weights = randomWeights(dnn, 3);
    const plan = executionPlan(dnn, weights.layout);
    const input = seededInput(dnn, 8);

    /** Runs every layer with g groups, each layer cut at `cuts` (fractions of its active outputs). */
    const runCut = (g: number, simd: boolean, cuts: number[]): Float32Array[] => {
      const buffers = allocateActivations(plan, false);
      const scratch = createKernelScratch(plan, { simd });
      writeInput(plan, input, buffers[0]!);
      plan.layers.forEach((layer, i) => {
        const active = activeOutputs(layer, g);
        const edges = [0, ...cuts.map((cut) => Math.floor(cut * active)), active];
        for (let k = 0; k + 1 < edges.length; k++)
          runLayerSlice(layer, g, weights.data, buffers[i]!, buffers[i + 1]!, edges[k]!, edges[k + 1]!, scratch);
      });
      return buffers;
    };

    it(`${dnn.id}: this runtime has the WebAssembly SIMD path (so the checks below compare two paths)`, () => {
      expect(createKernelScratch(plan).simd).toBeDefined();
    });

    for (const g of [1, 4]) {
      it(`${dnn.id} with g=${g}: the JS kernels store the WebAssembly sweep's bits in every buffer`, () => {
        const fast = runCut(g, true, []);
        const plain = runCut(g, false, []);
        fast.forEach((buffer, i) => {
          expect(sameBits(buffer, plain[i]!)).toBe(true);
        });
      });

      it(`${dnn.id} with g=${g}: outputs cut at odd places and across groups give the whole layer's bits`, () => {
        const whole = runCut(g, true, []);
        const cut = runCut(g, true, [0.13, 0.3, 0.31, 0.77]);
        whole.forEach((buffer, i) => {
          expect(sameBits(buffer, cut[i]!)).toBe(true);
        });
      });
    }
  }
});

/*
 * A sum whose value depends on the order: bias 2^60, then 1 (lost: 2^60 + 1 needs 61 bits), then
 * -2^60, leaving 0; adding -2^60 before the 1 would leave 1. Outputs 0 and 1 take both from input
 * channel 0 (tap 0, then tap 8: kernel order); outputs 2 and 3 take the 1 from channel 0's tap 0
 * and -2^60 from channel 1's tap 8 (channel order). Four output channels and an even width take the
 * WebAssembly sweep; simd: false takes the JS kernel.
 */
describe('a 3x3 conv whose result depends on the summation order', () => {
  const dnn = tinyDnn([2, 4, 4], 1, 'block-diagonal', [
    { name: 'conv1', kind: 'conv', outChannels: 4, kernel: 3, padding: 1 },
  ]);
  const big = 2 ** 60;
  const zeros = new Array<number>(9).fill(0);
  const first = [1, 0, 0, 0, 0, 0, 0, 0, 0];
  const last = [0, 0, 0, 0, 0, 0, 0, 0, -big];
  const tapOrder = [1, 0, 0, 0, 0, 0, 0, 0, -big, ...zeros];
  const channelOrder = [...first, ...last];
  const weights = handWeights(dnn, {
    'conv1.g1.weight': [...tapOrder, ...tapOrder, ...channelOrder, ...channelOrder],
    'conv1.g1.bias': [big, big, big, big],
  });
  const input = new Array<number>(32).fill(1);
  // Tap 8 reads the image (not the padding) only where oy <= 2 and ox <= 2.
  const plane = Array.from({ length: 16 }, (_, i) => (Math.floor(i / 4) <= 2 && i % 4 <= 2 ? 0 : big));
  const expected = [...plane, ...plane, ...plane, ...plane];

  it('the engine and the reference add the bias, then channel by channel, tap by tap', () => {
    expect(Array.from(createEngine(weights).run(input, 1).logits)).toEqual(expected);
    expect(Array.from(referenceRun(weights, input, 1))).toEqual(expected);
  });

  it('so does the JS kernel', () => {
    const plan = executionPlan(dnn, weights.layout);
    const buffers = allocateActivations(plan, false);
    writeInput(plan, input, buffers[0]!);
    runLayerSlice(
      plan.layers[0]!,
      1,
      weights.data,
      buffers[0]!,
      buffers[1]!,
      0,
      4,
      createKernelScratch(plan, { simd: false }),
    );
    expect(Array.from(buffers[1]!)).toEqual(expected);
  });
});
