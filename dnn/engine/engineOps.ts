/**
 * Per-layer operation counts gathered into the `ops` record of a result.
 */
import type { ExecutionPlan } from './executionPlan.js';
import type { EngineOps } from './types.js';

/**
 * Builds the ops record from the count each layer returned.
 *
 * @param plan - the network's plan
 * @param counts - per layer, the operations its kernels executed (MACs for conv and fc, compares for pool)
 * @returns per-layer and total MACs and compares
 */
export function engineOps(plan: ExecutionPlan, counts: ArrayLike<number>): EngineOps {
  let macs = 0;
  let compares = 0;
  const layers = plan.layers.map((layer, i) => {
    const count = counts[i] ?? 0;
    const isPool = layer.kind === 'pool';
    if (isPool) compares += count;
    else macs += count;
    return { name: layer.name, kind: layer.kind, macs: isPool ? 0 : count, compares: isPool ? count : 0 };
  });
  return { layers, macs, compares };
}
