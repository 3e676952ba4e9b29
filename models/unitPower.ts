/**
 * Power of a unit (DESIGN.md, "Models"): its static power, scaled by leakage at the die temperature,
 * plus the dynamic power of its busy cores, each at the per-core power of what it runs (a DNN layer
 * kind, or a co-workload) at the operating point. The per-operating-point figures come compiled from
 * the platform's Powmon or CMOS form (compilePlatform.ts).
 */
import type { LoadKind, CompiledUnit } from './compilePlatform.js';
import type { Contention } from './types.js';
import type { UnitShare } from './unitShare.js';

/** A unit's power while the DNN runs layers of `kind` on it with this share, W. */
export function runningUnitW(
  cu: CompiledUnit,
  oppIndex: number,
  leak: number,
  share: UnitShare,
  kind: LoadKind,
): number {
  return (
    cu.staticW[oppIndex]! * leak +
    share.dnnCores * cu.coreDynamicW[kind][oppIndex]! +
    share.coCores * cu.coreDynamicW.coworkload[oppIndex]!
  );
}

/** A unit's power with no DNN on it: static plus busy co-workload cores, W. */
export function unitBackgroundW(
  cu: CompiledUnit,
  oppIndex: number,
  leak: number,
  contention: Contention | undefined,
): number {
  const id = cu.unit.id;
  const busy =
    cu.unit.kind === 'gpu'
      ? (contention?.gpuShare ?? 0)
      : (contention?.busyCores?.[id] ?? 0) * (contention?.busyUtilisation?.[id] ?? 1);
  return cu.staticW[oppIndex]! * leak + busy * cu.coreDynamicW.coworkload[oppIndex]!;
}
