/**
 * Files the ONNX reader refuses: each in one line naming the file and, where it applies, the node and
 * its operator.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadNetworkFile } from '../../../dnn/loadNetworkFile.js';
import { DataFileError } from '../../../dnn/schemaCheck.js';
import { buildModel, param, type ModelSpec } from './buildModel.js';

const dir = mkdtempSync(join(tmpdir(), 'twinrtm-onnx-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, bytes: Uint8Array | string): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

/** The one-line message loading the file throws, checked to be a DataFileError. */
function refusal(path: string): string {
  try {
    loadNetworkFile(path);
  } catch (err) {
    expect(err).toBeInstanceOf(DataFileError);
    const message = (err as Error).message;
    expect(message).not.toContain('\n');
    expect(message.startsWith(`${path}: `)).toBe(true);
    return message;
  }
  throw new Error(`${path} was not refused`);
}

const model = (spec: ModelSpec) => buildModel(spec);

describe('refused ONNX files', () => {
  it('an unsupported operator, naming the node and the operator', () => {
    const path = write(
      'lstm.onnx',
      model({
        input: [1, 2, 3, 3],
        nodes: [
          { op: 'Relu', inputs: ['x'] },
          { op: 'LSTM', inputs: ['t0'], name: 'rnn' },
        ],
      }),
    );
    expect(refusal(path)).toMatch(/: node 'rnn' \(LSTM\): operator 'LSTM' is not supported \(supported: Conv, /);
  });

  it('an operator of another domain', () => {
    const path = write(
      'ms.onnx',
      model({ input: [1, 2], nodes: [{ op: 'Relu', inputs: ['x'], domain: 'com.microsoft', name: 'fused' }] }),
    );
    expect(refusal(path)).toContain("node 'fused' (Relu): operator 'Relu' of domain 'com.microsoft' is not supported");
  });

  it('bytes that are not protobuf', () => {
    expect(refusal(write('text.onnx', 'this is not a model\n'))).toContain('is not an ONNX model');
  });

  it('a model cut short', () => {
    const whole = model({
      input: [1, 3, 8, 8],
      initializers: [param('w', 4, 3, 3, 3)],
      nodes: [{ op: 'Conv', inputs: ['x', 'w'] }],
    });
    expect(refusal(write('cut.onnx', whole.slice(0, whole.length - 7)))).toContain('is not an ONNX model');
  });

  it('an empty file (protobuf that decodes to nothing)', () => {
    expect(refusal(write('empty.onnx', new Uint8Array(0)))).toContain(
      'is not an ONNX model: it decodes, but has no graph',
    );
  });

  it('a missing file', () => {
    expect(refusal(join(dir, 'absent.onnx'))).toMatch(/absent\.onnx: no such file$/);
  });

  it('a node reading a tensor nothing makes', () => {
    const path = write(
      'dangling.onnx',
      model({ input: [1, 2], nodes: [{ op: 'Relu', inputs: ['nowhere'], name: 'r' }] }),
    );
    expect(refusal(path)).toContain(
      "node 'r' (Relu): reads tensor 'nowhere', which no earlier node, initializer or graph input makes",
    );
  });

  it('a symbolic size other than the batch', () => {
    const path = write('symbolic.onnx', model({ input: [1, 3, 'H', 'W'], nodes: [{ op: 'Relu', inputs: ['x'] }] }));
    expect(refusal(path)).toContain("input 'x': axis 2 has no fixed size ('H')");
  });

  it('a batch of more than one image', () => {
    expect(
      refusal(write('batch.onnx', model({ input: [8, 3, 4, 4], nodes: [{ op: 'Relu', inputs: ['x'] }] }))),
    ).toContain('has a batch of 8');
  });

  it('a conv whose weight does not fit its input', () => {
    const path = write(
      'mismatch.onnx',
      model({
        input: [1, 3, 4, 4],
        initializers: [param('w', 4, 2, 3, 3)],
        nodes: [{ op: 'Conv', inputs: ['x', 'w'], name: 'c' }],
      }),
    );
    expect(refusal(path)).toContain(
      "node 'c' (Conv): group 1 does not fit 3 input channels and a weight of shape [4, 2, 3, 3]",
    );
  });

  it('metadata saying G > 1 in a single file', () => {
    const path = write(
      'groups.onnx',
      model({ input: [1, 2], metadata: { 'twinrtm.groups': '4' }, nodes: [{ op: 'Relu', inputs: ['x'] }] }),
    );
    expect(refusal(path)).toContain('metadata_props.twinrtm.groups: is 4');
  });

  it('a per-group manifest whose file list does not match its groups', () => {
    const shipped = JSON.parse(
      readFileSync(
        new URL('../../../dnn/weights/alexnet-cifar10-g4/onnx/alexnet-cifar10-g4.groups.json', import.meta.url),
        'utf8',
      ),
    ) as { files: unknown[] };
    shipped.files = shipped.files.slice(0, 3);
    expect(refusal(write('short.groups.json', JSON.stringify(shipped)))).toContain('files: lists 3 files for 4 groups');
  });
});
