/**
 * `--dnn-file x.onnx` through the command line: predict and space take an ONNX model as they take a
 * network JSON file, and a broken or unsupported one is one line and exit 2.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadNetworkFile } from '../../../dnn/loadNetworkFile.js';
import { platformById } from '../../../models/builtinPlatforms.js';
import { predict } from '../../../models/predict.js';
import { expectOneLineRefusal, run, runJson } from '../../cli/run.js';
import { buildModel, param } from './buildModel.js';

const dir = mkdtempSync(join(tmpdir(), 'twinrtm-onnx-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// conv 3 -> 8 (3x3, pad 1) + BN + ReLU, max pool 2x2, global average pool, fc 8 -> 10.
const path = join(dir, 'tiny.onnx');
writeFileSync(
  path,
  buildModel({
    input: ['batch', 3, 16, 16],
    initializers: [
      param('w', 8, 3, 3, 3),
      param('s', 8),
      param('b', 8),
      param('m', 8),
      param('v', 8),
      param('f', 10, 8),
      param('fb', 10),
    ],
    nodes: [
      { op: 'Conv', inputs: ['x', 'w'], attrs: { pads: [1, 1, 1, 1] }, name: 'conv' },
      { op: 'BatchNormalization', inputs: ['t0', 's', 'b', 'm', 'v'] },
      { op: 'Relu', inputs: ['t1'] },
      { op: 'MaxPool', inputs: ['t2'], attrs: { kernel_shape: [2, 2], strides: [2, 2] }, name: 'pool' },
      { op: 'GlobalAveragePool', inputs: ['t3'], name: 'gap' },
      { op: 'Flatten', inputs: ['t4'] },
      { op: 'Gemm', inputs: ['t5', 'f', 'fb'], attrs: { transB: 1 }, name: 'fc' },
    ],
  }),
);

describe('twinrtm with --dnn-file x.onnx', () => {
  it('predict: one row per costed node with its hand-counted MACs, and the library prediction', async () => {
    const j = await runJson('predict', '--json', '--dnn-file', path, '--unit', 'a15', '--cores', '4');
    // conv: 8x16x16 outputs x 27 = 55296; pool and gap: no MACs; fc: 8 x 10 = 80.
    expect(j.layers.map((l: { name: string; kind: string; macs: number }) => [l.name, l.kind, l.macs])).toEqual([
      ['conv', 'conv', 55296],
      ['pool', 'pool', 0],
      ['gap', 'pool', 0],
      ['fc', 'fc', 80],
    ]);
    expect(j.config.groups).toBe(1);
    const library = predict(platformById('odroid-xu3'), loadNetworkFile(path), j.config);
    expect(j.timeMs).toBeCloseTo(library.timeMs, 9);
    expect(j.accuracy).toBeNull();
    // Parameters: 216 conv weights (no bias) + 32 batch-norm + 80 + 10 = 338 numbers; peak: the conv's 768 in + 2048 out.
    expect(j.memoryBytes).toBe(338 * 4 + (768 + 2048) * 4);
  });

  it('space: every configuration with g = 1', async () => {
    const j = await runJson('space', '--json', '--dnn-file', path);
    expect(j.dnn).toBe('tiny');
    expect(j.count).toBeGreaterThan(0);
    const groups = new Set(j.configs.map((p: { config: { groups: number } }) => p.config.groups));
    expect([...groups]).toEqual([1]);
  });

  it('refuses an unsupported operator in one line, exit 2', async () => {
    const bad = join(dir, 'rnn.onnx');
    writeFileSync(bad, buildModel({ input: [1, 4, 4], nodes: [{ op: 'GRU', inputs: ['x'], name: 'gru' }] }));
    expectOneLineRefusal(
      await run('predict', '--dnn-file', bad, '--unit', 'a15'),
      `${bad}: node 'gru' (GRU): operator 'GRU' is not supported`,
    );
  });

  it('refuses a broken file in one line, exit 2', async () => {
    const bad = join(dir, 'broken.onnx');
    writeFileSync(bad, new Uint8Array([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f]));
    expectOneLineRefusal(await run('predict', '--dnn-file', bad, '--unit', 'a15'), `${bad}: is not an ONNX model`);
  });
});
