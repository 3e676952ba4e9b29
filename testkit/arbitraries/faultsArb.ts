/**
 * Arbitrary faults: sensors that read NaN, go missing or stick at one value, and budgets that read
 * 0 or Infinity, each from some control period on. Shrinks towards a single fault from the first
 * period, which is the easiest failure to read.
 */
import fc from 'fast-check';
import type { Platform } from '../../models/types.js';
import type { BudgetFault, Faults, TelemetryFault, TelemetryTarget } from '../faults.js';

/** What faultsArb draws: how late a fault may start and how many there may be. */
export interface FaultsConstraints {
  /** Latest period a fault may start in. @defaultValue 50 */
  maxFromPeriod?: number;
  /** Faults at most (at least one is always given). @defaultValue 3 */
  maxFaults?: number;
}

const UNIT_TARGETS: readonly TelemetryTarget[] = ['utilisation', 'freqMHz', 'temperatureC', 'unit'];
const BOARD_TARGETS: readonly TelemetryTarget[] = ['powerW', 'rails'];

/** A stuck reading that looks plausible for its field, or one that is out of range. */
const STUCK_VALUES: Record<TelemetryTarget, readonly number[]> = {
  utilisation: [1, 0, 0.5, 1.5, -1],
  freqMHz: [0, 1, 1e6],
  temperatureC: [25, 150, -40],
  unit: [0, 1],
  powerW: [0, 50, -1],
  rails: [0, 50],
};

/**
 * Arbitrary faults: sensors of the platform's units or board that read NaN, go missing or stick at
 * one value, and budgets that read 0 or Infinity, each from some control period on. Shrinks towards
 * a single fault from the first period.
 */
export function faultsArb(platform: Platform, constraints: FaultsConstraints = {}): fc.Arbitrary<Faults> {
  const fromPeriod = fc.integer({ min: 1, max: Math.max(1, constraints.maxFromPeriod ?? 50) });
  const units = platform.units.map((u) => u.id);
  const telemetryFault: fc.Arbitrary<TelemetryFault> = fc
    .record({
      fromPeriod,
      // Utilisation twice: it is the reading governors live on.
      target: fc.constantFrom<TelemetryTarget>(
        'utilisation',
        'unit',
        'utilisation',
        'freqMHz',
        'temperatureC',
        ...BOARD_TARGETS,
      ),
      // Null: every unit's sensor fails (a bus or driver fault); shrinks there first.
      unit: fc.option(fc.constantFrom(...units), { nil: null, freq: 2 }),
      kind: fc.constantFrom('nan' as const, 'missing' as const, 'stuck' as const),
      stuckIndex: fc.nat(),
    })
    .map(({ fromPeriod, target, unit, kind, stuckIndex }) => {
      const values = STUCK_VALUES[target];
      return {
        fromPeriod,
        target,
        unit: UNIT_TARGETS.includes(target) ? unit : null,
        kind,
        stuckAt: values[stuckIndex % values.length]!,
      };
    });
  const budgetFault: fc.Arbitrary<BudgetFault> = fc.record({
    fromPeriod,
    budget: fc.constantFrom(
      'latencyMs' as const,
      'powerW' as const,
      'energyPerInferenceMJ' as const,
      'minAccuracy' as const,
    ),
    value: fc.constantFrom('zero' as const, 'infinity' as const),
  });
  const max = Math.max(1, constraints.maxFaults ?? 3);
  type Either = { telemetry: TelemetryFault } | { budget: BudgetFault };
  const either: fc.Arbitrary<Either> = fc.oneof(
    { arbitrary: telemetryFault.map((telemetry) => ({ telemetry })), weight: 3 },
    { arbitrary: budgetFault.map((budget) => ({ budget })), weight: 1 },
  );
  return fc.array(either, { minLength: 1, maxLength: max }).map((list) => ({
    telemetry: list.flatMap((f) => ('telemetry' in f ? [f.telemetry] : [])),
    budgets: list.flatMap((f) => ('budget' in f ? [f.budget] : [])),
  }));
}
