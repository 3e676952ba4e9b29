/**
 * Seeded random numbers: mulberry32, a 32-bit generator that is small, fast and good enough for
 * noise and arrival times. Each consumer gets its own stream so adding a draw in one place does not
 * shift the numbers another sees.
 */
export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  /** Standard normal (Box-Muller). */
  normal(): number;
}

/**
 * Where a stream stood: its state and the second normal of a Box-Muller pair still held back, as a
 * value or as the two uniforms it comes from (a skipped pair's).
 */
export interface RandomMark {
  /** The generator's 32-bit state. */
  readonly state: number;
  /** 0: none held; 1: `spare` is the value; 2: it comes from `u` and `t`. */
  readonly held: 0 | 1 | 2;
  /** The normal held back, when `held` is 1. */
  readonly spare: number;
  /** The pair's uniform in (0, 1] whose logarithm gives its radius, when `held` is 2. */
  readonly u: number;
  /** The pair's uniform in [0, 1) that gives its angle, when `held` is 2. */
  readonly t: number;
}

/**
 * A stream whose normal() draws can be passed over now and made later, exactly as they would have
 * been: the sensor noise of a read no policy looks at costs a few integer steps instead of the
 * logarithms and sines (sensors.ts).
 */
export interface ReplayableRandom extends Random {
  /** Where the stream stands now. */
  mark(): RandomMark;
  /** Moves on as n normal() draws would, without working them out. */
  skipNormals(n: number): void;
}

/** A seeded stream of random numbers (mulberry32): the same seed gives the same draws. */
export function createRandom(seed: number): Random {
  return replayable({ state: seed >>> 0, held: 0, spare: 0, u: 0, t: 0 });
}

/** A stream that goes on from a mark: the same draws the marked stream made from there. */
export function randomFrom(mark: RandomMark): ReplayableRandom {
  return replayable(mark);
}

/** Whether a stream can be marked and skipped ({@link createRandom}'s can). */
export function isReplayable(random: Random): random is ReplayableRandom {
  return (
    typeof (random as Partial<ReplayableRandom>).mark === 'function' &&
    typeof (random as Partial<ReplayableRandom>).skipNormals === 'function'
  );
}

function replayable(from: RandomMark): ReplayableRandom {
  let a = from.state;
  let held = from.held;
  let spare = from.spare;
  let spareU = from.u;
  let spareT = from.t;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    normal(): number {
      if (held === 1) {
        held = 0;
        return spare;
      }
      if (held === 2) {
        // The same operations, on the same two uniforms, as when the pair is drawn whole (below).
        held = 0;
        return Math.sqrt(-2 * Math.log(spareU)) * Math.sin(2 * Math.PI * spareT);
      }
      let u = next();
      while (u === 0) u = next();
      const r = Math.sqrt(-2 * Math.log(u));
      const theta = 2 * Math.PI * next();
      spare = r * Math.sin(theta);
      held = 1;
      return r * Math.cos(theta);
    },
    mark: () => ({ state: a, held, spare, u: spareU, t: spareT }),
    skipNormals(n: number): void {
      let left = n;
      if (left > 0 && held !== 0) {
        held = 0;
        left--;
      }
      // Whole pairs: only u is worked out (a zero is drawn again); the angle's draw just moves the state on.
      for (; left >= 2; left -= 2) {
        while (next() === 0);
        a = (a + 0x6d2b79f5) >>> 0;
      }
      if (left === 1) {
        let u = next();
        while (u === 0) u = next();
        spareU = u;
        spareT = next();
        held = 2;
      }
    },
  };
}

/**
 * Independent streams of one run, derived from the scenario's seed. `images` (the measured images
 * anytime inference draws) came later: its seed is mixed so it meets no other seed's streams.
 */
export function streams(seed: number): { arrivals: Random; sensors: Random; policy: Random; images: Random } {
  return {
    arrivals: createRandom(seed * 3 + 1),
    sensors: createRandom(seed * 3 + 2),
    policy: createRandom(seed * 3 + 3),
    images: createRandom(Math.imul(seed ^ 0x6a09e667, 0x9e3779b1)),
  };
}
