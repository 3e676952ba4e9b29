/**
 * The key of one run of a sweep: which policy (and tunables), scenario, platform file, duration and
 * seed. Keys identify runs across workers, shards, resumes and merges, so they hold only what a
 * matrix file writes (names and paths as written), never absolute paths or anything of the machine.
 */

export interface RunKey {
  /** A built-in policy name, or a policy file's path as the matrix writes it. */
  policy: string;
  /** The tunables of this variant of a built-in policy (absent: the policy's defaults). */
  tunables?: Record<string, number>;
  /** A built-in scenario id, or a scenario file's path as the matrix writes it. */
  scenario: string;
  /** A platform file's path as the matrix writes it (absent: the scenario's built-in platform). */
  platformFile?: string;
  /** Simulated seconds. */
  durationS: number;
  seed: number;
}

/** The fields of a key that --by and the filters may name. */
export const KEY_FIELDS = ['policy', 'scenario', 'platformFile', 'durationS', 'seed'] as const;
export type KeyField = (typeof KEY_FIELDS)[number];

/** The key with its fields in one fixed order and tunables sorted by name (what lines carry). */
export function normaliseKey(key: RunKey): RunKey {
  const tunables =
    key.tunables === undefined
      ? undefined
      : Object.fromEntries(Object.entries(key.tunables).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return {
    policy: key.policy,
    ...(tunables !== undefined ? { tunables } : {}),
    scenario: key.scenario,
    ...(key.platformFile !== undefined ? { platformFile: key.platformFile } : {}),
    durationS: key.durationS,
    seed: key.seed,
  };
}

/** One string per key, equal for equal keys whatever their field order: for sets and maps. */
export function keyId(key: RunKey): string {
  return JSON.stringify(normaliseKey(key));
}

/** "schedutil" or "schedutil(rateLimitUs=1000)": the policy variant a key runs, for tables and groups. */
export function policyLabel(key: Pick<RunKey, 'policy' | 'tunables'>): string {
  const tunables = normaliseKey({ ...key, scenario: '', durationS: 0, seed: 0 }).tunables;
  if (tunables === undefined) return key.policy;
  return `${key.policy}(${Object.entries(tunables)
    .map(([k, v]) => `${k}=${v}`)
    .join(',')})`;
}

const byString = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The order of result files: policy, its tunables (by name, then numerically), scenario, platform
 * file (the built-in one first), duration and seed (numerically). Total: equal only for equal keys.
 */
export function compareKeys(a: RunKey, b: RunKey): number {
  const na = normaliseKey(a);
  const nb = normaliseKey(b);
  let c = byString(na.policy, nb.policy);
  if (c !== 0) return c;
  const ta = Object.entries(na.tunables ?? {});
  const tb = Object.entries(nb.tunables ?? {});
  for (let i = 0; i < Math.min(ta.length, tb.length); i++) {
    c = byString(ta[i]![0], tb[i]![0]) || ta[i]![1] - tb[i]![1];
    if (c !== 0) return c;
  }
  c = ta.length - tb.length;
  if (c !== 0) return c;
  c = byString(na.scenario, nb.scenario);
  if (c !== 0) return c;
  c =
    byString(na.platformFile ?? '', nb.platformFile ?? '') ||
    (na.platformFile === undefined ? 0 : 1) - (nb.platformFile === undefined ? 0 : 1);
  if (c !== 0) return c;
  return na.durationS - nb.durationS || na.seed - nb.seed;
}

/** The value of a key's field as --by and the filters see it (null: the built-in platform). */
export function keyField(key: RunKey, field: KeyField): string | number | null {
  switch (field) {
    case 'policy':
      return key.policy;
    case 'scenario':
      return key.scenario;
    case 'platformFile':
      return key.platformFile ?? null;
    case 'durationS':
      return key.durationS;
    case 'seed':
      return key.seed;
  }
}
