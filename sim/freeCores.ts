/**
 * The cores co-workloads leave free on each unit, as a board reports them to the policy: a GPU is
 * scheduled whole (1), a CPU cluster has its cores minus those held. Frozen, so a board can hand out
 * the same object until the co-workloads change.
 */
import type { Contention, Platform } from '../models/types.js';

/** The free cores per unit under a contention, frozen (see the file's comment). */
export function freeCoresOf(platform: Platform, contention: Contention): Readonly<Record<string, number>> {
  const free: Record<string, number> = {};
  for (const u of platform.units) free[u.id] = u.kind === 'gpu' ? 1 : u.cores - (contention.busyCores?.[u.id] ?? 0);
  return Object.freeze(free);
}
