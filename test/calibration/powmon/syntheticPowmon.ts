/**
 * Powmon-like tables generated from known parameters: a Powmon-form model, events per cycle per
 * workload class, runs at each clock and thread count, with seeded multiplicative noise.
 */
import {
  clusterDynamicW,
  clusterStaticW,
  ratesAt,
  type PowmonClusterModel,
} from '../../../calibration/powmon/clusterPowerW.js';
import { POWMON_A15_EVENTS } from '../../../calibration/powmon/powmonEvents.js';
import type { PowmonRow } from '../../../calibration/powmon/powmonTable.js';
import { createRandom } from '../../../sim/random.js';

export const MODEL: PowmonClusterModel = {
  // A small, well-behaved static part (W): 0.05 + 0.2 V^2 + 1e-4 f V^2.
  static: [0.05, 0, 0, 0, 0.2, 1e-4, 0, 0],
  betas: {
    cycles: 5e-10,
    instSpecMinusIntOps: 7e-10,
    l2dCacheRead: 8e-9,
    unalignedLdstSpec: 1.6e-8,
    intOps: 1e-10,
    l1iAccess: 1e-9,
    busAccess: 2.5e-9,
  },
  fitRange: { minMHz: 200, maxMHz: 1800 },
  thermal: null,
};

export const VOLTS: Readonly<Record<number, number>> = { 200: 0.92, 600: 0.92, 1000: 0.95, 1400: 1.03, 1800: 1.17 };

export interface SyntheticSpec {
  /** Workloads by name, each with the events per cycle it runs at (its class's, or its own). */
  workloads: Readonly<Record<string, Readonly<Record<string, number>>>>;
  /** Relative noise on each rate and on power. */
  noise: number;
  seed: number;
  model?: PowmonClusterModel;
}

export function powmonTable(spec: SyntheticSpec): PowmonRow[] {
  const random = createRandom(spec.seed);
  const noisy = (v: number) => v * (1 + spec.noise * random.normal());
  const model = spec.model ?? MODEL;
  const rows: PowmonRow[] = [];
  let line = 2;
  for (const [workload, epc] of Object.entries(spec.workloads))
    for (const freqMHz of Object.keys(VOLTS).map(Number))
      for (const threads of [1, 2, 3, 4]) {
        const voltageV = VOLTS[freqMHz]!;
        // The per-core average cycle rate over the cluster's four cores.
        const cycles = (threads / 4) * freqMHz * 1e6;
        const exact = ratesAt(epc, cycles);
        // Cycles counted as the workload runs them (an idle workload's epc.cycles is 0), other events with noise.
        const rates = Object.fromEntries(
          POWMON_A15_EVENTS.map((e) => [e, e === 'cycles' ? exact[e]! : noisy(exact[e]!)]),
        );
        const powerW = noisy(clusterStaticW(model, freqMHz, voltageV, 50) + clusterDynamicW(model, voltageV, exact));
        rows.push({
          line: line++,
          workload,
          threads,
          freqMHz,
          voltageV,
          powerW,
          temperatureC: 50,
          rates: rates as PowmonRow['rates'],
        });
      }
  return rows;
}
