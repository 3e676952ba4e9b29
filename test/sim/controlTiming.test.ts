/**
 * When a decision takes effect: the sensor read owed at a tick comes before the decision whatever
 * order the clock fires the two in, and a control latency puts each decision in force that long
 * after its tick.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lastValueFrom } from 'rxjs';
import { networkById } from '../../dnn/builtinNetworks.js';
import { platformById } from '../../models/builtinPlatforms.js';
import { createPolicy } from '../../policies/index.js';
import type { Policy } from '../../policies/types.js';
import { HeapScheduler, PRIORITY, type Lanes, type Priority } from '../../sim/heapScheduler.js';
import { streams } from '../../sim/random.js';
import { runLoop } from '../../sim/runLoop.js';
import { simulate, twinBoardFor } from '../../sim/simulate.js';
import type { TraceEvent } from '../../sim/traceEvents.js';
import { ofKind, scenario } from './helpers.js';

/** Virtual time whose sensor lane runs after the control lane at the same instant, as a wall clock may. */
function sensorsLast(scheduler: HeapScheduler): Lanes {
  return {
    now: () => scheduler.now(),
    lane: (p: Priority) => (p === PRIORITY.sensor ? scheduler.lane(PRIORITY.end) : scheduler.lane(p)),
  };
}

describe('the sensor read owed at a control tick', () => {
  it('comes before the decision even when the clock fires the tick first', async () => {
    const s = scenario('xu3-default', { durationS: 1 });
    const platform = platformById(s.platform);
    const dnn = networkById(s.dnn);
    const log: { kind: string; t: number }[] = [];
    const inner = createPolicy('ondemand');
    const policy: Policy = {
      ...inner,
      name: inner.name,
      reset: (c) => inner.reset?.(c),
      decide: (o) => {
        log.push({ kind: 'decide', t: o.timeMs });
        return inner.decide(o);
      },
    };
    const scheduler = new HeapScheduler();
    const done = lastValueFrom(
      runLoop({
        scenario: s,
        platform,
        dnn,
        policy,
        lanes: sensorsLast(scheduler),
        random: streams(s.seed),
        trace: (e) => {
          if (e.kind === 'sensor') log.push({ kind: 'sensor', t: e.t });
        },
        createBoard: twinBoardFor(s, platform, dnn),
      }),
    );
    scheduler.flush(s.durationS * 1000);
    await done;
    const decisions = log.filter((x) => x.kind === 'decide');
    expect(decisions.length).toBe(100);
    for (let i = 0; i < log.length; i++) {
      if (log[i]!.kind !== 'decide') continue;
      // The read just before each decision was made at the decision's own tick.
      const read = log
        .slice(0, i)
        .reverse()
        .find((x) => x.kind === 'sensor');
      expect(read?.t).toBe(log[i]!.t);
    }
    // And no tick's read happens twice: one read per sensor period.
    expect(log.filter((x) => x.kind === 'sensor').length).toBe(100);
  });
});

describe('sensor and control periods that differ', () => {
  // Equal periods (every built-in scenario) read in the tick's own event; unequal ones keep the
  // sensor's own timer, and a tick still decides on the read due at or before its time.
  it('read once per sensor period, and each decision follows the read due at its tick', () => {
    fc.assert(
      fc.property(fc.constantFrom(5, 10, 20, 25), fc.constantFrom(5, 10, 20, 25), (sensorMs, controlMs) => {
        const base = scenario('xu3-default', { durationS: 1, controlPeriodMs: controlMs });
        const s = { ...base, sensor: { ...base.sensor, periodMs: sensorMs } };
        const log: { kind: 'sensor' | 'decide'; t: number }[] = [];
        const inner = createPolicy('ondemand');
        const policy: Policy = {
          name: inner.name,
          reset: (c) => inner.reset?.(c),
          decide: (o) => {
            log.push({ kind: 'decide', t: o.timeMs });
            return inner.decide(o);
          },
        };
        simulate(s, policy, {
          trace: (e) => {
            if (e.kind === 'sensor') log.push({ kind: 'sensor', t: e.t });
          },
        });
        const reads = log.filter((x) => x.kind === 'sensor').map((x) => x.t);
        expect(reads).toEqual(Array.from({ length: 1000 / sensorMs }, (_, k) => (k + 1) * sensorMs));
        expect(log.filter((x) => x.kind === 'decide')).toHaveLength(1000 / controlMs);
        log.forEach((x, i) => {
          if (x.kind !== 'decide') return;
          const before = log.slice(0, i).filter((y) => y.kind === 'sensor');
          // (The first read, at 0, is the board's own, before the trace's sensor events begin.)
          const due = Math.floor(x.t / sensorMs) * sensorMs;
          expect(before.at(-1)?.t).toBe(due === 0 ? undefined : due);
        });
      }),
    );
  });
});

describe('a control latency', () => {
  const run = (controlLatencyMs: number | undefined, policy = 'ondemand') => {
    const events: TraceEvent[] = [];
    simulate(scenario('xu3-default', { durationS: 2 }), createPolicy(policy), {
      trace: (e) => events.push(e),
      ...(controlLatencyMs !== undefined ? { controlLatencyMs } : {}),
    });
    return events;
  };

  it('of 0 is the default: the same trace as none', () => {
    expect(JSON.stringify(run(0))).toBe(JSON.stringify(run(undefined)));
  });

  it('puts every clock-only decision in force that long after its tick', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.25, max: 9.5, noNaN: true }), (latencyMs) => {
        const events = run(latencyMs);
        const decisions = ofKind(events, 'decision');
        expect(decisions.length).toBeGreaterThan(10);
        let checked = 0;
        for (const d of decisions) {
          const applied = events.find(
            (e) =>
              e.kind === 'apply' &&
              e.t >= d.t &&
              e.t <= d.t + latencyMs + 1e-9 &&
              JSON.stringify(e.config) === JSON.stringify(d.config),
          );
          if (applied === undefined) continue; // a mapping change waits for the inference in flight
          expect(applied.t).toBeCloseTo(d.t + latencyMs, 9);
          checked++;
        }
        expect(checked).toBeGreaterThan(decisions.length / 2);
      }),
      { numRuns: 8 },
    );
  });

  it('changes what a governor that follows the clock tick by tick achieves', () => {
    const at = (latencyMs: number) => ofKind(run(latencyMs), 'end')[0]!.metrics;
    expect(at(4).energyPerInferenceMJ).not.toBe(at(0).energyPerInferenceMJ);
  });
});
