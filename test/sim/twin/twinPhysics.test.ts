import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { networkById } from '../../../dnn/builtinNetworks.js';
import { platformById } from '../../../models/builtinPlatforms.js';
import type { Configuration } from '../../../models/types.js';
import type { InferenceOutcome } from '../../../sim/boardParts.js';
import { HeapScheduler, PRIORITY } from '../../../sim/heapScheduler.js';
import { TwinPhysics } from '../../../sim/twin/twinPhysics.js';

const A15: Configuration = { groups: 4, unit: 'a15', cores: 4, freqMHz: { a15: 2000, a7: 200 } };

function physicsRig() {
  const scheduler = new HeapScheduler();
  const physics = new TwinPhysics({
    platform: platformById('odroid-xu3'),
    dnn: networkById('alexnet-cifar10-g4'),
    truth: { timeFactor: 1, powerFactor: 1 },
    ambientC: 25,
    initialConfig: A15,
    migrationCostMs: 2,
    defaultTransitionLatencyUs: 100,
    scheduler: scheduler.lane(PRIORITY.dnn),
    perCpu: true,
  });
  const ends: { atMs: number; outcome: InferenceOutcome }[] = [];
  const done = (outcome: InferenceOutcome) => ends.push({ atMs: scheduler.now(), outcome });
  return { scheduler, physics, ends, done };
}

/** One inference from an idle start at 0: its service time. */
function serviceMs(): number {
  const rig = physicsRig();
  rig.physics.run(A15, rig.done);
  rig.scheduler.flush();
  const o = rig.ends[0]!.outcome;
  if ('error' in o) throw new Error(o.error);
  return o.serviceMs;
}

describe('TwinPhysics.runSince (an inference that began before the physics heard of it)', () => {
  it('should end one service time after the time it began, and book the gap as busy', () => {
    const service = serviceMs();
    fc.assert(
      fc.property(fc.double({ min: 0, max: 5, noNaN: true }), (gap) => {
        const rig = physicsRig();
        rig.scheduler.flush(10);
        const before = rig.physics.snapshot();
        // The snapshot's per-cpu counters are the physics' own (live) array.
        const cpuBusyBefore = Float64Array.from(before.cpuBusyMs);
        rig.physics.runSince(10 - gap, rig.done);
        rig.scheduler.flush();
        const end = rig.ends[0]!;
        const o = end.outcome;
        if ('error' in o) throw new Error(o.error);
        expect(o.serviceMs).toBeCloseTo(service, 9);
        expect(end.atMs).toBeCloseTo(10 - gap + service, 9);
        // The A15's busiest core was busy from the time it began to the end.
        const after = rig.physics.snapshot();
        expect(after.unitBusyMs.a15! - before.unitBusyMs.a15!).toBeCloseTo(service, 9);
        // The DNN's four cores (cpus 4-7) likewise, cpu by cpu.
        for (let i = 0; i < after.cpus.length; i++) {
          const expected = after.cpus[i]! >= 4 ? service : 0;
          expect(after.cpuBusyMs[i]! - cpuBusyBefore[i]!).toBeCloseTo(expected, 9);
        }
      }),
      { numRuns: 30 },
    );
  });

  it('should take the same energy as an inference run from the time it began', () => {
    // The XU3's INA231s show the average over their last 263.808 ms period: at 300 ms, that of
    // [0, 263.8], which holds either inference whole.
    const shownAt300 = (start: (rig: ReturnType<typeof physicsRig>) => void) => {
      const rig = physicsRig();
      start(rig);
      rig.scheduler.flush(300);
      return { endMs: rig.ends[0]!.atMs, railsW: rig.physics.snapshot().railsW };
    };
    const straight = shownAt300((rig) => {
      rig.scheduler.flush(8);
      rig.physics.run(A15, rig.done);
    });
    const late = shownAt300((rig) => {
      rig.scheduler.flush(10);
      rig.physics.runSince(8, rig.done);
    });
    expect(late.endMs).toBeCloseTo(straight.endMs, 9);
    // The gap was integrated as idle, then booked again as running; only its temperature, left as it
    // was for 2 ms, differs (leakage).
    for (const rail of Object.keys(straight.railsW)) {
      expect(Math.abs(late.railsW[rail]! - straight.railsW[rail]!)).toBeLessThan(1e-6 * straight.railsW[rail]! + 1e-12);
    }
    expect(straight.railsW.VDD_ARM).toBeGreaterThan(0);
  });

  it('should book no more of a long gap than the whole inference takes, ending it now', () => {
    const service = serviceMs();
    const rig = physicsRig();
    rig.scheduler.flush(500);
    rig.physics.runSince(100, rig.done);
    rig.scheduler.flush();
    const end = rig.ends[0]!;
    expect(end.atMs).toBeCloseTo(500, 9);
    expect('serviceMs' in end.outcome && end.outcome.serviceMs).toBeCloseTo(service, 9);
  });

  it('should not begin before the last inference ended, nor in the future', () => {
    const rig = physicsRig();
    rig.physics.run(A15, rig.done);
    rig.scheduler.flush();
    const firstEnd = rig.ends[0]!.atMs;
    rig.scheduler.flush(firstEnd + 3);
    rig.physics.runSince(0, rig.done);
    rig.scheduler.flush();
    const service = serviceMs();
    expect(rig.ends[1]!.atMs).toBeCloseTo(firstEnd + service, 9);
    const t = rig.scheduler.now() + 1;
    rig.scheduler.flush(t);
    rig.physics.runSince(t + 50, rig.done);
    rig.scheduler.flush();
    expect(rig.ends[2]!.atMs).toBeCloseTo(t + service, 9);
  });
});
