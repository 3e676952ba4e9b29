/**
 * What a governor sees of an rt-app co-workload in the twin: in every window, its unit's busiest-core
 * share (the utilisation governors read) equals the busy fraction of the cpu the threads kept busiest
 * in that window, while the held cores still carry all the threads' busy time (the per-cpu telemetry's
 * time integral is their run time). The oracle is the thread simulation's own per-cpu busy table, read
 * apart from the timeline that packs it into cores.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { networkById } from '../../../dnn/builtinNetworks.js';
import { platformById } from '../../../models/builtinPlatforms.js';
import type { Configuration } from '../../../models/types.js';
import capacities from '../../../scenarios/rtapp/cpuCapacity.json' with { type: 'json' };
import { readRtapp } from '../../../scenarios/rtapp/readRtapp.js';
import { rtappCoworkloads } from '../../../scenarios/rtapp/rtappCoworkloads.js';
import { simulateThreads } from '../../../scenarios/rtapp/simulateThreads.js';
import { HeapScheduler, PRIORITY } from '../../../sim/heapScheduler.js';
import { contentionOf } from '../../../sim/scenarioTimeline.js';
import { TwinPhysics } from '../../../sim/twin/twinPhysics.js';
import { rtappSpec, rtappWorkloadArb } from '../../scenarios/rtapp/rtappArbitraries.js';

const xu3 = platformById('odroid-xu3');
const cpuUnits = xu3.units.filter((u) => u.kind === 'cpu-cluster');
// The window rtappSpec's co-workload starts at.
const START_S = 2;
const DURATION_S = 100_000;
/** The DNN's configuration; it never runs here. */
const IDLE: Configuration = {
  groups: 4,
  unit: 'a15',
  cores: 4,
  freqMHz: Object.fromEntries(xu3.units.map((u) => [u.id, Math.max(...u.opps.points.map((o) => o.freqMHz))])),
};

function capacity(unit: string): number {
  const table = capacities.platforms as Record<string, Record<string, { capacityDmipsPerMHz: number }> | undefined>;
  return table[xu3.id]?.[unit]?.capacityDmipsPerMHz ?? capacities.default.capacityDmipsPerMHz;
}

/** Each unit's busiest cpu's busy fraction and its cpus' busy time (ms) in each window, from the threads alone. */
function threadsTruth(text: string, freqMHz: Record<string, number>, resolutionMs: number) {
  // CPU0 is the reference; it calibrates at its unit's highest clock.
  const refUnit = cpuUnits.find((u) => u.cpus.includes(0))!;
  const refSpeed = capacity(refUnit.id) * Math.max(...refUnit.opps.points.map((o) => o.freqMHz));
  const unitOf = new Map(cpuUnits.flatMap((u) => u.cpus.map((c) => [c, u.id] as const)));
  const cpus = [...unitOf.keys()];
  const windowUs = resolutionMs * 1000;
  const load = simulateThreads(readRtapp(text, 'generated.json', { unsupported: 'refuse' }), {
    runScale: (cpu) => refSpeed / (capacity(unitOf.get(cpu)!) * freqMHz[unitOf.get(cpu)!]!),
    defaultCpus: cpus,
    boardCpus: cpus,
    endUs: (DURATION_S - START_S) * 1e6,
    windowUs,
  });
  const windows: { busiest: Record<string, number>; busyMs: Record<string, number> }[] = [];
  for (let k = 0; k < load.busy.count; k++) {
    const busiest: Record<string, number> = {};
    const busyMs: Record<string, number> = {};
    for (const u of cpuUnits) {
      const us = u.cpus.map((c) => load.busy.busyUs(k, c));
      busiest[u.id] = Math.max(...us) / windowUs;
      busyMs[u.id] = us.reduce((a, b) => a + b, 0) / 1000;
    }
    windows.push({ busiest, busyMs });
  }
  return windows;
}

const setupArb = fc.record({
  freqMHz: fc
    .tuple(...cpuUnits.map((u) => fc.constantFrom(...u.opps.points.map((o) => o.freqMHz))))
    .map((fs) => Object.fromEntries(cpuUnits.map((u, i) => [u.id, fs[i]!]))),
  resolutionMs: fc.constantFrom(10, 100),
  workload: rtappWorkloadArb(xu3),
});

describe('an rt-app co-workload in the twin', () => {
  it("should show governors, in each window, the busy share of the threads' busiest cpu, and keep their busy time", () => {
    fc.assert(
      fc.property(setupArb, ({ freqMHz, resolutionMs, workload }) => {
        // Arrange: the co-workloads and, apart, the threads' own per-cpu busy table.
        const out = rtappCoworkloads(workload.text, 'generated.json', rtappSpec(freqMHz, resolutionMs), {
          platform: xu3,
          durationS: DURATION_S,
          powerMode: xu3.defaultPowerMode,
        });
        const truth = threadsTruth(workload.text, freqMHz, resolutionMs);
        fc.pre(truth.length <= 400);
        const scheduler = new HeapScheduler();
        const physics = new TwinPhysics({
          platform: xu3,
          dnn: networkById('alexnet-cifar10-g4'),
          truth: { timeFactor: 1, powerFactor: 1 },
          ambientC: 25,
          initialConfig: IDLE,
          migrationCostMs: 2,
          defaultTransitionLatencyUs: 100,
          scheduler: scheduler.lane(PRIORITY.dnn),
          perCpu: true,
        });
        const cpuIndex = (cpu: number) => physics.snapshot().cpus.indexOf(cpu);
        // Act and assert, window by window (the DNN never runs: the unit's utilisation is the co-workload's).
        for (let k = 0; k < truth.length; k++) {
          const fromMs = START_S * 1000 + k * resolutionMs;
          scheduler.flush(fromMs);
          const midS = (fromMs + resolutionMs / 2) / 1000;
          const active = out.coworkloads.filter((c) => c.startS <= midS && midS < c.endS!);
          physics.setContention(
            contentionOf(
              active,
              (u) => xu3.units.find((x) => x.id === u)!.cores,
              () => false,
            ),
          );
          const before = physics.snapshot();
          const unitBefore = { ...before.unitBusyMs };
          const cpuBefore = Float64Array.from(before.cpuBusyMs);
          scheduler.flush(fromMs + resolutionMs);
          const after = physics.snapshot();
          for (const u of cpuUnits) {
            const want = truth[k]!.busiest[u.id]!;
            const seen = (after.unitBusyMs[u.id]! - unitBefore[u.id]!) / resolutionMs;
            expect(seen).toBeCloseTo(want, 9);
            const perCpu = u.cpus.map((c) => (after.cpuBusyMs[cpuIndex(c)]! - cpuBefore[cpuIndex(c)]!) / resolutionMs);
            expect(Math.max(...perCpu)).toBeCloseTo(want, 9);
            const busyMs = perCpu.reduce((a, b) => a + b, 0) * resolutionMs;
            expect(busyMs).toBeCloseTo(truth[k]!.busyMs[u.id]!, 6);
          }
        }
      }),
      { numRuns: 60 },
    );
  });
});
