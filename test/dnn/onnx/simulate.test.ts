/**
 * A network read from ONNX runs in the simulator as a network file does: simulate()'s own pieces
 * (runLoop on the twin board, the heap scheduler, the scenario's random streams) with the ONNX network
 * in place of the scenario's built-in one, under the model-based and the Linux policies (simulate()
 * itself takes one through SimulateOptions.dnn or a scenario's dnnFile: test/sim/simulateDnnFile.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { onnxNetwork } from '../../../dnn/onnx/loadOnnxFile.js';
import type { Dnn } from '../../../dnn/types.js';
import { platformById } from '../../../models/builtinPlatforms.js';
import { predict } from '../../../models/predict.js';
import { createPolicy } from '../../../policies/registry.js';
import { resolveScenario } from '../../../scenarios/builtinScenarios.js';
import { HeapScheduler } from '../../../sim/heapScheduler.js';
import { streams } from '../../../sim/random.js';
import { runLoop, type RunResult } from '../../../sim/runLoop.js';
import { twinBoardFor } from '../../../sim/simulate.js';
import { buildModel, param } from './buildModel.js';

// A small residual network: conv stem, a block whose Add reads the stem, global pool, classifier.
const dnn = onnxNetwork(
  buildModel({
    input: [1, 3, 32, 32],
    initializers: [param('w0', 16, 3, 3, 3), param('w1', 16, 16, 3, 3), param('w2', 16, 16, 3, 3), param('f', 10, 16)],
    nodes: [
      { op: 'Conv', inputs: ['x', 'w0'], attrs: { pads: [1, 1, 1, 1] } },
      { op: 'Relu', inputs: ['t0'] },
      { op: 'Conv', inputs: ['t1', 'w1'], attrs: { pads: [1, 1, 1, 1] } },
      { op: 'Relu', inputs: ['t2'] },
      { op: 'Conv', inputs: ['t3', 'w2'], attrs: { pads: [1, 1, 1, 1] } },
      { op: 'Add', inputs: ['t4', 't1'] },
      { op: 'Relu', inputs: ['t5'] },
      { op: 'GlobalAveragePool', inputs: ['t6'] },
      { op: 'Flatten', inputs: ['t7'] },
      { op: 'Gemm', inputs: ['t8', 'f'], attrs: { transB: 1 } },
    ],
  }),
  'resnet-block.onnx',
);

function simulateWith(network: Dnn, policyName: string): RunResult {
  const builtin = resolveScenario('xu3-default');
  const scenario = { ...builtin, durationS: 5, initialConfig: { ...builtin.initialConfig, groups: 1 } };
  const platform = platformById(scenario.platform);
  const scheduler = new HeapScheduler();
  let result: RunResult | undefined;
  let failure: unknown;
  const subscription = runLoop({
    scenario,
    platform,
    dnn: network,
    policy: createPolicy(policyName),
    lanes: scheduler,
    random: streams(scenario.seed),
    wallNs: () => 0n,
    foresight: true,
    runStats: () => ({ events: scheduler.eventCount, wallMs: 0 }),
    createBoard: twinBoardFor(scenario, platform, network),
  }).subscribe({ next: (r) => (result = r), error: (e: unknown) => (failure = e) });
  scheduler.flush(scenario.durationS * 1000);
  subscription.unsubscribe();
  if (failure !== undefined) throw failure;
  return result!;
}

describe('simulating a network read from ONNX', () => {
  it.each(['rtm', 'ondemand', 'performance'])(
    '%s: serves inferences, every one with g = 1, accuracy unmeasured',
    (policy) => {
      const m = simulateWith(dnn, policy).metrics;
      expect(m.inferences).toBeGreaterThan(0);
      expect(m.meanGroups).toBe(1);
      expect(m.meanAccuracy).toBeNull();
      expect(m.rejectedDecisions).toBe(0);
      expect(m.latencyMs.p50).toBeGreaterThan(0);
    },
  );

  it('runs as fast as its twin predicts: under performance every inference takes at least the predicted time at the top clock', () => {
    const m = simulateWith(dnn, 'performance').metrics;
    const builtin = resolveScenario('xu3-default');
    const p = predict(platformById('odroid-xu3'), dnn, {
      ...builtin.initialConfig,
      groups: 1,
      freqMHz: { a7: 1400, a15: 2000 },
    });
    expect(m.latencyMs.p50!).toBeGreaterThanOrEqual(p.timeMs * 0.99);
  });
});
