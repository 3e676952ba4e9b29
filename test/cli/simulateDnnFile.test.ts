/**
 * `twinrtm simulate --dnn-file`, a scenario file with dnnFile, and the runtime in simulate's output
 * (the header's platform and --json's `runtime`).
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { scenarioById } from '../../scenarios/builtinScenarios.js';
import { buildModel, param } from '../dnn/onnx/buildModel.js';
import { expectOneLineRefusal, run, runJson } from './run.js';

const dir = mkdtempSync(join(tmpdir(), 'twinrtm-simulate-dnnfile-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const NET = join(dir, 'small.onnx');
writeFileSync(
  NET,
  buildModel({
    input: [1, 3, 32, 32],
    initializers: [param('w0', 16, 3, 3, 3), param('w1', 16, 16, 3, 3), param('f', 10, 16)],
    nodes: [
      { op: 'Conv', inputs: ['x', 'w0'], attrs: { pads: [1, 1, 1, 1] } },
      { op: 'Relu', inputs: ['t0'] },
      { op: 'Conv', inputs: ['t1', 'w1'], attrs: { pads: [1, 1, 1, 1] } },
      { op: 'Add', inputs: ['t2', 't1'] },
      { op: 'GlobalAveragePool', inputs: ['t3'] },
      { op: 'Flatten', inputs: ['t4'] },
      { op: 'Gemm', inputs: ['t5', 'f'], attrs: { transB: 1 } },
    ],
  }),
);
const ODD = join(dir, 'odd.onnx');
writeFileSync(
  ODD,
  buildModel({ input: [1, 3, 8, 8], nodes: [{ op: 'Einsum', inputs: ['x'], name: 'mix', attrs: { equation: 'i' } }] }),
);

// xu3-default's file with its network given as a file beside it, starting at the one group it has.
mkdirSync(join(dir, 'runs', 'nets'), { recursive: true });
copyFileSync(NET, join(dir, 'runs', 'nets', 'small.onnx'));
const { $schema: _schema, dnn: _dnn, ...xu3 } = scenarioById('xu3-default');
const SCENARIO = join(dir, 'runs', 'small-default.json');
writeFileSync(
  SCENARIO,
  JSON.stringify({
    ...xu3,
    id: 'small-default',
    dnnFile: 'nets/small.onnx',
    initialConfig: { ...xu3.initialConfig, groups: 1 },
  }),
);
const BOTH = join(dir, 'runs', 'both.json');
writeFileSync(BOTH, JSON.stringify({ ...xu3, id: 'both', dnn: 'alexnet-cifar10-g4', dnnFile: 'nets/small.onnx' }));
const GONE = join(dir, 'runs', 'gone.json');
writeFileSync(GONE, JSON.stringify({ ...xu3, id: 'gone', dnnFile: 'nets/gone.onnx' }));

const CLAMP_NOTE = 'note: scenario xu3-default starts with 4 groups; network small has 1, so the run starts with 1\n';

/** The line of the text output that names the platform, the network, the duration and the seed. */
function setupLine(out: string): string {
  return out.split('\n')[1]!;
}

describe('twinrtm simulate --dnn-file', () => {
  it('runs a built-in scenario on an ONNX network: the JSON names it, every policy serves at g = 1, one note', async () => {
    const r = await run(
      'simulate',
      'xu3-default',
      '--dnn-file',
      NET,
      '--policy',
      'rtm',
      '--policy',
      'schedutil',
      '--policy',
      'oracle',
      '--duration',
      '2',
      '--json',
    );
    expect(r.code).toBe(0);
    // Once for the three runs, not once per policy.
    expect(r.err).toBe(CLAMP_NOTE);
    const json = JSON.parse(r.out);
    expect(json.scenario).toBe('xu3-default');
    expect(json.dnn).toBe('small');
    expect(json).not.toHaveProperty('runtime');
    expect(json.results.map((x: { policy: string }) => x.policy)).toEqual(['rtm', 'schedutil', 'oracle']);
    for (const { metrics } of json.results) {
      expect(metrics.inferences).toBeGreaterThanOrEqual(59);
      expect(metrics.meanGroups).toBe(1);
      expect(metrics.meanAccuracy).toBeNull();
      expect(metrics.rejectedDecisions).toBe(0);
    }
  });

  it('names the network in the text header, and the runtime when --runtime is given', async () => {
    const r = await run(
      'simulate',
      'xu3-default',
      '--dnn-file',
      NET,
      '--runtime',
      'onnxruntime',
      '--policy',
      'performance',
      '--duration',
      '1',
    );
    expect(r.code).toBe(0);
    expect(r.err).toBe(CLAMP_NOTE);
    expect(setupLine(r.out)).toBe('odroid-xu3 (runtime onnxruntime), small, 1 s simulated, seed 1');
  });

  it('refuses a network file that is not there, or has an operator the reader does not know, in one line', async () => {
    expectOneLineRefusal(
      await run('simulate', 'xu3-default', '--dnn-file', join(dir, 'gone.onnx'), '--duration', '1'),
      `${join(dir, 'gone.onnx')}: no such file`,
    );
    expectOneLineRefusal(
      await run('simulate', 'xu3-default', '--dnn-file', ODD, '--duration', '1'),
      "node 'mix' (Einsum)",
      'is not supported',
    );
  });

  it('lists --dnn-file in --help with the text of the other commands', async () => {
    const r = await run('simulate', '--help');
    expect(r.out.replace(/\s+/g, ' ')).toContain(
      '--dnn-file <file> network file instead: JSON spec, .onnx model, or a per-group ONNX manifest (.groups.json)',
    );
  });
});

describe('twinrtm simulate without --dnn-file', () => {
  it("keeps the built-in scenario's header, and names its network and the runtime in --json", async () => {
    const text = await run('simulate', 'xu3-default', '--policy', 'performance', '--duration', '1');
    expect(text.err).toBe('');
    expect(setupLine(text.out)).toBe('odroid-xu3, alexnet-cifar10-g4, 1 s simulated, seed 1');
    const json = await runJson(
      'simulate',
      'xu3-default',
      '--runtime',
      'onnxruntime',
      '--policy',
      'performance',
      '--duration',
      '1',
      '--json',
    );
    expect(json.dnn).toBe('alexnet-cifar10-g4');
    expect(json.runtime).toBe('onnxruntime');
  });

  it("runs a scenario file's dnnFile network, with no note: it starts at the network's own G", async () => {
    const r = await run('simulate', SCENARIO, '--policy', 'rtm', '--duration', '2');
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    expect(setupLine(r.out)).toBe('odroid-xu3, small, 2 s simulated, seed 1');
    const json = await runJson('simulate', SCENARIO, '--policy', 'rtm', '--duration', '2', '--json');
    expect(json.scenario).toBe('small-default');
    expect(json.dnn).toBe('small');
    expect(json.results[0].metrics.meanGroups).toBe(1);
  });

  it('refuses a scenario file naming two networks, or a network file that is not there, in one line', async () => {
    expectOneLineRefusal(
      await run('simulate', BOTH, '--duration', '1'),
      `${BOTH}: dnn: 'alexnet-cifar10-g4' and dnnFile 'nets/small.onnx' (network 'small') name two networks`,
    );
    expectOneLineRefusal(
      await run('simulate', GONE, '--duration', '1'),
      `${GONE}: dnnFile: ${join(dir, 'runs', 'nets', 'gone.onnx')}: no such file`,
    );
  });
});
