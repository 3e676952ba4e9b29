/**
 * examples/governor/: the user's own vitest file runs here as it is (its test kit claims are
 * registered into this suite), and the governor does what its header says on a built-in scenario:
 * meets the deadline on less energy than `performance` by stepping its clock down.
 */
import { describe, expect, it, vi } from 'vitest';
import { createPolicy, isPolicy, scenarioById, simulate, type Policy } from '../../index.js';
import { EXAMPLES } from './runExample.js';

vi.mock('twinrtm', () => import('../../index.js'));
vi.mock('twinrtm/testkit', () => import('../../testkit/index.js'));

// The user's test file: its describe() and it() calls join this file's tests.
await import(new URL('governor/deadlineGovernor.test.ts', EXAMPLES).href);

const governor = (await import(new URL('governor/deadlineGovernor.ts', EXAMPLES).href)) as {
  default: () => Policy;
  createDeadlineGovernor: () => Policy;
};

describe('examples/governor/deadlineGovernor.ts', () => {
  it('should export a factory of Policies as its default, as --policy FILE takes it', () => {
    expect(governor.default).toBe(governor.createDeadlineGovernor);
    expect(isPolicy(governor.default())).toBe(true);
    expect(governor.default().name).toBe('deadline-step');
  });

  it('should meet a 25 ms deadline at 30 fps on less energy than performance, stepping the clock', () => {
    const scenario = scenarioById('xu3-steady-30fps');
    const own = simulate(scenario, governor.createDeadlineGovernor(), { durationS: 3 }).metrics;
    const performance = simulate(scenario, createPolicy('performance'), { durationS: 3 }).metrics;
    expect(own.deadlineMissRate).toBe(0);
    expect(own.rejectedDecisions).toBe(0);
    expect(own.reconfigurations).toBeGreaterThan(1);
    expect(own.energyPerInferenceMJ!).toBeLessThan(0.8 * performance.energyPerInferenceMJ!);
  });
});
