/**
 * The A15 power block for models/platforms/odroid-xu3.json that the Powmon fit proposes: Powmon's
 * published static polynomial and betas (the model fitted on these runs, 2.8 % with each run's own
 * events), the voltages measured in the same runs, and events per cycle per layer kind from the
 * workload classes nearest to each kind, each with its data's hash, rows and k-fold error.
 */
import type { GemstoneModel } from './gemstoneParams.js';
import type { FitGroup, PowmonA15Fit } from './fitPowmonA15.js';
import type { PowmonRow } from './powmonTable.js';

/** Which fitted group stands for each of the twin's load kinds, and why (Powmon has no CNN workloads). */
export const KIND_GROUPS: Readonly<Record<'conv' | 'fc' | 'pool' | 'coworkload', { group: FitGroup; why: string }>> = {
  conv: {
    group: 'float',
    why: "a convolution is a NEON/floating-point multiply-add loop over data reused in L1: Powmon's float class (NEON and FP benchmarks)",
  },
  fc: {
    group: 'memory',
    why: "a fully connected layer streams every weight once from DRAM: Powmon's memory class (bandwidth and latency benchmarks)",
  },
  pool: {
    group: 'memory',
    why: "pooling reads each activation once with a compare and little arithmetic: Powmon's memory class",
  },
  coworkload: { group: 'all', why: "a co-runner the twin knows nothing of: all 59 of Powmon's workloads together" },
};

/** What every proposed block's provenance says: the data's hash, the date, where the runs and the model come from. */
export interface ProvenanceFacts {
  /** SHA-256 of powmon_A15_key.csv. */
  dataSha256: string;
  /** ISO date of the fit. */
  date: string;
  /** Where the runs and the model file come from, said once in every note. */
  origin: string;
  /** The model file the static polynomial and betas are read from. */
  modelFile: string;
  /** The leakage reference temperature the cross-validation ran with, C. */
  leakageRefC: number;
}

/** Mean measured voltage per clock over the runs (Powmon fitted its polynomial on these). */
export function measuredVoltages(rows: readonly PowmonRow[]): { freqMHz: number; voltageV: number }[] {
  const freqs = [...new Set(rows.map((r) => r.freqMHz))].sort((a, b) => a - b);
  return freqs.map((f) => {
    const at = rows.filter((r) => r.freqMHz === f);
    return { freqMHz: f, voltageV: Number((at.reduce((s, r) => s + r.voltageV, 0) / at.length).toFixed(4)) };
  });
}

const round = (v: number) => Number(v.toPrecision(4));

/**
 * @param fit the fit's result (events per cycle per group, cross-validated by workload)
 * @param model the published model the block carries (Powmon's asrtpm-A15)
 * @param modelName its key in fit.crossValidation
 */
export function proposeA15Block(
  fit: PowmonA15Fit,
  model: GemstoneModel,
  modelName: string,
  rows: readonly PowmonRow[],
  facts: ProvenanceFacts,
) {
  const cv = fit.crossValidation[modelName];
  if (!cv) throw new RangeError(`no cross-validation for model ${modelName}`);
  const freqs = rows.map((r) => r.freqMHz);
  const eventsPerCycle = Object.fromEntries(
    Object.entries(KIND_GROUPS).map(([kind, { group, why }]) => {
      const g = fit.fits[group];
      const mape = group === 'all' ? cv.pooled.mapePct : cv.perClass[group]!.mapePct;
      return [
        kind,
        {
          calibration: {
            dataSha256: facts.dataSha256,
            date: facts.date,
            rows: g.rows,
            mapePct: Number(mape.toFixed(2)),
            note: `${why}. Least-squares events per cycle over ${g.workloads.length} workloads (${g.workloads.join(', ')}) of ${facts.origin}; mapePct: A15 power of held-out workloads, ${fit.folds.length}-fold by workload, with Powmon's static and betas, leakage 1 at ${facts.leakageRefC} C, at each run's measured clock, voltage, temperature and cycle rate`,
          },
          values: Object.fromEntries(Object.entries(g.eventsPerCycle).map(([e, v]) => [e, round(v)])),
        },
      ];
    }),
  );
  return {
    form: 'powmon' as const,
    static: {
      source: `Walker et al., IEEE TCAD 2017 (doi 10.1109/TCAD.2016.2562920), Powmon model ${facts.modelFile}, fitted on ${facts.origin}`,
      coefficients: model.static,
    },
    betas: {
      source: `Walker et al., IEEE TCAD 2017, Powmon model ${facts.modelFile}: PMU events 0x11 cycles, 0x1b-0x73 speculative instructions other than integer data processing, 0x50 L2D read, 0x6a unaligned load/store, 0x73 integer data processing, 0x14 L1I access, 0x19 bus access`,
      values: model.betas,
    },
    eventsPerCycle,
    fitRange: {
      source: `the clocks of ${facts.origin}`,
      minMHz: Math.min(...freqs),
      maxMHz: Math.max(...freqs),
    },
    measuredVoltages: {
      source: `mean measured A15 voltage (column V_A15_V) per clock over ${facts.origin}: the voltages Powmon's polynomial was fitted at`,
      points: measuredVoltages(rows),
    },
  };
}
