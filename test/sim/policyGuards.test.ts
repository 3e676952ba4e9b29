/**
 * A policy cannot break the run: what it is handed is frozen or a copy, and whatever it throws or
 * returns (a throwing getter, a Proxy, a cyclic or BigInt-holding object) is a rejected decision,
 * counted and traced as JSON, never a crash.
 */
import { describe, expect, it } from 'vitest';
import type { Observation, Policy } from '../../policies/types.js';
import { simulate } from '../../sim/simulate.js';
import { ofKind, scenario, traceCollector } from './helpers.js';

const run = (policy: Policy, sensorPeriodMs = 10) => {
  const t = traceCollector();
  const base = scenario('xu3-default');
  const result = simulate({ ...base, sensor: { ...base.sensor, periodMs: sensorPeriodMs } }, policy, {
    durationS: 2,
    trace: t.sink,
  });
  return { metrics: result.metrics, events: t.events };
};

const idle: Policy = { name: 'idle', decide: () => null };

describe('what a policy is handed is read-only', () => {
  // The configuration is a copy (made once per change: freezing every one cost the load-following
  // governors more than their own work); the telemetry is the observation's own (freezing it cost a
  // twentieth of a governor's hour), a copy where observations share a read (a sensor period longer
  // than the control period); the rest is frozen, so a write throws: a rejected decision.
  const writeTelemetry = (o: Observation): void => {
    (o.telemetry!.units.a15 as { utilisation: number }).utilisation = 0;
    (o.telemetry!.powerByRailW as Record<string, number>).a15 = -1;
  };
  it.each([
    ['the configuration', (o: Observation): unknown => ((o.config as { groups: number }).groups = 1), false, 10],
    ['its clocks', (o: Observation): unknown => ((o.config.freqMHz as Record<string, number>).a15 = 200), false, 10],
    ['the budgets', (o: Observation): unknown => ((o.budgets as { latencyMs?: number }).latencyMs = 1), true, 10],
    ['the telemetry, a read to each observation', writeTelemetry, false, 10],
    ['the telemetry, a read shared by two observations', writeTelemetry, false, 20],
    ['the free cores', (o: Observation): unknown => ((o.freeCores as Record<string, number>).a15 = 0), true, 10],
    [
      'a finished inference',
      (o: Observation): unknown =>
        o.inferences.forEach((r) => {
          (r as { groups: number }).groups = 0;
        }),
      true,
      10,
    ],
  ] as [string, (o: Observation) => unknown, boolean, number][])(
    'writing to %s changes nothing in the run',
    (_what, write, frozen, sensorPeriodMs) => {
      const before = run(idle, sensorPeriodMs);
      const baseline = before.metrics;
      const writer: Policy = {
        name: 'writer',
        decide: (o) => {
          write(o);
          return null;
        },
      };
      const after = run(writer, sensorPeriodMs);
      const got = after.metrics;
      // The trace shows the readings as they were, whatever the policy wrote.
      expect(ofKind(after.events, 'sensor')).toEqual(ofKind(before.events, 'sensor'));
      expect(got.rejectedDecisions > 0).toBe(frozen);
      const { rejectedDecisions: _a, wallMs: _b, decisionUs: _c, ...rest } = got;
      const { rejectedDecisions: _d, wallMs: _e, decisionUs: _f, ...base } = baseline;
      expect(rest).toEqual(base);
    },
  );

  it("an observation sharing a read sees the read, not what the last observation's policy wrote", () => {
    // Sensor period 20 ms, control period 10 ms: consecutive observations share a read.
    const seen: { busy: number; rail: number; same: boolean }[] = [];
    let last: Observation | undefined;
    const writer: Policy = {
      name: 'writer',
      decide: (o) => {
        const t = o.telemetry!;
        const rail = Object.keys(t.powerByRailW)[0]!;
        seen.push({ busy: t.units.a15!.utilisation, rail: t.powerByRailW[rail]!, same: last?.telemetry === t });
        // Asked twice, the same object: the observation's own.
        expect(o.telemetry).toBe(t);
        (t.units.a15 as { utilisation: number }).utilisation = -1;
        (t.powerByRailW as Record<string, number>)[rail] = -1;
        last = o;
        return null;
      },
    };
    run(writer, 20);
    expect(seen.length).toBeGreaterThan(100);
    expect(seen.every((s) => s.busy >= 0 && s.rail >= 0 && !s.same)).toBe(true);
    // Reads were shared: about every other observation saw its predecessor's numbers.
    const repeats = seen.filter((s, i) => i > 0 && s.busy === seen[i - 1]!.busy && s.rail === seen[i - 1]!.rail);
    expect(repeats.length).toBeGreaterThan(seen.length / 2 - 2);
  });

  it('a decision the policy changes after returning it does not change what runs', () => {
    const once = (change: boolean): Policy => {
      let mine: { groups: number; unit: string; cores: number; freqMHz: Record<string, number> } | undefined;
      return {
        name: 'once',
        decide: (o) => {
          if (mine === undefined) {
            mine = { ...o.config, groups: 2, freqMHz: { ...o.config.freqMHz } };
            return mine;
          }
          if (change) mine.groups = 1;
          return null;
        },
      };
    };
    expect(run(once(true)).metrics.meanGroups).toBe(run(once(false)).metrics.meanGroups);
  });
});

describe('a policy that misbehaves is refused, never a crash', () => {
  it('a reset() that throws: the run goes on, the throw counted and traced', () => {
    const { metrics, events } = run({
      name: 'bad-reset',
      reset: () => {
        throw new Error('boom');
      },
      decide: () => null,
    });
    expect(metrics.rejectedDecisions).toBe(1);
    expect(ofKind(events, 'rejected')[0]).toMatchObject({ t: 0, reason: 'reset() threw: boom' });
    expect(metrics.inferences).toBeGreaterThan(0);
  });

  it.each([
    [
      'a throwing getter',
      () =>
        Object.defineProperty({ unit: 'a15', cores: 4, freqMHz: { a7: 200, a15: 2000 } }, 'groups', {
          get: () => {
            throw new Error('getter');
          },
          enumerable: true,
        }),
    ],
    [
      'a Proxy whose traps throw',
      () =>
        new Proxy(
          {},
          {
            get: () => {
              throw new Error('trap');
            },
            ownKeys: () => {
              throw new Error('trap');
            },
          },
        ),
    ],
    [
      'a cyclic object',
      () => {
        const c: Record<string, unknown> = { groups: 4, unit: 'a15', cores: 4 };
        c.freqMHz = c;
        return c;
      },
    ],
    ['a BigInt', () => ({ groups: 4n, unit: 'a15', cores: 4, freqMHz: { a7: 200, a15: 2000 } })],
    ['a Promise', () => Promise.resolve(null)],
  ])('%s: rejected, counted, and traced as JSON', (_what, make) => {
    const { metrics, events } = run({ name: 'junk', decide: () => make() as never });
    expect(metrics.rejectedDecisions).toBeGreaterThan(0);
    const rejected = ofKind(events, 'rejected');
    expect(rejected.length).toBe(metrics.rejectedDecisions);
    expect(() => JSON.stringify(rejected)).not.toThrow();
  });
});
