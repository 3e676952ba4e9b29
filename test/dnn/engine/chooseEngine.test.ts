/**
 * The engine choice: ONNX Runtime by default where it loads and the files match the weights, the
 * TypeScript engine otherwise with the reason in its note; an engine asked for by name is checked and
 * refused in one line, never swapped for another.
 */
import { describe, expect, it } from 'vitest';
import { networkById } from '../../../dnn/builtinNetworks.js';
import { chooseEngine } from '../../../dnn/engine/chooseEngine.js';
import { defaultWeightsPath } from '../../../dnn/engine/defaultWeights.js';
import { InputError } from '../../../dnn/inputError.js';

const dnn = networkById('alexnet-cifar10-g4');
const weights = defaultWeightsPath(dnn.id)!;
const loads = () => Promise.resolve({ name: 'a runtime that loads' });
const fails = () => Promise.reject(new InputError('no binary for this machine'));
/** Only the WebAssembly build loads (a 32-bit ARM board). */
const webOnly = (choice: 'auto' | 'node') =>
  choice === 'node' ? fails() : Promise.resolve({ name: 'onnxruntime-web (WebAssembly)' });

describe('chooseEngine', () => {
  it('defaults to ONNX Runtime where it loads, naming the runtime', async () => {
    const choice = await chooseEngine(dnn, undefined, weights, undefined, loads);
    expect(choice.engine).toBe('onnx');
    expect(choice.note).toContain('a runtime that loads');
  });

  it('falls back to the TypeScript engine where the runtime does not load, and says why', async () => {
    const choice = await chooseEngine(dnn, undefined, weights, undefined, fails);
    expect(choice).toEqual({ engine: 'ts', note: expect.stringContaining('no binary for this machine') as string });
  });

  it('does not default to the one-thread WebAssembly build: the TypeScript engine runs, and says why; --engine onnx runs it', async () => {
    const choice = await chooseEngine(dnn, undefined, weights, undefined, webOnly);
    expect(choice.engine).toBe('ts');
    expect(choice.note).toMatch(
      /native build does not load here \(--engine onnx runs its one-thread WebAssembly build\)/,
    );
    expect(await chooseEngine(dnn, 'onnx', weights, undefined, webOnly)).toEqual({
      engine: 'onnx',
      note: '--engine onnx on onnxruntime-web (WebAssembly)',
    });
  });

  it('runs random weights on the TypeScript engine by default: they have no ONNX files', async () => {
    const choice = await chooseEngine(dnn, undefined, null, undefined, loads);
    expect(choice.engine).toBe('ts');
    expect(choice.note).toMatch(/seeded random weights .* which have no ONNX files/);
  });

  it('keeps an engine asked for by name', async () => {
    expect((await chooseEngine(dnn, 'ts', weights, undefined, loads)).engine).toBe('ts');
    expect((await chooseEngine(dnn, 'torch', weights, undefined, fails)).engine).toBe('torch');
    expect((await chooseEngine(dnn, 'onnx', weights, undefined, loads)).engine).toBe('onnx');
  });

  it('refuses --engine onnx that cannot run, rather than running another engine', async () => {
    await expect(chooseEngine(dnn, 'onnx', weights, undefined, fails)).rejects.toThrow(/no binary for this machine/);
    await expect(chooseEngine(dnn, 'onnx', null, undefined, loads)).rejects.toThrow(InputError);
  });

  it('refuses an engine the command cannot run, listing the ones it can', async () => {
    await expect(chooseEngine(dnn, 'torch', weights, ['ts', 'onnx'], loads)).rejects.toThrow(
      '--engine torch: expected ts or onnx',
    );
    await expect(chooseEngine(dnn, 'tensorrt', weights, undefined, loads)).rejects.toThrow(
      '--engine tensorrt: expected ts, onnx or torch',
    );
  });
});
