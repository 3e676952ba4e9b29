/**
 * Example: a calibrated-platform round trip, with no board.
 *
 * 1. "Measure": a stand-in board is the built-in Odroid-XU3 whose A15 cluster does 30 % less work
 *    per cycle and leaks 25 % more than the priors say. Its predictions, with 2 % seeded noise, are written
 *    as a measurements CSV in the format `twinrtm hil sweep` writes (whole inferences with every
 *    rail's power, and each layer's time).
 * 2. Fit: `loadMeasurementsFile` checks the file against the platform and the network, and
 *    `calibrate` fits the A15's time and power parameters and cross-validates the fit.
 * 3. Round trip: the calibrated platform is written as a platform file and read back with
 *    `loadPlatformFile` (what `--platform-file` does), then predicts a configuration the sweep never
 *    measured, next to the priors and the stand-in board, and runs a simulation.
 *
 * On a real board, step 1 is `twinrtm hil sweep ... --out sweep.csv`, and steps 2 and 3 are
 * `twinrtm calibrate sweep.csv --platform odroid-xu3 --out xu3.json` then `--platform-file xu3.json`.
 *
 * Run it from the repository root (after `npm install`, which builds dist/); it writes its two files
 * to a new directory under the system's temp directory and prints where:
 *
 *   npx tsx examples/calibrateRoundTrip.ts
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  calibrate,
  createPolicy,
  createRandom,
  loadMeasurementsFile,
  loadPlatformFile,
  MEASUREMENT_COLUMNS,
  networkById,
  platformById,
  predict,
  scenarioById,
  simulate,
  type Configuration,
  type Platform,
} from 'twinrtm';

const prior = platformById('odroid-xu3');
const dnn = networkById('alexnet-cifar10-g4');
const dir = mkdtempSync(join(tmpdir(), 'twinrtm-calibration-'));

// 1. The stand-in board: a copy of the priors with the A15's parameters changed.
const board: Platform = structuredClone(prior);
const a15 = board.units.find((u) => u.id === 'a15')!;
for (const perf of Object.values(a15.perf)) perf.workPerCycle *= 0.7;
if (a15.power.form === 'powmon') a15.power.static.coefficients = a15.power.static.coefficients.map((c) => c * 1.25);

// Its measurements: g = 1..4 on 1..4 cores at four clocks, one inference each with 2 % noise.
// Columns: the fixed ones (MEASUREMENT_COLUMNS), then one power column per rail; a layer's row
// leaves the power empty, and temperatureC is empty where no sensor was read.
const random = createRandom(7);
const noisy = (v: number) => v * (1 + 0.02 * random.normal());
const powerColumns = board.rails.map((r) => `power_${r.name}_W`);
const lines = [[...MEASUREMENT_COLUMNS, ...powerColumns].join(',')];
for (const groups of [1, 2, 3, 4])
  for (const cores of [1, 2, 3, 4])
    for (const freqMHz of [600, 1000, 1400, 1800]) {
      const p = predict(board, dnn, { groups, unit: 'a15', cores, freqMHz: { a15: freqMHz } });
      const fixed = [board.id, 'a15', dnn.id, groups, cores, freqMHz, 0, ''];
      lines.push(
        [
          ...fixed,
          '',
          noisy(p.timeMs).toFixed(4),
          ...board.rails.map((r) => noisy(p.powerByRailW[r.name]!).toFixed(4)),
        ].join(','),
      );
      for (const layer of p.layers)
        lines.push([...fixed, layer.name, noisy(layer.timeMs).toFixed(4), ...powerColumns.map(() => '')].join(','));
    }
const csvFile = join(dir, 'xu3-sweep.csv');
writeFileSync(csvFile, `${lines.join('\n')}\n`);
console.log(`measurements: ${lines.length - 1} rows in ${csvFile}`);

// 2. Check and fit. Strict by default: a bad value refuses the file, naming its line and column.
const measured = loadMeasurementsFile(csvFile, { platform: prior, dnn });
const result = calibrate(prior, dnn, measured.rows, { dataSha256: measured.sha256, folds: 5 });
const cv = result.validation.time!;
console.log(
  `fitted ${result.fits.map((f) => f.unit).join(', ')} on ${result.rows} rows, ${result.outliers.length} outliers`,
);
console.log(
  `cross-validated time: MAPE ${cv.mape.toFixed(2)} %, ${(cv.within10 * 100).toFixed(0)} % within 10 %, Spearman ${cv.spearman?.toFixed(3) ?? 'n/a'}`,
);
if (result.validation.energy) console.log(`cross-validated energy: MAPE ${result.validation.energy.mape.toFixed(2)} %`);

// 3. The round trip: write the calibrated platform, read it back as `--platform-file` would.
const platformFile = join(dir, 'xu3-calibrated.json');
writeFileSync(platformFile, `${JSON.stringify(result.platform, null, 2)}\n`);
const calibrated = loadPlatformFile(platformFile);
console.log(`calibrated platform: ${platformFile}`);
const conv = (p: Platform) => p.units.find((u) => u.id === 'a15')!.perf.conv.workPerCycle.toFixed(3);
console.log(
  `a15 conv MACs per cycle per core: priors ${conv(prior)}, calibrated ${conv(calibrated)}, board ${conv(board)}`,
);

// A configuration the sweep never measured (1200 MHz), predicted three ways.
const unseen: Configuration = { groups: 3, unit: 'a15', cores: 2, freqMHz: { a15: 1200 } };
const truth = predict(board, dnn, unseen);
console.log('3 groups on a15 x2 @ 1200 MHz   time ms   energy mJ   time error');
for (const [label, platform] of [
  ['priors', prior],
  ['calibrated', calibrated],
  ['board', board],
] as const) {
  const p = predict(platform, dnn, unseen);
  const error = ((p.timeMs / truth.timeMs - 1) * 100).toFixed(1);
  console.log(
    `${label.padEnd(30)}  ${p.timeMs.toFixed(2).padStart(7)}  ${p.energyMJ.toFixed(2).padStart(10)}  ${error.padStart(9)} %`,
  );
}

// The calibrated file drives the simulator as the built-in one does (same id, so same scenarios).
const { metrics } = simulate(scenarioById('xu3-steady-30fps'), createPolicy('rtm'), {
  platform: calibrated,
  durationS: 3,
});
console.log(
  `rtm on xu3-steady-30fps with the calibrated platform: ${metrics.inferences} inferences, mean groups ${metrics.meanGroups?.toFixed(2)}, miss rate ${((metrics.deadlineMissRate ?? 0) * 100).toFixed(1)} %`,
);
