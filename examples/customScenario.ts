/**
 * Example: a scenario built in code, simulated under two policies.
 *
 * Six seconds on the Odroid-XU3 at 25 frames per second with a 30 ms deadline: at 2 s a co-runner
 * takes three of the four A15 cores, at 4 s a 2.5 W power cap arrives. The scenario is a typed
 * `Scenario` (the fields left to their defaults come from `SCENARIO_DEFAULTS`), checked by
 * `checkScenario` as a scenario file would be, then run by `simulate()` under the seed's runtime
 * manager (`rtm`) and the Linux `ondemand` governor, in virtual time. The table compares their
 * metrics; JSON.stringify(scenario) is a file `twinrtm simulate` runs as it is.
 *
 * Run it from the repository root (after `npm install`, which builds dist/):
 *
 *   npx tsx examples/customScenario.ts
 */
import { checkScenario, createPolicy, SCENARIO_DEFAULTS, simulate, type Metrics, type Scenario } from 'twinrtm';

const { seed, controlPeriodMs, sensor, ambientC, queueLimit, truth, migrationCostMs, defaultTransitionLatencyUs } =
  SCENARIO_DEFAULTS;

const draft: Scenario = {
  id: 'xu3-corunner-then-cap',
  description: 'A co-runner takes three A15 cores at 2 s, a 2.5 W power cap arrives at 4 s.',
  platform: 'odroid-xu3',
  dnn: 'alexnet-cifar10-g4',
  durationS: 6,
  seed,
  controlPeriodMs,
  sensor: { periodMs: sensor.periodMs, noise: { powerRelative: 0.02, utilisation: 0.02, temperatureC: 0.5 } },
  ambientC,
  requests: { kind: 'periodic', fps: 25 },
  queueLimit,
  initialConfig: { groups: 4, unit: 'a15', cores: 4, freqMHz: { a15: 2000, a7: 200 } },
  // Times in a scenario are seconds; a later entry changes only the budgets it names.
  budgets: [
    { atS: 0, latencyMs: 30 },
    { atS: 4, powerW: 2.5 },
  ],
  coworkloads: [
    { ...SCENARIO_DEFAULTS.coworkload, name: 'video-encoder', startS: 2, unit: 'a15', cores: 3, memoryIntensity: 0.3 },
  ],
  powerModes: [],
  truth: { ...truth },
  migrationCostMs,
  defaultTransitionLatencyUs,
};

// What the types cannot say (known platform, DNN and units, a starting configuration the board can
// run, timelines in order and inside the run) checkScenario does, with one line per problem.
const scenario = checkScenario(draft, `scenario ${draft.id}`);

const runs = ['rtm', 'ondemand'].map((name) => ({ name, metrics: simulate(scenario, createPolicy(name)).metrics }));

const columns: [string, (m: Metrics) => string][] = [
  ['inferences', (m) => String(m.inferences)],
  ['missed %', (m) => ((m.deadlineMissRate ?? 0) * 100).toFixed(1)],
  ['p95 ms', (m) => m.latencyMs.p95?.toFixed(1) ?? '-'],
  ['mean groups', (m) => m.meanGroups?.toFixed(2) ?? '-'],
  ['mJ/inference', (m) => m.energyPerInferenceMJ?.toFixed(1) ?? '-'],
  ['avg W', (m) => m.avgPowerW.toFixed(2)],
  ['over cap %', (m) => ((m.overPowerCapFraction ?? 0) * 100).toFixed(1)],
  ['reconfigs', (m) => String(m.reconfigurations)],
];
console.log(`${scenario.id}: ${scenario.description}`);
const table = [
  ['policy', ...columns.map(([title]) => title)],
  ...runs.map((r) => [r.name, ...columns.map(([, cell]) => cell(r.metrics))]),
];
const widths = table[0]!.map((_, c) => Math.max(...table.map((row) => row[c]!.length)));
for (const row of table)
  console.log(row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  '));
