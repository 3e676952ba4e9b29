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
  /** The next n normal() draws, in order, into out[0..n) (the same values, without a call per draw). */
  fillNormals(out: Float64Array, n: number): void;
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
    typeof (random as Partial<ReplayableRandom>).skipNormals === 'function' &&
    typeof (random as Partial<ReplayableRandom>).fillNormals === 'function'
  );
}

function replayable(from: RandomMark): ReplayableRandom {
  return new Mulberry32(from);
}

/**
 * The generator as a class: its state in fields, its draws as methods. A closure over `let`s cost
 * each draw a context load and store per variable, about half again the time of a draw.
 */
class Mulberry32 implements ReplayableRandom {
  private a: number;
  private held: 0 | 1 | 2;
  private spare: number;
  /** The cosine half of the pair drawn last (drawPair). */
  private first = 0;
  private spareU: number;
  private spareT: number;

  constructor(from: RandomMark) {
    this.a = from.state;
    this.held = from.held;
    this.spare = from.spare;
    this.spareU = from.u;
    this.spareT = from.t;
  }

  next(): number {
    this.a = (this.a + 0x6d2b79f5) >>> 0;
    let t = this.a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  normal(): number {
    if (this.held !== 0) return this.heldNormal();
    this.drawPair();
    this.held = 1;
    return this.first;
  }

  fillNormals(out: Float64Array, n: number): void {
    let i = 0;
    if (n > 0 && this.held !== 0) out[i++] = this.heldNormal();
    // normal()'s pairs: the cosine half, then the sine half or, at the end, the sine half held back.
    while (i < n) {
      this.drawPair();
      out[i++] = this.first;
      if (i < n) out[i++] = this.spare;
      else this.held = 1;
    }
  }

  /** A Box-Muller pair: its cosine half into `first`, its sine half into `spare`. */
  private drawPair(): void {
    let u = this.next();
    while (u === 0) u = this.next();
    const r = Math.sqrt(-2 * Math.log(u));
    const theta = 2 * Math.PI * this.next();
    this.first = r * Math.cos(theta);
    this.spare = r * Math.sin(theta);
  }

  /** The pair's second normal: kept, or worked out from its two uniforms (the same operations, on the same uniforms, as normal's). */
  private heldNormal(): number {
    const held = this.held;
    this.held = 0;
    if (held === 1) return this.spare;
    return Math.sqrt(-2 * Math.log(this.spareU)) * Math.sin(2 * Math.PI * this.spareT);
  }

  mark(): RandomMark {
    return { state: this.a, held: this.held, spare: this.spare, u: this.spareU, t: this.spareT };
  }

  skipNormals(n: number): void {
    let left = n;
    if (left > 0 && this.held !== 0) {
      this.held = 0;
      left--;
    }
    // Whole pairs: only u is worked out (a zero is drawn again); the angle's draw just moves the state on.
    for (; left >= 2; left -= 2) {
      while (this.next() === 0);
      this.a = (this.a + 0x6d2b79f5) >>> 0;
    }
    if (left === 1) {
      let u = this.next();
      while (u === 0) u = this.next();
      this.spareU = u;
      this.spareT = this.next();
      this.held = 2;
    }
  }
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
