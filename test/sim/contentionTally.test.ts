import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Coworkload } from '../../scenarios/types.js';
import { ContentionTally, contentionOf } from '../../sim/scenarioTimeline.js';

const CORES: Record<string, number> = { a7: 4, a15: 4, gpu: 1 };
const coresOf = (u: string) => CORES[u]!;
const isGpu = (u: string) => u === 'gpu';

const coworkloadArb = fc
  .record({
    name: fc.string(),
    unit: fc.constantFrom('a7', 'a15', 'gpu'),
    cores: fc.integer({ min: 1, max: 6 }),
    utilisation: fc.double({ min: 0.01, max: 1, noNaN: true }),
    // Absent on ordinary co-workloads; (0, 1] on rt-app's stretches.
    busiestShare: fc.option(fc.double({ min: 0.01, max: 1, noNaN: true }), { nil: undefined }),
    memoryIntensity: fc.double({ min: 0, max: 0.5, noNaN: true }),
    gpuShare: fc.double({ min: 0, max: 0.7, noNaN: true }),
    startS: fc.constant(0),
    endS: fc.constant(null),
  })
  .map(({ busiestShare, ...cw }) =>
    busiestShare === undefined ? cw : { ...cw, busiestShare },
  ) as fc.Arbitrary<Coworkload>;

describe('ContentionTally', () => {
  it('gives what contentionOf gives for the co-workloads running, after any starts and ends', () => {
    fc.assert(
      fc.property(
        fc.array(coworkloadArb, { minLength: 1, maxLength: 12 }),
        fc.array(fc.nat(), { maxLength: 40 }),
        (pool, toggles) => {
          const tally = new ContentionTally(coresOf, isGpu);
          const running = new Set<Coworkload>();
          for (const k of toggles) {
            const cw = pool[k % pool.length]!;
            if (running.delete(cw)) tally.remove(cw);
            else {
              running.add(cw);
              tally.add(cw);
            }
            const want = contentionOf([...running], coresOf, isGpu);
            const got = tally.contention();
            expect(got.busyCores).toEqual(want.busyCores);
            for (const u of Object.keys(want.busyUtilisation ?? {}))
              expect(got.busyUtilisation![u]).toBeCloseTo(want.busyUtilisation![u]!, 9);
            expect(got.memoryPressure).toBeCloseTo(want.memoryPressure!, 9);
            expect(got.gpuShare).toBeCloseTo(want.gpuShare!, 9);
            // The busiest-cpu share governors read: carried exactly while one of a unit's co-workloads
            // carries one (rt-app's), the largest of them (one without its own counts its utilisation).
            expect(got.busiestShare).toEqual(want.busiestShare);
            for (const unit of ['a7', 'a15']) {
              const on = [...running].filter((c) => c.unit === unit);
              const carried = on.some((c) => c.busiestShare !== undefined);
              expect(want.busiestShare?.[unit]).toBe(
                carried ? Math.max(...on.map((c) => c.busiestShare ?? c.utilisation)) : undefined,
              );
            }
            expect(want.busiestShare?.gpu).toBeUndefined();
          }
        },
      ),
    );
  });

  it('leaves a contention without rt-app co-workloads as it was, with no busiestShare key', () => {
    const cw: Coworkload = {
      name: 'a',
      unit: 'a7',
      cores: 2,
      utilisation: 0.3,
      memoryIntensity: 0,
      gpuShare: 0,
      startS: 0,
      endS: null,
    };
    expect('busiestShare' in contentionOf([cw], coresOf, isGpu)).toBe(false);
    const tally = new ContentionTally(coresOf, isGpu);
    tally.add(cw);
    tally.add({ ...cw, name: 'b', busiestShare: 0.1 });
    tally.remove({ ...cw, name: 'b', busiestShare: 0.1 });
    expect('busiestShare' in tally.contention()).toBe(false);
  });

  it('is back to exactly nothing when the last co-workload ends', () => {
    const tally = new ContentionTally(coresOf, isGpu);
    const a = {
      name: 'a',
      unit: 'a7',
      cores: 1,
      utilisation: 0.3,
      memoryIntensity: 0.1,
      gpuShare: 0,
      startS: 0,
      endS: null,
    } as Coworkload;
    const b = { ...a, name: 'b', utilisation: 0.7, memoryIntensity: 0.2 } as Coworkload;
    tally.add(a);
    tally.add(b);
    tally.remove(a);
    tally.remove(b);
    expect(tally.contention()).toEqual(contentionOf([], coresOf, isGpu));
  });
});
