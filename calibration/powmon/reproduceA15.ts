/**
 * Reproduces the A15 power fit on Powmon's public measurements and prints its numbers:
 *
 *   npx tsx calibration/powmon/reproduceA15.ts [--json] [--out FILE] [--data DIR] [--folds K] [--date YYYY-MM-DD]
 *
 * --json prints the result (the fit, the proposed odroid-xu3 A15 power block, the A7 check); --out
 * writes the same JSON to a file (calibration/powmon/a15PowmonFit.json is its output, kept so the
 * proposed block can be read and diffed). Run from the repository's root (the data folder's default is
 * relative to it).
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { median } from 'simple-statistics';
import { platformById } from '../../models/builtinPlatforms.js';
import { type A7Check, checkA7 } from './checkA7.js';
import type { PowmonClusterModel } from './clusterPowerW.js';
import { fitPowmonA15, type PowmonA15Fit } from './fitPowmonA15.js';
import { parseGemstoneParams, type GemstoneModel } from './gemstoneParams.js';
import { parsePowmonTable, type PowmonRow } from './powmonTable.js';
import { PRIOR_A15_COWORKLOAD_EVENTS_PER_CYCLE, PRIOR_A15_FIT_RANGE, PRIOR_A15_THERMAL } from './priorA15.js';
import { proposeA15Block } from './proposeA15Block.js';

/** Where Powmon's public A15 data is kept, relative to the repository's root. */
export const POWMON_DATA_DIR = 'data/public/powmon-xu3-a15';
const ORIGIN =
  "Powmon's A15 runs (mattw200/gemstone-applypower commit 9a64fc663988a7cc7f69bfca8f5bd97566199ec3, sample-input-data/asrtpm-A15-powmon-data.csv; copied as data/public/powmon-xu3-a15/powmon_A15_key.csv)";
const MODEL_FILE = 'models/asrtpm-A15.params (data/public/powmon-xu3-a15/orig_models_asrtpm-A15.params)';

/** What reproduceA15 gives: the data read, the fit, the proposed A15 power block and the A7 check. */
export interface ReproduceA15Result {
  /** The folder, the hash of its powmon_A15_key.csv and the rows read. */
  data: { dir: string; sha256: string; rows: number };
  fit: PowmonA15Fit;
  /** The A15 power block proposed for the odroid-xu3 platform file. */
  proposedA15Power: ReturnType<typeof proposeA15Block>;
  /** The reference temperature the A15 thermal block's leakage should have with this power block. */
  proposedA15LeakageRefC: { value: number; why: string };
  /** The platform's A7 block against gs-A7. */
  a7: A7Check;
}

function medianTemperatureC(rows: readonly PowmonRow[]): number {
  return median(rows.map((r) => r.temperatureC));
}

/**
 * Reads Powmon's table and GemStone's model files from a folder, fits, and proposes the A15 block.
 *
 * @param dir - the data folder ({@link POWMON_DATA_DIR} from the repository's root)
 * @param folds - cross-validation folds over the workloads
 * @param date - the fit's date, ISO, written into the proposed block's provenance
 * @throws DataFileError for a file of the folder that does not parse; RangeError for a fold count
 *   that leaves a workload class without a training workload
 */
export function reproduceA15(dir: string, folds: number, date: string): ReproduceA15Result {
  const read = (name: string) => readFileSync(join(dir, name));
  const table = read('powmon_A15_key.csv');
  const rows = parsePowmonTable(table.toString('utf8'), join(dir, 'powmon_A15_key.csv'));
  const params = (name: string, cluster: 'A15' | 'A7') =>
    parseGemstoneParams(read(name).toString('utf8'), join(dir, name), cluster);
  const powmon = params('orig_models_asrtpm-A15.params', 'A15');
  const gemstone = params('orig_models_gs-A15-asrtpm-e.params', 'A15');
  const gsA15 = params('orig_models_gs-A15.params', 'A15');
  const prior: PowmonClusterModel = {
    static: gsA15.static,
    betas: gsA15.betas,
    fitRange: PRIOR_A15_FIT_RANGE,
    thermal: PRIOR_A15_THERMAL,
  };
  // Powmon's polynomial describes its runs, whatever their temperature: the twin's leakage factor
  // should be 1 at their typical (median) die temperature, not at the 55 C the prior assumes.
  const leakageRefC = Math.round(medianTemperatureC(rows));
  const candidate = (m: GemstoneModel, refC: number | null): PowmonClusterModel => ({
    static: m.static,
    betas: m.betas,
    fitRange: { minMHz: 200, maxMHz: 1800 },
    thermal: refC === null ? null : { ...PRIOR_A15_THERMAL, leakageRefC: refC },
  });
  const fit = fitPowmonA15({
    rows,
    models: {
      powmon: candidate(powmon, leakageRefC),
      [`powmon, leakage from ${PRIOR_A15_THERMAL.leakageRefC} C`]: candidate(powmon, PRIOR_A15_THERMAL.leakageRefC),
      'powmon as published (no leakage)': candidate(powmon, null),
      gemstone: candidate(gemstone, leakageRefC),
    },
    prior: { model: prior, eventsPerCycle: PRIOR_A15_COWORKLOAD_EVENTS_PER_CYCLE },
    folds,
  });
  const sha256 = createHash('sha256').update(table).digest('hex');
  return {
    data: { dir, sha256, rows: rows.length },
    fit,
    proposedA15Power: proposeA15Block(fit, powmon, 'powmon', rows, {
      dataSha256: sha256,
      date,
      origin: ORIGIN,
      modelFile: MODEL_FILE,
      leakageRefC,
    }),
    proposedA15LeakageRefC: {
      value: leakageRefC,
      why: `Powmon's polynomial was fitted on runs at a median A15 temperature of ${medianTemperatureC(rows).toFixed(1)} C: leakage is 1 there`,
    },
    a7: checkA7(platformById('odroid-xu3'), params('orig_models_gs-A7.params', 'A7'), 'orig_models_gs-A7.params'),
  };
}

