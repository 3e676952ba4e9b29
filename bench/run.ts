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

function line(record: Record<string, unknown>): void {
  process.stdout.write(JSON.stringify(record) + '\n');
}

const xu3 = platformById('odroid-xu3');
const dnn = networkById('alexnet-cifar10-g4');
const config = { groups: 3, unit: 'a15', cores: 4, freqMHz: { a7: 200, a15: 1800 } };
const front = predictionObjectives(['time', 'energy'], dnn).objectives;

line({ bench: 'machine', node: process.version, cpu: os.cpus()[0]?.model ?? 'unknown', cores: os.cpus().length, platform: `${os.platform()} ${os.arch()}` });

const checked = measure(() => predict(xu3, dnn, config), { callsPerBatch: 20_000 });
line({ bench: 'predict', what: 'predict() on odroid-xu3, checked, with per-layer rows', ...checked, targetUs: 2 });

const fast = measure(() => evaluate(xu3, dnn, config, {}, false), { callsPerBatch: 20_000 });
line({ bench: 'predict-totals', what: 'one configuration as the space evaluates it (no checks, no layer rows)', ...fast, targetUs: 2 });

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
