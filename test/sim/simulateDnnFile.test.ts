/**
 * simulate() on another network than the scenario's own (SimulateOptions.dnn), and on a scenario
 * whose network is a file (dnnFile): a network read from ONNX has G = 1, so a built-in scenario's
 * start at 4 groups is clamped (with one note), and the policies choose among mappings and clocks only.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { networkById } from '../../dnn/builtinNetworks.js';
import { loadNetworkFile } from '../../dnn/loadNetworkFile.js';
import { onnxNetwork } from '../../dnn/onnx/loadOnnxFile.js';
import type { Configuration } from '../../models/types.js';
import { createPolicy } from '../../policies/registry.js';
import { scenarioById } from '../../scenarios/builtinScenarios.js';
import { loadScenarioFile, scenarioNetwork } from '../../scenarios/loadScenarioFile.js';
import type { Metrics } from '../../sim/metrics.js';
import { simulate, type SimulateOptions } from '../../sim/simulate.js';
import type { TraceEvent } from '../../sim/traceEvents.js';
import type { Scenario } from '../../scenarios/types.js';
import { buildModel, param } from '../dnn/onnx/buildModel.js';

// Three convolutions and a residual Add at 32x32: about 9 ms on the XU3's four A15s at 2 GHz
// (twinrtm predict), so xu3-default's 20 ms deadline leaves room to slow down.
const BYTES = buildModel({
  input: [1, 3, 32, 32],
  initializers: [param('w0', 32, 3, 3, 3), param('w1', 64, 32, 3, 3), param('w2', 64, 64, 3, 3), param('f', 10, 64)],
  nodes: [
    { op: 'Conv', inputs: ['x', 'w0'], attrs: { pads: [1, 1, 1, 1] } },
    { op: 'Relu', inputs: ['t0'] },
    { op: 'Conv', inputs: ['t1', 'w1'], attrs: { pads: [1, 1, 1, 1] } },
    { op: 'Relu', inputs: ['t2'] },
    { op: 'Conv', inputs: ['t3', 'w2'], attrs: { pads: [1, 1, 1, 1] } },
    { op: 'Add', inputs: ['t4', 't3'] },
    { op: 'GlobalAveragePool', inputs: ['t5'] },
    { op: 'Flatten', inputs: ['t6'] },
    { op: 'Gemm', inputs: ['t7', 'f'], attrs: { transB: 1 } },
  ],
});
const net = onnxNetwork(BYTES, 'mid.onnx');
const GROUPS_MANIFEST = fileURLToPath(
  new URL('../../dnn/weights/alexnet-cifar10-g4/onnx/alexnet-cifar10-g4.groups.json', import.meta.url),
);

const dir = mkdtempSync(join(tmpdir(), 'twinrtm-sim-dnnfile-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Run {
  metrics: Metrics;
  applied: Configuration[];
  runEvent: Extract<TraceEvent, { kind: 'run' }> | undefined;
  notes: string[];
}

function run(scenario: Scenario, policy: string, options: SimulateOptions = {}): Run {
  const applied: Configuration[] = [];
  const notes: string[] = [];
  let runEvent: Run['runEvent'];
  const { metrics } = simulate(scenario, createPolicy(policy), {
    ...options,
    onNote: (line) => notes.push(line),
    trace: (e) => {
      if (e.kind === 'apply') applied.push(e.config);
      if (e.kind === 'run') runEvent = e;
    },
  });
  return { metrics, applied, runEvent, notes };
}

/** Metrics without the wall-clock figures, which no seed governs. */
function simulated(m: Metrics): Omit<Metrics, 'wallMs' | 'decisionUs'> {
  const { wallMs: _wall, decisionUs: _decide, ...rest } = m;
  return rest;
}

const xu3 = scenarioById('xu3-default');
const TEN_S = { durationS: 10 };