function pct(v: number | null | undefined, digits = 1): string {
  return v === null || v === undefined ? '-' : `${v >= 0 ? '+' : ''}${v.toFixed(digits)}`;
}

/** The result as the text the script prints. */
export function formatReproduceA15(r: ReproduceA15Result): string {
  const f = r.fit;
  const e = (x: { mapePct: number; biasPct: number; within10: number; spearman: number | null; n: number }) =>
    `MAPE ${x.mapePct.toFixed(1)} %, bias ${pct(x.biasPct)} %, within +-10 % ${(100 * x.within10).toFixed(1)} %, Spearman ${x.spearman?.toFixed(3) ?? '-'} (${x.n} runs)`;
  const lines = [
    `Powmon A15 runs: ${r.data.rows} rows, ${f.workloads} workloads (sha256 ${r.data.sha256.slice(0, 12)}...), at each run's measured clock, voltage, temperature and cycle rate`,
    '',
    `the twin's A15 prior (gs-A15, co-workload events per cycle, as of issue 21): ${e(f.prior)}`,
    ...Object.entries(f.ownEvents).map(([m, x]) => `${m}, each run's own events: ${e(x)}`),
    '',
    `static polynomial against the idle runs at their measured voltage (polynomial alone; mean of ${f.idle[0]?.runs ?? 0} runs, single-thread run in brackets), %`,
    ['MHz', 'V', 'W', ...Object.keys(f.idle[0]?.errorPct ?? {})].join('\t'),
    ...f.idle.map((i) =>
      [
        i.freqMHz,
        i.voltageV.toFixed(3),
        i.measuredW.toFixed(3),
        ...Object.keys(i.errorPct).map((m) => `${pct(i.errorPct[m])} (${pct(i.oneThreadErrorPct[m])})`),
      ].join('\t'),
    ),
    '',
    'events per cycle, least squares over every run of each group',
    ['group', 'workloads', 'rows', ...Object.keys(f.fits.all.eventsPerCycle)].join('\t'),
    ...Object.entries(f.fits).map(([g, x]) =>
      [g, x.workloads.length, x.rows, ...Object.values(x.eventsPerCycle).map((v) => v.toFixed(4))].join('\t'),
    ),
    '',
    `${f.folds.length}-fold cross-validation by workload (no workload in both a fit and its test)`,
    ...Object.entries(f.crossValidation).flatMap(([m, cv]) => [
      `${m}, class events per cycle: ${e(cv.byClass)}`,
      ...(m === 'powmon' ? Object.entries(cv.perClass).map(([c, x]) => `  ${c}: ${e(x)}`) : []),
      `${m}, one events per cycle for all workloads: ${e(cv.pooled)}`,
    ]),
    '',
    `proposed: Powmon's static and betas, events per cycle per layer kind from the classes above, leakage from ${r.proposedA15LeakageRefC.value} C (${r.proposedA15LeakageRefC.why}); --json prints the block`,
    r.a7.differences.length === 0
      ? `A7: the twin's a7 static polynomial and betas are GemStone's ${r.a7.file}, unchanged (no public A7 runs to fit its events per cycle on)`
      : `A7: the twin's a7 block differs from ${r.a7.file} in ${r.a7.differences.join(', ')}`,
  ];
  return `${lines.join('\n')}\n`;
}

function main(): void {
  const { values } = parseArgs({
    options: {
      json: { type: 'boolean' },
      out: { type: 'string' },
      data: { type: 'string' },
      folds: { type: 'string' },
      date: { type: 'string' },
    },
  });
  const folds = Number(values.folds ?? 5);
  if (!Number.isInteger(folds) || folds < 2 || folds > 59) {
    process.stderr.write(
      `--folds ${values.folds}: expected a whole number from 2 to 59 (59: leave one workload out)\n`,
    );
    process.exitCode = 2;
    return;
  }
  const result = reproduceA15(
    values.data ?? POWMON_DATA_DIR,
    folds,
    values.date ?? new Date().toISOString().slice(0, 10),
  );
  const json = `${JSON.stringify(result, null, 2)}\n`;
  if (values.out !== undefined) writeFileSync(values.out, json);
  process.stdout.write(values.json ? json : formatReproduceA15(result));
}

// Run only as a script, never on import (the tests import it).
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) main();
