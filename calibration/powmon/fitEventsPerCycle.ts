/**
 * Events per cycle of a group of runs: for each event, the least-squares slope through the origin of
 * its rate against the cycle rate (calibration/leastSquares.ts, non-negative as every count is),
 * over every run of the group. Runs at high clocks, which draw the most dynamic power, weigh the most.
 */
import { nonNegativeLeastSquares } from '../leastSquares.js';

/** A run's event rates, per second, by event name (cycles among them). */
export interface RatedRun {
  rates: Readonly<Record<string, number>>;
}

/**
 * @param runs the group's runs; each has a `cycles` rate and a rate for every event asked for
 * @param events the events to fit (cycles itself is 1 by definition)
 * @returns events per cycle, per event
 */
export function fitEventsPerCycle(runs: readonly RatedRun[], events: readonly string[]): Record<string, number> {
  // Rates are ~1e9 per second: scaled to ~1 for the solver; a slope is unchanged by scaling both sides.
  const scale = 1e-9;
  const x = runs.map((r) => [r.rates.cycles! * scale]);
  return Object.fromEntries(
    events.map((e) => {
      if (e === 'cycles') return [e, 1];
      const y = runs.map((r) => {
        const v = r.rates[e];
        if (v === undefined) throw new Error(`a run has no rate for event ${e}`);
        return v * scale;
      });
      return [e, nonNegativeLeastSquares(x, y).coefficients[0]!];
    }),
  );
}
