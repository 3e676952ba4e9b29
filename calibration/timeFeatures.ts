/**
 * The time model in the linear form calibration fits. For a layer on a CPU cluster (DESIGN.md),
 *   t = W / (eta f S(n)) + B / BW + c,   1 / S(n) = (1 - p) + p / n + k (n - 1)
 * is linear in a1 = (1 - p) / eta, a2 = p / eta, a3 = 1 / BW, c and a5 = k / eta:
 *   t = a1 W s / (f 1e3) + a2 W q / (n f 1e3) + a3 B / 1e6 + c + a5 W (n - 1) / (f 1e3)
 * with f in MHz (f 1e3 cycles per ms), B in bytes, BW in GB/s (1e6 bytes per ms), and s, q the
 * slow-downs of the serial and parallel parts when co-workloads hold cores (1 + u, u = 1 for a
 * measured co-runner; see models/predict.ts). A GPU has no serial part (p = 1), and its
 * max(compute, memory) is taken as their sum here: an approximation the fit's error shows.
 */
import { networkCost } from '../dnn/networkCost.js';
import type { Dnn, LayerCost, LayerKind } from '../dnn/types.js';
import type { Unit } from '../models/types.js';
import type { Measurement } from './types.js';

/** The layer kinds a time fit covers, in the order fits report them. */
export const KINDS: readonly LayerKind[] = ['conv', 'fc', 'pool'];
/** Features per layer (serial, parallel, bytes, constant, contention): the time model's linear terms. */
export const TERMS = 5;

/** The five features of one layer measured on a unit (serial, parallel, bytes, constant, contention). */
export function layerFeatures(
  unit: Unit,
  layer: LayerCost,
  row: Pick<Measurement, 'cores' | 'freqMHz' | 'busyCores'>,
): number[] {
  const work = layer.kind === 'pool' ? layer.compares : layer.macs;
  const bytes = layer.paramBytes + layer.inputBytes + layer.outputBytes;
  const cyclesPerMs = row.freqMHz * 1e3;
  if (unit.kind === 'gpu') return [0, work / cyclesPerMs, bytes / 1e6, 1, 0];
  const free = unit.cores - row.busyCores;
  const shared = Math.max(0, row.cores - free);
  const parallelSlow = shared > 0 ? 2 : 1;
  const serialSlow = free >= 1 ? 1 : 2;
  return [
    (work * serialSlow) / cyclesPerMs,
    (work * parallelSlow) / (row.cores * cyclesPerMs),
    bytes / 1e6,
    1,
    (work * (row.cores - 1)) / cyclesPerMs,
  ];
}

/** The layers a row measured: one, or the whole network. */
export function measuredLayers(dnn: Dnn, row: Pick<Measurement, 'groups' | 'layer'>): readonly LayerCost[] {
  const layers = networkCost(dnn, row.groups).layers;
  return row.layer === null ? layers : layers.filter((l) => l.name === row.layer);
}

/**
 * A row's features over the kinds' columns: per kind (TERMS columns each, KINDS order), or tied (one
 * set shared by every kind) when the data cannot tell the kinds apart.
 */
export function rowFeatures(unit: Unit, dnn: Dnn, row: Measurement, tied: boolean): number[] {
  const x = new Array<number>(tied ? TERMS : TERMS * KINDS.length).fill(0);
  for (const layer of measuredLayers(dnn, row)) {
    const f = layerFeatures(unit, layer, row);
    const offset = tied ? 0 : TERMS * KINDS.indexOf(layer.kind);
    for (let j = 0; j < TERMS; j++) x[offset + j]! += f[j]!;
  }
  return x;
}
