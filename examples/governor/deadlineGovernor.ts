/**
 * Example: a governor written from scratch.
 *
 * `deadline-step` is a DVFS governor that knows nothing of the twin's models: it watches the latency
 * of the inferences that finished since the last control period and moves the DNN unit's clock one
 * operating point at a time: up when the slowest of them took more than 90 % of the deadline, down
 * when it took less than half. Without a latency budget it leaves the clock alone. It never
 * touches the groups, the mapping or the core count, only clocks, and it keeps every unit inside the
 * limits of the power mode in force (on a Jetson, 5W caps the clocks MAXN allows).
 *
 * It is a Policy object: `{ name, reset(context), decide(observation) }`, the contract every built-in
 * follows, so it runs unchanged in the simulator, under the test kit and on a board:
 *
 *   npx twinrtm simulate xu3-steady-30fps --policy ./examples/governor/deadlineGovernor.ts --policy ondemand
 *   npx twinrtm check ./examples/governor/deadlineGovernor.ts --properties valid,deterministic,robust
 *
 * deadlineGovernor.test.ts, beside it, is the vitest file a user keeps in their own repository to
 * check it with the test kit (`twinrtm/testkit`).
 */
import type { Configuration, Observation, Platform, Policy, PolicyContext } from 'twinrtm';

/** Step up when the slowest inference took more than this share of the deadline. */
const UP_AT = 0.9;
/** Step down when it took less than this share. */
const DOWN_AT = 0.5;

/** The operating points a unit may run at under a power mode, ascending. */
function allowedPoints(platform: Platform, unitId: string, powerMode: string | null): number[] {
  const unit = platform.units.find((u) => u.id === unitId);
  if (!unit) return [];
  const modeId = powerMode ?? platform.defaultPowerMode;
  const cap = platform.powerModes.find((m) => m.id === modeId)?.limits[unitId]?.maxFreqMHz ?? Infinity;
  return unit.opps.points
    .map((p) => p.freqMHz)
    .filter((f) => f <= cap)
    .sort((a, b) => a - b);
}

/** The highest point at or below f (the lowest point when f is below them all, or not a number). */
function atOrBelow(points: readonly number[], f: number | undefined): number {
  let chosen = points[0]!;
  for (const p of points) if (typeof f === 'number' && p <= f) chosen = p;
  return chosen;
}

/** A new deadline-step governor (a factory: every run, and every test, can have a fresh one). */
export function createDeadlineGovernor(): Policy {
  let platform: Platform | undefined;
  return {
    name: 'deadline-step',

    reset(context: PolicyContext) {
      // Everything the governor remembers comes from the context, so a reset run repeats exactly.
      platform = context.platform;
    },

    decide(o: Observation): Configuration | null {
      if (!platform) return null;
      const unit = o.config.unit;

      // 1. Every unit's clock inside the limits of the power mode in force.
      const freqMHz: Record<string, number> = {};
      for (const u of platform.units) {
        const points = allowedPoints(platform, u.id, o.powerMode);
        if (points.length > 0) freqMHz[u.id] = atOrBelow(points, o.config.freqMHz[u.id]);
      }

      // 2. One step on the DNN's unit, from the slowest inference against the deadline. A deadline
      //    that is not a positive finite number (a faulty budget) is no deadline.
      const deadline = o.budgets.latencyMs;
      const latencies = o.inferences.map((i) => i.latencyMs).filter((ms) => Number.isFinite(ms));
      const points = allowedPoints(platform, unit, o.powerMode);
      if (
        deadline !== undefined &&
        deadline > 0 &&
        Number.isFinite(deadline) &&
        latencies.length > 0 &&
        points.length > 0
      ) {
        const slowest = Math.max(...latencies);
        const i = points.indexOf(freqMHz[unit]!);
        if (slowest > UP_AT * deadline) freqMHz[unit] = points[Math.min(i + 1, points.length - 1)]!;
        else if (slowest < DOWN_AT * deadline) freqMHz[unit] = points[Math.max(i - 1, 0)]!;
      }

      // 3. The configuration in force with the new clocks, or null when nothing changes.
      const changed = Object.keys(freqMHz).some((id) => freqMHz[id] !== o.config.freqMHz[id]);
      return changed ? { ...o.config, freqMHz: { ...o.config.freqMHz, ...freqMHz } } : null;
    },
  };
}

// `twinrtm simulate --policy FILE` and `twinrtm check FILE` take the default export: a Policy, a
// function returning one, or a class.
export default createDeadlineGovernor;
