/**
 * Time of one layer (DESIGN.md, "Models"): on a CPU cluster with n cores at f,
 * t = W / (eta f S(n)) + B / BW (1 + memory pressure) + c with 1 / S(n) = (1 - p) + p / n + k (n - 1)
 * (k: the contention each extra thread adds, 0 unless calibrated); on a GPU,
 * t = max(W / (eta f), B / BW) + c, stretched by a GPU co-workload's time slice. W is the layer's work
 * (MACs, compares for a pool), B the bytes it moves.
 */
import type { LayerKind } from '../dnn/types.js';
import type { Unit } from './types.js';
import type { UnitShare } from './unitShare.js';

/** The per-kind coefficients of the time form for one unit, frequency, core count and share. */
export interface TimeTerms {
  /** ms per work item. */
  perWorkMs: number;
  /** ms per byte moved. */
  perByteMs: number;
  overheadMs: number;
  /** The unit is a GPU: work and bytes overlap, and the share's slow-down applies. */
  onGpu: boolean;
  gpuSlowdown: number;
}

/** The time form's coefficients for layers of one kind. */
export function timeTerms(
  unit: Unit,
  kind: LayerKind,
  freqMHz: number,
  cores: number,
  share: UnitShare,
  memoryPressure: number,
): TimeTerms {
  const perf = unit.perf[kind];
  const onGpu = unit.kind === 'gpu';
  const p = onGpu ? 1 : perf.parallelFraction;
  const speedFactor = onGpu
    ? 1
    : (1 - p) * share.serialSlow + (p * share.parallelSlow) / cores + (perf.contention ?? 0) * (cores - 1);
  return {
    perWorkMs: speedFactor / (perf.workPerCycle * freqMHz * 1e3),
    perByteMs: perf.bandwidthGBs === null ? 0 : (1 + memoryPressure) / (perf.bandwidthGBs * 1e6),
    overheadMs: perf.overheadMs,
    onGpu,
    gpuSlowdown: share.gpuSlowdown,
  };
}

/** Time of a layer that does `work` items and moves `bytes`, ms. */
export function layerTimeMs(terms: TimeTerms, work: number, bytes: number): number {
  return terms.onGpu
    ? Math.max(work * terms.perWorkMs, bytes * terms.perByteMs) * terms.gpuSlowdown + terms.overheadMs
    : work * terms.perWorkMs + bytes * terms.perByteMs + terms.overheadMs;
}
