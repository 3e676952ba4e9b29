import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { builtinPolicies } from '../../policies/registry.js';
import type { Policy } from '../../policies/types.js';
import { builtinScenarios } from '../../scenarios/builtinScenarios.js';
import type { RequestStream, Scenario } from '../../scenarios/types.js';
import { simulate } from '../../sim/simulate.js';

/** Wraps a policy to count the requests it is told about (dropped ones included). */
function counting(inner: Policy): { policy: Policy; arrivals: () => number } {
  let arrivals = 0;
  return {
    arrivals: () => arrivals,
    policy: {
      name: inner.name,
      reset: (context) => {
        arrivals = 0;
        inner.reset?.(context);
      },
      decide: (observation) => {
        arrivals += observation.arrivals;
        return inner.decide(observation);
      },
    },
  };
}

const requestsArb = (own: RequestStream): fc.Arbitrary<RequestStream> =>
  fc.oneof(
    fc.constant(own),
    fc.integer({ min: 5, max: 120 }).map((ratePerS): RequestStream => ({ kind: 'poisson', ratePerS })),
    fc.integer({ min: 1, max: 120 }).map((fps): RequestStream => ({ kind: 'periodic', fps })),
    fc.integer({ min: 0, max: 30 }).map((thinkMs): RequestStream => ({ kind: 'closed-loop', thinkMs })),
  );

/** A built-in scenario cut to 1..3 s, with another seed, queue limit and maybe another request stream. */
const smallScenarioArb: fc.Arbitrary<Scenario> = fc.constantFrom(...builtinScenarios()).chain((s) =>
  fc
    .record({
      seed: fc.nat(1_000_000),
      durationS: fc.integer({ min: 1, max: 3 }),
      queueLimit: fc.integer({ min: 0, max: 6 }),
      requests: requestsArb(s.requests),
    })
    .map((o): Scenario => ({ ...(structuredClone(s) as Scenario), ...o })),
);

// The oracle is left out: it needs foresight, which simulate gives by default, but it is the slowest.
const policyNames = builtinPolicies.map((f) => f.name).filter((n) => n !== 'oracle');

describe('metrics of random small runs', () => {
  it('metrics keep their invariants for any built-in scenario, seed, stream and policy', () => {
    fc.assert(
      fc.property(smallScenarioArb, fc.constantFrom(...policyNames), (s, name) => {
        // Arrange
        const factory = builtinPolicies.find((f) => f.name === name)!;
        const { policy, arrivals } = counting(factory.create());
        // Act
        const m = simulate(s, policy).metrics;
        // Assert
        if (m.deadlineMissRate !== null) {
          expect(m.deadlineMissRate).toBeGreaterThanOrEqual(0);
          expect(m.deadlineMissRate).toBeLessThanOrEqual(1);
        }
        expect(m.inferences + m.dropped).toBeLessThanOrEqual(arrivals());
        const { p50, p95, p99 } = m.latencyMs;
        if (m.inferences > 0) {
          expect(p50!).toBeLessThanOrEqual(p95!);
          expect(p95!).toBeLessThanOrEqual(p99!);
          expect(m.energyPerInferenceMJ!).toBeGreaterThan(0);
        } else {
          expect([p50, p95, p99, m.energyPerInferenceMJ]).toEqual([null, null, null, null]);
        }
        // Sensor windows tile the run (whole seconds, 10 ms periods), so no window is below the mean.
        expect(m.avgPowerW).toBeLessThanOrEqual(m.peakPowerW * (1 + 1e-9));
        if (m.overPowerCapFraction !== null) {
          expect(m.overPowerCapFraction).toBeGreaterThanOrEqual(0);
          expect(m.overPowerCapFraction).toBeLessThanOrEqual(1);
        }
        expect(m.simulatedS).toBe(s.durationS);
        expect(m.rejectedDecisions).toBe(0);
      }),
      { numRuns: 25 },
    );
  });
});
