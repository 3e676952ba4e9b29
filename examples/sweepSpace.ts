/**
 * Example: sweep the configuration space through the library.
 *
 * Every configuration of the DNN on the Odroid-XU3 (active groups x unit x cores x operating point)
 * is predicted with `predictSpace`. For each group count, `paretoFront` keeps the configurations no
 * other beats in both time and energy (`predictionObjectives` names the objectives); the table shows
 * the front's two ends, the fastest and the most frugal configuration. Then, as a budget-aware
 * runtime manager would choose, the configuration that meets a 25 ms deadline with the most groups,
 * ties to the least energy. `twinrtm space --front` prints fronts from the command line.
 *
 * Run it from the repository root (after `npm install`, which builds dist/):
 *
 *   npx tsx examples/sweepSpace.ts
 */
import { networkById, paretoFront, platformById, predictionObjectives, predictSpace, type Prediction } from 'twinrtm';

const platform = platformById('odroid-xu3');
const dnn = networkById('alexnet-cifar10-g4');
const DEADLINE_MS = 25;

// Every configuration, predicted at the models' reference temperature with nothing else running;
// predictSpace takes predict()'s options (contention, temperatureC, powerMode, precision).
const space = predictSpace(platform, dnn);
const timeAndEnergy = predictionObjectives(['time', 'energy'], dnn).objectives;

const where = (p: Prediction) => `${p.config.unit} x${p.config.cores} @ ${p.config.freqMHz[p.config.unit]} MHz`;
const cost = (p: Prediction) => `${p.timeMs.toFixed(2)} ms ${p.energyMJ.toFixed(1)} mJ`;
const percent = (accuracy: number | null) => (accuracy === null ? 'unmeasured' : `${(accuracy * 100).toFixed(1)} %`);

const header = ['groups', 'accuracy', 'configs', 'front', 'fastest', '', 'most frugal', ''];
const rows: string[][] = [];
for (let g = 1; g <= dnn.groups; g++) {
  const withG = space.filter((p) => p.config.groups === g);
  const front = paretoFront(withG, timeAndEnergy).sort((a, b) => a.timeMs - b.timeMs);
  const fastest = front[0]!;
  const frugal = front[front.length - 1]!;
  rows.push([
    String(g),
    percent(fastest.accuracy),
    String(withG.length),
    String(front.length),
    where(fastest),
    cost(fastest),
    where(frugal),
    cost(frugal),
  ]);
}

console.log(`${space.length} configurations of ${dnn.id} on ${platform.id}`);
const widths = header.map((_, c) => Math.max(...[header, ...rows].map((r) => r[c]!.length)));
for (const r of [header, ...rows])
  console.log(
    r
      .map((cell, c) => cell.padEnd(widths[c]!))
      .join('  ')
      .trimEnd(),
  );

// With accuracy as a third objective, the front spans every group count.
const all = paretoFront(space, predictionObjectives(['time', 'energy', 'accuracy'], dnn).objectives);
console.log(`time-energy-accuracy front: ${all.length} configurations`);

// A budget-aware manager's choice: meet the deadline, then the most groups, then the least energy.
const meets = space.filter((p) => p.timeMs <= DEADLINE_MS);
const best = meets.reduce<Prediction | null>(
  (a, p) =>
    a === null || p.config.groups > a.config.groups || (p.config.groups === a.config.groups && p.energyMJ < a.energyMJ)
      ? p
      : a,
  null,
);
if (best === null) console.log(`under a ${DEADLINE_MS} ms deadline: no configuration meets it`);
else
  console.log(
    `under a ${DEADLINE_MS} ms deadline: ${best.config.groups} groups on ${where(best)}, ${cost(best)}, accuracy ${percent(best.accuracy)} (${meets.length} configurations meet it)`,
  );
