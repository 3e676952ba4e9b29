/**
 * A scenario's network as a file (dnnFile): read relative to the scenario file, in place of a built-in
 * network; every way it can be wrong refused in one line naming the scenario file.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { checkScenario } from '../../scenarios/checkScenario.js';
import { loadScenarioFile } from '../../scenarios/loadScenarioFile.js';
import { buildModel, param } from '../dnn/onnx/buildModel.js';

const dir = mkdtempSync(join(tmpdir(), 'twinrtm-scenario-dnnfile-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const GROUPS_MANIFEST = fileURLToPath(
  new URL('../../dnn/weights/alexnet-cifar10-g4/onnx/alexnet-cifar10-g4.groups.json', import.meta.url),
);
const ALEXNET_JSON = fileURLToPath(new URL('../../dnn/networks/alexnet-cifar10-g4.json', import.meta.url));

// The scenario files live in dir/runs, their networks in dir/runs/nets.
const runs = join(dir, 'runs');
mkdirSync(join(runs, 'nets'), { recursive: true });
writeFileSync(
  join(runs, 'nets', 'tiny.onnx'),
  buildModel({
    input: [1, 3, 8, 8],
    initializers: [param('w', 4, 3, 3, 3), param('f', 10, 4)],
    nodes: [
      { op: 'Conv', inputs: ['x', 'w'], attrs: { pads: [1, 1, 1, 1] } },
      { op: 'Relu', inputs: ['t0'] },
      { op: 'GlobalAveragePool', inputs: ['t1'] },
      { op: 'Flatten', inputs: ['t2'] },
      { op: 'Gemm', inputs: ['t3', 'f'], attrs: { transB: 1 } },
    ],
  }),
);
writeFileSync(
  join(runs, 'nets', 'odd.onnx'),
  buildModel({ input: [1, 3, 8, 8], nodes: [{ op: 'Einsum', inputs: ['x'], name: 'mix', attrs: { equation: 'i' } }] }),
);
writeFileSync(join(runs, 'nets', 'broken.onnx'), 'not a protobuf at all, just text');
// The built-in network's JSON under another id: a user's network file in the JSON format.
writeFileSync(
  join(runs, 'nets', 'my-alexnet.json'),
  JSON.stringify({ ...JSON.parse(readFileSync(ALEXNET_JSON, 'utf8')), id: 'my-alexnet' }),
);

function scenarioData(fields: Record<string, unknown>): Record<string, unknown> {
  return {
    id: 'with-file',
    description: 'a network from a file',
    platform: 'odroid-xu3',
    durationS: 2,
    requests: { kind: 'periodic', fps: 10 },
    initialConfig: { groups: 1, unit: 'a15', cores: 4, freqMHz: { a15: 2000 } },
    ...fields,
  };
}

/** Writes a scenario file into dir/runs and returns its path. */
function scenarioFile(name: string, fields: Record<string, unknown>): string {
  const path = join(runs, name);
  writeFileSync(path, JSON.stringify(scenarioData(fields)));
  return path;
}

