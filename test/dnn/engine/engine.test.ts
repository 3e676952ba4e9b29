import { describe, expect, it } from 'vitest';
import { networkById } from '../../../dnn/builtinNetworks.js';
import { createEngine } from '../../../dnn/engine/engine.js';
import { randomWeights } from '../../../dnn/engine/randomWeights.js';
import { InputError } from '../../../dnn/inputError.js';
import { seededInput } from './fixtures.js';

const dnn = networkById('alexnet-cifar10-g4');
const engine = createEngine(randomWeights(dnn, 4));
const input = seededInput(dnn, 4);

describe('createEngine', () => {
  it('times each layer with the clock it is given, reading it before and after every layer', () => {
    let now = 0;
    const clock = (): number => (now += 0.5);
    const result = engine.run(input, 1, { timeLayers: true, clock });
    expect(result.layerMs).toEqual(dnn.layers.map(() => 0.5));
    expect(now).toBe(dnn.layers.length * 2 * 0.5);
  });

  it('reads no clock and reports no times unless asked', () => {
    const result = engine.run(input, 1, { clock: () => Number.NaN });
    expect(result.layerMs).toBeUndefined();
  });

  it('returns a fresh logits array each run, not a view of its buffers', () => {
    const first = engine.run(input, 2).logits;
    const copy = Float32Array.from(first);
    engine.run(seededInput(dnn, 99), 4);
    expect(first).toEqual(copy);
  });

  it('says where its weights came from', () => {
    expect(engine.run(input, 1).source).toEqual({ kind: 'random', seed: 4 });
  });

  it('refuses g outside 1..G and an input of the wrong length', () => {
    expect(() => engine.run(input, 0)).toThrow(InputError);
    expect(() => engine.run(input, 5)).toThrow(/from 1 to 4 \(got 5\)/);
    expect(() => engine.run(new Float32Array(3071), 1)).toThrow(/must hold 3 x 32 x 32 = 3072 values \(got 3071\)/);
  });
});
