/**
 * The two scenarios that show what anytime inference is worth to rtm: with a tight energy budget it
 * answers better for less; under a hard deadline the slowest image's cascade does not fit, so rtm
 * keeps fixed groups and runs exactly as without it.
 */
import { describe, expect, it } from 'vitest';
import { createPolicy } from '../../policies/registry.js';
import { scenarioById } from '../../scenarios/builtinScenarios.js';
import { simulate } from '../../sim/simulate.js';

const run = (id: string, anytime: number) => simulate(scenarioById(id), createPolicy('rtm', { anytime })).metrics;

describe('anytime inference under rtm', () => {
  it('pays under a tight energy budget: within the 15 mJ, less energy than the fixed groups that fit, with no deadline missed', () => {
    const fixed = run('xu3-energy-budget', 0);
    const anytime = run('xu3-energy-budget', 1);
    expect(fixed.energyPerInferenceMJ!).toBeLessThanOrEqual(15);
    expect(anytime.energyPerInferenceMJ!).toBeLessThan(fixed.energyPerInferenceMJ!);
    expect(anytime.deadlineMissRate).toBe(0);
    // Fixed: two groups fit the budget (top-1 0.9262 by the table); the cascade runs up to four.
    expect(fixed.meanGroups).toBeCloseTo(2, 2);
    expect(anytime.meanGroups!).toBeLessThan(2);
  });

  it('does not pay under a hard 8 ms deadline: the same run as with fixed groups only', () => {
    const { wallMs: _a, decisionUs: _b, ...fixed } = run('xu3-hard-deadline', 0);
    const { wallMs: _c, decisionUs: _d, ...anytime } = run('xu3-hard-deadline', 1);
    expect(anytime).toEqual(fixed);
  });
});
