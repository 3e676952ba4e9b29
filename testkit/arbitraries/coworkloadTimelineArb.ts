/**
 * Arbitrary co-workload timelines on a platform's CPU clusters: programs that take cores for a
 * while (or to the end), busy to some degree, adding some memory pressure.
 */
import fc from 'fast-check';
import type { Platform } from '../../models/types.js';
import type { Coworkload } from '../../scenarios/types.js';

/**
 * What coworkloadTimelineArb draws: the run's length, how many co-workloads, and whether they are
 * constant or observable.
 */
export interface CoworkloadTimelineConstraints {
  /** Length of the run, ms. */
  durationMs: number;
  /** Co-workloads at most. @defaultValue 2 */
  maxCoworkloads?: number;
  /** Every co-workload starts at 0 and runs to the end (constant conditions). @defaultValue false */
  constant?: boolean;
  /**
   * Co-workloads as a policy models them from the free cores alone: every held core fully busy, no
   * memory pressure (policies/candidates.ts contentionFromFreeCores). @defaultValue false
   */
  observable?: boolean;
}

/**
 * Arbitrary co-workload timelines on the platform's CPU clusters: programs that hold cores for a
 * while (or to the end), busy to some degree, adding some memory pressure.
 *
 * @returns co-workloads named cw0, cw1, ... (names are unique, so a trace's start and end events
 *   name them unambiguously); empty on a platform without CPU clusters
 * @throws RangeError when durationMs < 2
 */
export function coworkloadTimelineArb(
  platform: Platform,
  constraints: CoworkloadTimelineConstraints,
): fc.Arbitrary<Coworkload[]> {
  const { durationMs } = constraints;
  if (!(durationMs >= 2))
    throw new RangeError(`coworkloadTimelineArb durationMs should be at least 2 (got ${durationMs})`);
  const cpus = platform.units.filter((u) => u.kind === 'cpu-cluster');
  if (cpus.length === 0) return fc.constant([]);
  const last = Math.floor(durationMs) - 1;
  const one = fc.record({
    unit: fc.integer({ min: 0, max: cpus.length - 1 }),
    cores: fc.integer({ min: 1, max: Math.max(...cpus.map((u) => u.cores)) }),
    startMs: constraints.constant ? fc.constant(0) : fc.integer({ min: 0, max: last }),
    lengthMs: constraints.constant
      ? fc.constant(null)
      : fc.option(fc.integer({ min: 1, max: Math.floor(durationMs) }), { nil: null }),
    utilisationPct: constraints.observable ? fc.constant(100) : fc.integer({ min: 20, max: 100 }),
    memoryPct: constraints.observable ? fc.constant(0) : fc.integer({ min: 0, max: 30 }),
  });
  return fc.array(one, { maxLength: constraints.maxCoworkloads ?? 2 }).map((list) =>
    list.map((c, i) => {
      const unit = cpus[c.unit]!;
      return {
        name: `cw${i}`,
        startS: c.startMs / 1000,
        endS: c.lengthMs === null ? null : (c.startMs + c.lengthMs) / 1000,
        unit: unit.id,
        cores: Math.min(c.cores, unit.cores),
        utilisation: c.utilisationPct / 100,
        memoryIntensity: c.memoryPct / 100,
        gpuShare: 0,
      };
    }),
  );
}
