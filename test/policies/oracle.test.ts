import { describe, expect, it } from 'vitest';
import type { Configuration, Contention } from '../../models/types.js';
import { createOracle } from '../../policies/oracle.js';
import type { Budgets, Foresight } from '../../policies/types.js';
import { configOf, contextFor, label, observation, predictionOf, predictions, START } from './harness.js';

interface Future {
  contentionAt?: (timeMs: number) => Contention;
  budgetsAt?: (timeMs: number) => Budgets;
  /** Requests per second (default 30). */
  ratePerS?: number | null;
  truth?: { timeFactor: number; powerFactor: number };
}

/** A hand-built scenario future: nothing else runs, a 20 ms budget, 30 fps, a board as the model says, unless given. */
function foresight(f: Future = {}): Foresight {
  return {
    contentionAt: f.contentionAt ?? (() => ({})),
    budgetsAt: f.budgetsAt ?? (() => ({ latencyMs: 20 })),
    powerModeAt: () => null,
    requestRateAt: () => (f.ratePerS === undefined ? 30 : f.ratePerS),
    truth: f.truth ?? { timeFactor: 1, powerFactor: 1 },
  };
}

/** The oracle's decision at timeMs from the configuration in force (default: START), or that configuration. */
function oracleAt(f: Future, timeMs = 0, from: Configuration = START): Configuration {
  const oracle = createOracle();
  oracle.reset!(contextFor(from, foresight(f)));
  return (
    oracle.decide(
      observation({ timeMs, config: from, budgets: (f.budgetsAt ?? (() => ({ latencyMs: 20 })))(timeMs) }),
    ) ?? from
  );
}

/** A co-workload holding 3 of the 4 A15 cores from startMs on. */
const browserFrom =
  (startMs: number) =>
  (t: number): Contention =>
    t >= startMs ? { busyCores: { a15: 3 }, busyUtilisation: { a15: 1 } } : {};

describe('oracle', () => {
  it('refuses to start without the scenario in advance (on a real board)', () => {
    expect(() => createOracle().reset!(contextFor())).toThrow(/oracle needs the scenario in advance/);
  });

  it('picks the least-energy configuration of the most groups that meets the budget with a 2 % margin', () => {
    const best = predictions()
      .filter((p) => p.config.groups === 4 && p.timeMs <= 20 * 0.98)
      .reduce((a, b) => (b.energyMJ < a.energyMJ ? b : a));
    expect(label(oracleAt({}))).toBe(label(best.config));
  });

  it('holds the inference within the period of the request rate it reads: 100 fps leaves 9.8 ms', () => {
    const c = oracleAt({ budgetsAt: () => ({}), ratePerS: 100 });
    expect(predictionOf(c).timeMs).toBeLessThanOrEqual(9.8);
  });

  it('anticipates a co-workload that starts within its horizon: at 0 ms it already uses at most the one A15 core left at 40 ms', () => {
    expect(label(oracleAt({ contentionAt: browserFrom(40) }))).not.toMatch(/^a15x[234]@/);
  });

  it('ignores a co-workload that starts beyond its horizon: at 0 ms it still uses more than one A15 core for one at 500 ms', () => {
    const c = oracleAt({ contentionAt: browserFrom(500) });
    expect(c.unit).toBe('a15');
    expect(c.cores).toBeGreaterThan(1);
  });

  it('anticipates a budget that tightens within its horizon: a 6 ms budget from 30 ms prunes to 2 groups at 0 ms', () => {
    const c = oracleAt({ budgetsAt: (t) => (t >= 30 ? { latencyMs: 6 } : { latencyMs: 1000 }) });
    expect(c.groups).toBe(2);
  });

  it('knows how the board departs from the model: with real time 30 % above the model, the real time meets the budget', () => {
    const c = oracleAt({ truth: { timeFactor: 1.3, powerFactor: 1 } });
    expect(predictionOf(c).timeMs * 1.3).toBeLessThanOrEqual(20 * 0.98);
    expect(predictionOf(oracleAt({})).timeMs * 1.3).toBeGreaterThan(20);
  });

  it('returns null when the configuration in force is already its choice', () => {
    const chosen = oracleAt({});
    const oracle = createOracle();
    oracle.reset!(contextFor(chosen, foresight()));
    expect(oracle.decide(observation({ config: chosen, budgets: { latencyMs: 20 } }))).toBeNull();
  });

  it('decides from its foresight, not from the observation: the observed budgets do not matter', () => {
    const oracle = createOracle();
    oracle.reset!(contextFor(START, foresight()));
    const fromForesight = oracle.decide(observation({ config: configOf(4, 'a7', 1, 200), budgets: { latencyMs: 1 } }));
    expect(label(fromForesight!)).toBe(label(oracleAt({})));
  });
});
