/**
 * The telemetry a policy sees is the same whether it is drawn at each read or only when read
 * (sim/sensors.ts, sim/observation.ts): streams replay exactly from a mark, the feed gives the
 * numbers noisyTelemetry gives whatever is asked when, and a watched observation is the plain object
 * a policy always had.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Observation, Policy, Telemetry } from '../../policies/types.js';
import type { SensorReading } from '../../sim/board.js';
import { observationOf } from '../../sim/observation.js';
import { createRandom, isReplayable, randomFrom, type Random } from '../../sim/random.js';
import { noisyTelemetry, TelemetryFeed } from '../../sim/sensors.js';
import { simulate } from '../../sim/simulate.js';
import { scenario } from './helpers.js';

const replayable = (seed: number) => {
  const r = createRandom(seed);
  if (!isReplayable(r)) throw new Error('createRandom is not replayable');
  return r;
};

describe('a replayable stream', () => {
  it('skipping n normals, filling n at once, or drawing from a mark, gives the numbers drawing them would', () => {
    const way = fc.constantFrom('skip', 'draw', 'fill');
    fc.assert(
      fc.property(fc.integer(), fc.array(fc.tuple(way, fc.nat(7)), { maxLength: 30 }), (seed, steps) => {
        const plain = createRandom(seed);
        const skipping = replayable(seed);
        for (const [how, n] of steps) {
          const mark = skipping.mark();
          const drawn = Array.from({ length: n }, () => plain.normal());
          if (how === 'skip') skipping.skipNormals(n);
          else if (how === 'draw') expect(Array.from({ length: n }, () => skipping.normal())).toEqual(drawn);
          else {
            // A longer array than asked for: only the first n are written.
            const filled = new Float64Array(n + 1).fill(-1);
            skipping.fillNormals(filled, n);
            expect([...filled]).toEqual([...drawn, -1]);
          }
          const replay = randomFrom(mark);
          expect(Array.from({ length: n }, () => replay.normal())).toEqual(drawn);
        }
        expect([skipping.normal(), skipping.next(), skipping.normal()]).toEqual([
          plain.normal(),
          plain.next(),
          plain.normal(),
        ]);
      }),
      { numRuns: 200 },
    );
  });

  it('skipping normals in pieces or all at once leaves the stream at the same place (sameAsSkippedOneByOne)', () => {
    fc.assert(
      fc.property(fc.integer(), fc.nat(3), fc.array(fc.nat(12), { maxLength: 20 }), (seed, before, pieces) => {
        const byPieces = replayable(seed);
        const atOnce = replayable(seed);
        // Either stream may start with a normal held back (an odd number drawn before).
        for (let i = 0; i < before; i++) expect(byPieces.normal()).toBe(atOnce.normal());
        for (const n of pieces) byPieces.skipNormals(n);
        atOnce.skipNormals(pieces.reduce((a, b) => a + b, 0));
        // The same draws from here on (an odd or even place, the generator's state).
        const drawsFrom = (r: ReturnType<typeof replayable>) => [
          r.normal(),
          r.normal(),
          r.normal(),
          r.next(),
          r.normal(),
        ];
        expect(drawsFrom(byPieces)).toEqual(drawsFrom(atOnce));
      }),
      { numRuns: 200 },
    );
  });
});

const reading = (k: number, rails: number): SensorReading => {
  const powerByRailW: Record<string, number> = {};
  for (let r = 0; r < rails; r++) powerByRailW[`rail${r}`] = 0.5 + ((k * 7 + r) % 5) / 3;
  return {
    windowMs: 10,
    freqMHz: { a7: 200 + k, a15: 2000 },
    utilisation: { a7: (k % 10) / 10, a15: 1 },
    temperatureC: { a7: 40 + (k % 3), a15: 41 },
    powerByRailW,
    powerW: 1 + (k % 4),
  };
};

describe('the telemetry feed', () => {
  it('gives each read the telemetry noisyTelemetry gives it, whichever reads are asked for and when', () => {
    const noiseArb = fc.record({
      powerRelative: fc.constantFrom(0, 0.02),
      utilisation: fc.constantFrom(0, 0.05),
      temperatureC: fc.constantFrom(0, 0.5),
    });
    fc.assert(
      fc.property(
        fc.integer(),
        noiseArb,
        fc.nat(4),
        fc.array(fc.record({ ask: fc.boolean(), watch: fc.boolean(), late: fc.boolean() }), {
          minLength: 1,
          maxLength: 80,
        }),
        (seed, noise, rails, reads) => {
          const reference = createRandom(seed);
          const feed = new TelemetryFeed(noise, createRandom(seed));
          const expected: Telemetry[] = [];
          const later: { read: { telemetry: Telemetry }; k: number }[] = [];
          reads.forEach((r, k) => {
            expected.push(noisyTelemetry(reading(k, rails), noise, reference));
            feed.read(reading(k, rails));
            const read = feed.latest;
            const watched = feed.watchNext();
            if (r.ask) expect(read.telemetry).toEqual(expected[k]);
            if (r.late) later.push({ read, k });
            if (watched) feed.watched(read);
          });
          for (const { read, k } of later) expect(read.telemetry).toEqual(expected[k]);
        },
      ),
      { numRuns: 150 },
    );
  });

  it("draws a twin's reading from its numbers in order as noisyTelemetry draws its records, whatever the names", () => {
    const name = fc.oneof(
      fc.constantFrom('a7', 'a15', 'VDD_ARM', '0', '7', '__proto__', 'x'),
      fc.string({ maxLength: 3 }),
    );
    fc.assert(
      fc.property(
        fc.integer(),
        fc.uniqueArray(name, { minLength: 1, maxLength: 4 }),
        fc.array(name, { maxLength: 5 }),
        fc.array(fc.double({ min: 0, max: 5, noNaN: true }), { minLength: 20, maxLength: 20 }),
        (seed, unitIds, railNames, v) => {
          const noise = { powerRelative: 0.02, utilisation: 0.05, temperatureC: 0.5 };
          const record = (keys: readonly string[], values: ArrayLike<number>) => {
            const out: Record<string, number> = {};
            keys.forEach((k, i) => {
              out[k] = values[i]!;
            });
            return out;
          };
          const reference = createRandom(seed);
          const feed = new TelemetryFeed(noise, createRandom(seed), true);
          for (let k = 0; k < 3; k++) {
            const at = (i: number) => Float64Array.from({ length: 5 }, (_, j) => v[(i * 5 + j + k) % 20]!);
            const ordered = {
              unitIds,
              railNames,
              freqMHz: at(0),
              utilisation: at(1).map((x) => x / 5),
              temperatureC: at(2),
              railsW: at(3),
            };
            const reading: SensorReading = {
              windowMs: 10,
              freqMHz: record(unitIds, ordered.freqMHz),
              utilisation: record(unitIds, ordered.utilisation),
              temperatureC: record(unitIds, ordered.temperatureC),
              powerByRailW: record(railNames, ordered.railsW),
              powerW: v[k]!,
              ordered,
            };
            const expected = noisyTelemetry(reading, noise, reference);
            feed.read(reading);
            expect(feed.latest.telemetry).toEqual(expected);
            expect(Object.keys(feed.latest.telemetry.units)).toEqual(Object.keys(expected.units));
            expect(Object.keys(feed.latest.telemetry.powerByRailW)).toEqual(Object.keys(expected.powerByRailW));
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('draws every read at once from a stream it cannot replay, in the same order', () => {
    const noise = { powerRelative: 0.02, utilisation: 0.02, temperatureC: 0.5 };
    const own = (seed: number): Random => {
      const r = createRandom(seed);
      return { next: () => r.next(), normal: () => r.normal() };
    };
    const reference = createRandom(3);
    const feed = new TelemetryFeed(noise, own(3));
    for (let k = 0; k < 20; k++) {
      feed.read(reading(k, 4));
      expect(feed.watchNext()).toBe(false);
      if (k % 3 === 0) expect(feed.latest.telemetry).toEqual(noisyTelemetry(reading(k, 4), noise, reference));
      else noisyTelemetry(reading(k, 4), noise, reference);
    }
  });
});

describe('a watched observation', () => {
  const fields = {
    timeMs: 10,
    budgets: Object.freeze({ latencyMs: 20 }),
    config: { groups: 4, unit: 'a15', cores: 4, freqMHz: { a7: 200, a15: 2000 } },
    inferences: [],
    arrivals: 1,
    queueLength: 0,
    freeCores: Object.freeze({ a7: 4, a15: 4 }),
    powerMode: null,
  };
  const telemetry: Telemetry = Object.freeze({ units: Object.freeze({}), powerByRailW: Object.freeze({}), powerW: 1 });
  const plain: Observation = {
    timeMs: fields.timeMs,
    budgets: fields.budgets,
    config: fields.config,
    telemetry,
    inferences: fields.inferences,
    arrivals: 1,
    queueLength: 0,
    freeCores: fields.freeCores,
    powerMode: null,
  };
  const watched = () => {
    const source = {
      asked: 0,
      get telemetry() {
        this.asked++;
        return telemetry;
      },
    };
    const o = observationOf(
      fields.timeMs,
      fields.budgets,
      fields.config,
      source,
      fields.inferences,
      1,
      0,
      fields.freeCores,
      null,
    );
    return { o, source };
  };

  it('looks like the plain object to a policy: keys in order, spread, JSON, prototype', () => {
    const { o, source } = watched();
    expect(source.asked).toBe(0);
    expect(Object.keys(o)).toEqual(Object.keys(plain));
    expect(JSON.stringify(o)).toBe(JSON.stringify(plain));
    expect({ ...o }).toEqual(plain);
    expect(Object.getPrototypeOf(o)).toBe(Object.prototype);
    expect(o.constructor).toBe(Object);
    expect(Reflect.ownKeys(o)).toEqual(Reflect.ownKeys(plain));
    expect(o.telemetry).toBe(telemetry);
    expect(source.asked).toBeGreaterThan(0);
    expect((Object.create(o) as Observation).telemetry).toBe(telemetry);
  });

  it('takes a new telemetry written to it, as a plain object does', () => {
    const { o } = watched();
    const mine: Telemetry = { units: {}, powerByRailW: {}, powerW: 7 };
    o.telemetry = mine;
    expect(o.telemetry).toBe(mine);
    expect(JSON.stringify(o)).toBe(JSON.stringify({ ...plain, telemetry: mine }));
  });
});

describe('in a run', () => {
  // A policy that reads the telemetry only on some periods sees there what one reading every period sees.
  const spy = (reads: (period: number) => boolean, seen: Map<number, string>): Policy => {
    let period = 0;
    return {
      name: 'spy',
      decide: (o) => {
        if (reads(period++)) seen.set(o.timeMs, JSON.stringify(o.telemetry));
        return null;
      },
    };
  };

  it('a policy that reads the telemetry now and then sees what it would see reading it every period', () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { minLength: 1, maxLength: 300 }), fc.nat(3), (pattern, seed) => {
        const all = new Map<number, string>();
        const some = new Map<number, string>();
        simulate(
          scenario('xu3-default'),
          spy(() => true, all),
          { durationS: 3, seed },
        );
        simulate(
          scenario('xu3-default'),
          spy((k) => pattern[k % pattern.length]!, some),
          { durationS: 3, seed },
        );
        expect(some.size).toBe(
          Array.from({ length: all.size }, (_, k) => pattern[k % pattern.length]).filter(Boolean).length,
        );
        for (const [t, telemetry] of some) expect(telemetry).toBe(all.get(t));
      }),
      { numRuns: 12 },
    );
  });

  it('stretches unread long enough to stop the drawing, then read again, see what reading every period sees', () => {
    // Read, then 200 periods unread (the feed stops drawing at the first watched one), read again,
    // unread, and read at the end: every switch between drawing and owing the draws.
    const reads = (k: number) => k < 100 || (k >= 300 && k < 350) || k >= 480;
    for (const seed of [1, 2, 3]) {
      const all = new Map<number, string>();
      const some = new Map<number, string>();
      simulate(
        scenario('xu3-default'),
        spy(() => true, all),
        { durationS: 5, seed },
      );
      simulate(scenario('xu3-default'), spy(reads, some), { durationS: 5, seed });
      expect(some.size).toBe(100 + 50 + 20);
      for (const [t, telemetry] of some) expect(telemetry).toBe(all.get(t));
    }
  });

  it('an observation kept and read later shows the telemetry of its own period', () => {
    const kept: Observation[] = [];
    const now = new Map<number, string>();
    simulate(
      scenario('xu3-default'),
      {
        name: 'keeper',
        decide: (o) => {
          kept.push(o);
          return null;
        },
      },
      { durationS: 1 },
    );
    simulate(
      scenario('xu3-default'),
      spy(() => true, now),
      { durationS: 1 },
    );
    expect(kept.length).toBe(now.size);
    for (const o of kept) expect(JSON.stringify(o.telemetry)).toBe(now.get(o.timeMs));
  });
});