function refusal(path: string): string {
  try {
    loadScenarioFile(path);
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error(`${path} was accepted`);
}

describe('a scenario with dnnFile', () => {
  it('reads the network relative to the scenario file, names it by its id and keeps the absolute path', () => {
    const s = loadScenarioFile(scenarioFile('onnx.json', { dnnFile: 'nets/tiny.onnx' }));
    expect(s.dnn).toBe('tiny');
    expect(s.dnnFile).toBe(resolve(runs, 'nets', 'tiny.onnx'));
    expect(s.initialConfig.groups).toBe(1);
  });

  it('takes a JSON network file and a per-group ONNX manifest (G = 4, an absolute path)', () => {
    const json = loadScenarioFile(
      scenarioFile('json.json', {
        dnnFile: 'nets/my-alexnet.json',
        initialConfig: { groups: 4, unit: 'a15', cores: 4, freqMHz: { a15: 2000 } },
      }),
    );
    expect(json.dnn).toBe('my-alexnet');
    const grouped = loadScenarioFile(
      scenarioFile('groups.json', {
        dnnFile: GROUPS_MANIFEST,
        initialConfig: { groups: 4, unit: 'a15', cores: 4, freqMHz: { a15: 2000 } },
      }),
    );
    expect(grouped.dnn).toBe('alexnet-cifar10-g4');
    expect(grouped.dnnFile).toBe(GROUPS_MANIFEST);
  });

  it('checks a checked scenario again unchanged, also written to JSON in another folder', () => {
    const s = loadScenarioFile(scenarioFile('again.json', { dnnFile: 'nets/tiny.onnx' }));
    const elsewhere = join(dir, 'again-elsewhere.json');
    writeFileSync(elsewhere, JSON.stringify(s));
    expect(loadScenarioFile(elsewhere)).toEqual(s);
  });

  it("accepts dnn beside dnnFile when it is the file's network's id", () => {
    const s = loadScenarioFile(scenarioFile('same-id.json', { dnn: 'tiny', dnnFile: 'nets/tiny.onnx' }));
    expect(s.dnn).toBe('tiny');
  });
});

describe('a scenario with dnnFile refused in one line naming the scenario file', () => {
  it('for dnn and dnnFile naming two networks', () => {
    const path = scenarioFile('both.json', { dnn: 'alexnet-cifar10-g4', dnnFile: 'nets/tiny.onnx' });
    expect(refusal(path)).toBe(
      `${path}: dnn: 'alexnet-cifar10-g4' and dnnFile 'nets/tiny.onnx' (network 'tiny') name two networks: give dnn (a built-in network) or dnnFile, not both`,
    );
  });

  it('for neither dnn nor dnnFile', () => {
    const path = scenarioFile('neither.json', {});
    expect(refusal(path)).toBe(`${path}: dnn: is required but missing (or give dnnFile, the path of a network file)`);
  });

  it('for a file that is not there, with the path it was looked for at', () => {
    const path = scenarioFile('missing.json', { dnnFile: 'nets/gone.onnx' });
    expect(refusal(path)).toBe(`${path}: dnnFile: ${join(runs, 'nets', 'gone.onnx')}: no such file`);
  });

  it("for a file that is not ONNX, with the loader's line", () => {
    const path = scenarioFile('broken.json', { dnnFile: 'nets/broken.onnx' });
    const line = refusal(path);
    expect(line).toMatch(
      new RegExp(`^${regexpOf(path)}: dnnFile: ${regexpOf(join(runs, 'nets', 'broken.onnx'))}: is not an ONNX model`),
    );
    expect(line).not.toContain('\n');
  });

  it('for an operator the reader does not support, naming the node', () => {
    const path = scenarioFile('odd.json', { dnnFile: 'nets/odd.onnx' });
    const line = refusal(path);
    expect(line).toContain(`${path}: dnnFile: ${join(runs, 'nets', 'odd.onnx')}: node 'mix' (Einsum)`);
    expect(line).not.toContain('\n');
  });

  it('for a start with more groups than the network has', () => {
    const path = scenarioFile('groups.json', {
      dnnFile: 'nets/tiny.onnx',
      initialConfig: { groups: 4, unit: 'a15', cores: 4, freqMHz: { a15: 2000 } },
    });
    expect(refusal(path)).toBe(`${path}: initialConfig: groups 4 is outside 1..1 for tiny`);
  });

  it('for an empty dnnFile, by the schema', () => {
    const path = scenarioFile('empty.json', { dnnFile: '' });
    expect(refusal(path)).toBe(`${path}: dnnFile: must NOT have fewer than 1 characters`);
  });

  it('when checked from memory, with no folder to read it from', () => {
    expect(() => checkScenario(scenarioData({ dnnFile: 'nets/tiny.onnx' }), 'in memory')).toThrow(
      "in memory: dnnFile: 'nets/tiny.onnx' is a file, read relative to the scenario file: load the scenario from its file (loadScenarioFile, or the CLI) to read it",
    );
  });
});

function regexpOf(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