describe('simulate() with options.dnn, a network of one group', () => {
  const performance = run(xu3, 'performance', { dnn: net, ...TEN_S });

  it.each(['rtm', 'schedutil', 'oracle'])('%s serves every frame at g = 1, no decision rejected', (policy) => {
    const r = run(xu3, policy, { dnn: net, ...TEN_S });
    // 30 fps for 10 s.
    expect(r.metrics.inferences).toBeGreaterThanOrEqual(295);
    expect(r.metrics.dropped).toBe(0);
    expect(r.metrics.rejectedDecisions).toBe(0);
    expect(r.metrics.meanGroups).toBe(1);
    expect(r.metrics.meanAccuracy).toBeNull();
    expect(r.applied.length).toBeGreaterThan(0);
    expect(r.applied.every((c) => c.groups === 1)).toBe(true);
    expect(r.runEvent?.dnn).toBe('mid');
  });

  it.each(['rtm', 'oracle'])(
    '%s keeps the 20 ms deadline and, with no groups to shed, spends less energy than performance by mapping and clocks',
    (policy) => {
      const r = run(xu3, policy, { dnn: net, ...TEN_S });
      expect(r.metrics.deadlineMissRate).toBe(0);
      expect(r.metrics.energyPerInferenceMJ!).toBeLessThan(performance.metrics.energyPerInferenceMJ!);
      const start = xu3.initialConfig;
      const moved = r.applied.filter(
        (c) => c.unit !== start.unit || c.cores !== start.cores || c.freqMHz[c.unit] !== start.freqMHz[c.unit],
      );
      expect(moved.length).toBeGreaterThan(0);
    },
  );

  it('schedutil moves the clocks under the G = 1 network as under any other', () => {
    const r = run(xu3, 'schedutil', { dnn: net, ...TEN_S });
    expect(new Set(r.applied.map((c) => c.freqMHz.a15)).size).toBeGreaterThan(1);
  });

  it('clamps the start at 4 groups to the network G = 1 and says so in one note per run', () => {
    const r = run(xu3, 'performance', { dnn: net, durationS: 1 });
    expect(r.notes).toEqual(['scenario xu3-default starts with 4 groups; network mid has 1, so the run starts with 1']);
    expect(r.applied[0]!.groups).toBe(1);
  });

  it('refuses in one line a start the network cannot run, naming the scenario and the network', () => {
    const anytime = { ...xu3, initialConfig: { ...xu3.initialConfig, confidenceThreshold: 0.9 } };
    expect(() => simulate(anytime, createPolicy('rtm'), { dnn: net, durationS: 1 })).toThrow(
      /^scenario xu3-default: initialConfig on network mid: confidence threshold 0\.9: mid has no measured per-image probabilities/,
    );
  });
});

describe('simulate() with options.dnn of the scenario itself or of G = 4', () => {
  it("gives, with the scenario's own network, exactly the run without the option, and no note", () => {
    const own = run(xu3, 'rtm', { dnn: networkById(xu3.dnn), durationS: 5 });
    const plain = run(xu3, 'rtm', { durationS: 5 });
    expect(simulated(own.metrics)).toEqual(simulated(plain.metrics));
    expect(own.applied).toEqual(plain.applied);
    expect(own.notes).toEqual([]);
  });

  it("runs the trainer's per-group ONNX export (G = 4) from its 4 groups, with no note, as it runs the JSON network", () => {
    const grouped = loadNetworkFile(GROUPS_MANIFEST);
    expect(grouped.groups).toBe(4);
    const r = run(xu3, 'rtm', { dnn: grouped, ...TEN_S });
    const builtin = run(xu3, 'rtm', TEN_S);
    expect(r.notes).toEqual([]);
    expect(r.metrics.rejectedDecisions).toBe(0);
    // No accuracy table in the export: nothing to trade groups for, so rtm keeps all four.
    expect(r.metrics.meanGroups).toBe(4);
    expect(r.metrics.meanAccuracy).toBeNull();
    // The export's costs differ from the JSON network's by a few kB of bytes moved (dnn/onnx/README.md).
    expect(r.metrics.energyPerInferenceMJ! / builtin.metrics.energyPerInferenceMJ!).toBeCloseTo(1, 2);
  });
});

describe('simulate() of a scenario whose network is a file (dnnFile)', () => {
  mkdirSync(join(dir, 'nets'));
  writeFileSync(join(dir, 'nets', 'mid.onnx'), BYTES);
  const { $schema: _schema, dnn: _dnn, ...rest } = xu3;
  const path = join(dir, 'mid-scenario.json');
  writeFileSync(
    path,
    JSON.stringify({
      ...rest,
      id: 'mid-default',
      dnnFile: 'nets/mid.onnx',
      initialConfig: { ...xu3.initialConfig, groups: 1 },
    }),
  );
  const scenario = loadScenarioFile(path);

  it("runs the file's network with no option and no note, as options.dnn runs it", () => {
    const fromFile = run(scenario, 'rtm', TEN_S);
    expect(fromFile.runEvent?.dnn).toBe('mid');
    expect(fromFile.notes).toEqual([]);
    expect(fromFile.metrics.meanGroups).toBe(1);
    const given = run(xu3, 'rtm', { dnn: net, ...TEN_S });
    expect(simulated(fromFile.metrics)).toEqual(simulated(given.metrics));
  });

  it('reads the file once when loading: the loaded scenario runs after the file is gone, a copy of it does not', () => {
    const copy = { ...scenario };
    expect(scenarioNetwork(scenario)).toBe(scenarioNetwork(scenario));
    expect(scenarioNetwork(copy).layers).toEqual(scenarioNetwork(scenario).layers);
    rmSync(join(dir, 'nets', 'mid.onnx'));
    expect(run(scenario, 'performance', { durationS: 1 }).metrics.inferences).toBeGreaterThan(0);
    expect(() => simulate(copy, createPolicy('performance'), { durationS: 1 })).toThrow(
      `${join(dir, 'nets', 'mid.onnx')}: no such file`,
    );
  });
});
