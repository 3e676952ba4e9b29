/**
 * `npm run bench`: one JSON line per measure, with the target it is judged against.
 * Single-threaded: Node runs it on one core.
 */
import os from 'node:os';
import { networkById } from '../dnn/builtinNetworks.js';
import { platformById } from '../models/builtinPlatforms.js';
import { predictSpace } from '../models/configurationSpace.js';
import { paretoFront } from '../models/paretoFront.js';
import { evaluate, predict } from '../models/predict.js';
import { predictionObjectives } from '../models/predictionObjectives.js';
import { measure } from './measure.js';
import { createPolicy } from '../policies/registry.js';
import { scenarioById } from '../scenarios/builtinScenarios.js';
import { timeEngine } from './engineBench.js';
import { timeOnnx } from './onnxBench.js';
import { heapDuringRun, timeOnVirtualTimeScheduler, timeSimulation } from './simBench.js';

function line(record: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(record)}\n`);
}

const xu3 = platformById('odroid-xu3');
const dnn = networkById('alexnet-cifar10-g4');
const config = { groups: 3, unit: 'a15', cores: 4, freqMHz: { a7: 200, a15: 1800 } };
const front = predictionObjectives(['time', 'energy'], dnn).objectives;

line({
  bench: 'machine',
  node: process.version,
  cpu: os.cpus()[0]?.model ?? 'unknown',
  cores: os.cpus().length,
  platform: `${os.platform()} ${os.arch()}`,
});

const checked = measure(() => predict(xu3, dnn, config), { callsPerBatch: 20_000 });
line({ bench: 'predict', what: 'predict() on odroid-xu3, checked, with per-layer rows', ...checked, targetUs: 2 });

const fast = measure(() => evaluate(xu3, dnn, config, {}, false), { callsPerBatch: 20_000 });
line({
  bench: 'predict-totals',
  what: 'one configuration as the space evaluates it (no checks, no layer rows)',
  ...fast,
  targetUs: 2,
});

const space = measure(() => paretoFront(predictSpace(xu3, dnn), front), { callsPerBatch: 20 });
line({
  bench: 'space-and-front',
  what: 'all 512 odroid-xu3 configurations predicted and their time/energy Pareto front',
  medianMs: space.medianUs / 1e3,
  minMs: space.minUs / 1e3,
  batches: space.batches,
  callsPerBatch: space.callsPerBatch,
  targetMs: 5,
});

// The simulator (issue: simulator).
const defaultScenario = scenarioById('xu3-default');
for (const policy of ['schedutil', 'rtm']) {
  timeSimulation(defaultScenario, createPolicy(policy), 60); // warm-up
  const runs = [0, 1, 2].map(() => timeSimulation(defaultScenario, createPolicy(policy), 60));
  const median = runs.sort((a, b) => a.wallMs - b.wallMs)[1]!;
  line({
    bench: 'simulate-default',
    what: `scenarios/default.json (60 s) under ${policy}, heap scheduler, median of 3`,
    policy,
    ...median,
  });
}
for (const policy of ['schedutil', 'rtm']) {
  const hour = timeSimulation(defaultScenario, createPolicy(policy), 3600);
  line({
    bench: 'simulate-hour',
    what: `one simulated hour of the default scenario (30 fps, 10 ms control and sensor periods) under ${policy}, heap scheduler`,
    policy,
    ...hour,
    targetWallMs: 1000,
    targetEventsPerS: 1e6,
  });
}
for (const durationS of [60, 600]) {
  const what = `${durationS} simulated seconds of the default scenario under rtm`;
  try {
    const vts = timeOnVirtualTimeScheduler(defaultScenario, createPolicy('rtm'), durationS);
    line({
      bench: 'scheduler-vts',
      what: `${what} on RxJS's VirtualTimeScheduler (re-sorts its queue on every schedule)`,
      ...vts,
    });
  } catch (err) {
    line({
      bench: 'scheduler-vts',
      what: `${what} on RxJS's VirtualTimeScheduler`,
      failed: String(err instanceof Error ? err.message : err).split('\n')[0],
    });
  }
  const heap = timeSimulation(defaultScenario, createPolicy('rtm'), durationS);
  line({ bench: 'scheduler-heap', what: `${what} on the heap scheduler`, ...heap });
}
line({
  bench: 'simulate-memory',
  what: 'live heap (MB, after GC) sampled during one simulated hour under rtm',
  samples: heapDuringRun(defaultScenario, createPolicy('rtm'), 3600),
});

// The real engine (issue: hardware in the loop).
for (const t of await timeEngine([1, Math.min(2, os.cpus().length)])) {
  line({
    bench: 'engine',
    what: `alexnet-cifar10-g4 inference, g=${t.groups}, ${t.threads} thread(s), seeded random weights`,
    ...t,
  });
}

// ONNX Runtime per group (issue: real inference at deployment speed), in one process with its peers.
{
  const { rows, peer } = await timeOnnx(41, 10);
  for (const r of rows)
    line({
      bench: 'engine-onnx',
      what: `alexnet-cifar10-g4 inference, g=${r.groups}, 1 thread, trained weights: TS engine, ONNX Runtime per group, ONNX Runtime single-file (${peer})`,
      ...r,
      targetGroupsOverWhole: 1.25,
    });
}
