import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { platformById } from '../../models/builtinPlatforms.js';
import type { Configuration } from '../../models/types.js';
import { boardPrediction, boardRig, COUNTER, sum } from './helpers.js';

const A: Configuration = { groups: 4, unit: 'a15', cores: 4, freqMHz: { a15: 2000, a7: 200 } };
const xu3 = platformById('odroid-xu3');
const freqsOf = (id: string) => xu3.units.find((u) => u.id === id)!.opps.points.map((p) => p.freqMHz);

/** Any valid XU3 configuration of the 4-group DNN. */
const xu3ConfigArb: fc.Arbitrary<Configuration> = fc.record({
  groups: fc.integer({ min: 1, max: 4 }),
  unit: fc.constantFrom('a7', 'a15'),
  cores: fc.integer({ min: 1, max: 4 }),
  freqMHz: fc.record({ a7: fc.constantFrom(...freqsOf('a7')), a15: fc.constantFrom(...freqsOf('a15')) }),
});

describe('TwinBoard properties', () => {
  it('serves requests first come, first served, each at the predicted time, and drops those beyond the queue', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 200_000 }), { maxLength: 40 }),
        fc.integer({ min: 0, max: 4 }),
        (arrivalsUs, queueLimit) => {
          // Arrange
          const arrivals = arrivalsUs.map((us) => us / 1000).sort((a, b) => a - b);
          const rig = boardRig({ initialConfig: A, queueLimit });
          const serviceMs = boardPrediction(rig.platform, rig.dnn, A, 25).timeMs;
          for (const t of arrivals) rig.at(t, () => rig.board.request(null));
          // Act
          rig.scheduler.flush();
          // Assert against a model: one server, a FIFO queue of queueLimit places.
          const served: { arrivalMs: number; startMs: number; endMs: number }[] = [];
          const dropped: number[] = [];
          const ends: number[] = []; // end times of the requests in the system
          for (const t of arrivals) {
            while (ends.length > 0 && ends[0]! <= t) ends.shift();
            if (ends.length > queueLimit) {
              dropped.push(t);
              continue;
            }
            const start = Math.max(t, ends.at(-1) ?? t);
            ends.push(start + serviceMs);
            served.push({ arrivalMs: t, startMs: start, endMs: start + serviceMs });
          }
          expect(rig.log.drops).toEqual(dropped);
          expect(rig.log.inferences).toHaveLength(served.length);
          rig.log.inferences.forEach((r, i) => {
            expect(r.arrivalMs).toBe(served[i]!.arrivalMs);
            expect(r.startMs).toBeCloseTo(served[i]!.startMs, 9);
            expect(r.endMs).toBeCloseTo(served[i]!.endMs, 9);
          });
        },
      ),
      { numRuns: 60 },
    );
  });

  it('a configuration applied mid-inference takes effect at once if it changes clocks only, else when the inference ends', () => {
    fc.assert(
      fc.property(xu3ConfigArb, fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), (next, where) => {
        // Arrange
        const rig = boardRig({ initialConfig: A, migrationCostMs: 2 });
        const old = boardPrediction(rig.platform, rig.dnn, A, 25).layers.map((l) => l.timeMs);
        const neu = boardPrediction(rig.platform, rig.dnn, next, 25).layers.map((l) => l.timeMs);
        const applyAt = where * sum(old);
        // The layer running at applyAt, and how far into it.
        let k = 0;
        while (k < old.length - 1 && sum(old.slice(0, k + 1)) <= applyAt) k++;
        const fraction = (applyAt - sum(old.slice(0, k))) / old[k]!;
        // Act
        rig.board.request(null);
        rig.at(applyAt, () => rig.board.apply(next));
        rig.scheduler.flush();
        // Assert
        const end = rig.log.inferences[0]!.endMs;
        const clocksOnly = next.groups === A.groups && next.unit === A.unit && next.cores === A.cores;
        const same = clocksOnly && next.freqMHz.a15 === 2000 && next.freqMHz.a7 === 200;
        if (same) {
          expect(rig.log.applies).toEqual([]);
          expect(end).toBeCloseTo(sum(old), 9);
        } else if (clocksOnly) {
          const stallMs = next.freqMHz.a15 !== 2000 ? 0.14 : 0;
          expect(rig.log.applies).toEqual([{ atMs: applyAt, config: next, stallMs: expect.closeTo(stallMs, 12) }]);
          expect(end).toBeCloseTo(applyAt + stallMs + (1 - fraction) * neu[k]! + sum(neu.slice(k + 1)), 9);
        } else {
          expect(end).toBeCloseTo(sum(old), 9);
          expect(rig.log.inferences[0]!).toMatchObject({ groups: A.groups, unit: A.unit, cores: A.cores });
          expect(rig.log.applies).toHaveLength(1);
          expect(rig.log.applies[0]!.atMs).toBeCloseTo(sum(old), 9);
          const transitionMs = next.freqMHz[next.unit] !== A.freqMHz[next.unit] ? 0.14 : 0;
          expect(rig.log.applies[0]!.stallMs).toBeCloseTo(transitionMs + (next.unit !== 'a15' ? 2 : 0), 12);
        }
      }),
      { numRuns: 150 },
    );
  });

  it("an inference's energy is the board energy drawn between its start and its end, where the sensors count energy", () => {
    fc.assert(
      fc.property(xu3ConfigArb, (config) => {
        const rig = boardRig({ initialConfig: config, powerSensor: COUNTER });
        const p = boardPrediction(rig.platform, rig.dnn, config, rig.startTemperatureC);
        rig.board.request(null);
        rig.scheduler.flush();
        const r = rig.log.inferences[0]!;
        expect(Math.abs(r.energyMJ - p.energyMJ) / p.energyMJ).toBeLessThan(1e-9);
        expect(Math.abs(rig.board.energyNowMJ() - p.energyMJ) / p.energyMJ).toBeLessThan(1e-9);
      }),
      { numRuns: 50 },
    );
  });
});
