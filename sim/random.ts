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

export function createRandom(seed: number): Random {
  let a = seed >>> 0;
  let spare: number | null = null;
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
      if (spare !== null) {
        const s = spare;
        spare = null;
        return s;
      }
      let u = next();
      while (u === 0) u = next();
      const r = Math.sqrt(-2 * Math.log(u));
      const theta = 2 * Math.PI * next();
      spare = r * Math.sin(theta);
      return r * Math.cos(theta);
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
