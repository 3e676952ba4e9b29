/**
 * A matrix's runs: the product of its axes (policy variants x scenarios x the platform files for each
 * scenario's platform x durations x seeds), less what the filters leave out, sorted by key. Pure: what
 * it needs to know of scenarios and files comes from a catalogue the caller gives.
 */
import { InputError, unknownName } from '../../dnn/inputError.js';
import { applyFilters } from './filters.js';
import { compareKeys, keyId, normaliseKey, policyLabel, type RunKey } from './keys.js';
import type { PolicyEntry, SweepMatrix } from './matrix.js';

/** What the expansion needs to know beyond the matrix. */
export interface Catalogue {
  /** Names of the built-in policies, in their listing order ('all' expands to these). */
  builtinPolicies: readonly string[];
  /** Whether an entry names a policy file rather than a built-in policy. */
  isPolicyFile(entry: string): boolean;
  /** A scenario's platform and its own duration and seed; throws InputError for an unknown one. */
  scenario(nameOrPath: string): { platform: string; durationS: number; seed: number };
  /** The platform a platform file describes; throws for a bad file. */
  platformFile(path: string): { platform: string };
}

/** One policy variant: a policy with (or without) one combination of tunable values. */
export interface PolicyVariant {
  policy: string;
  tunables?: Record<string, number>;
  /** Where the matrix gives it: "policies[2]". */
  at: string;
}

function product<T>(lists: readonly (readonly T[])[]): T[][] {
  return lists.reduce<T[][]>((acc, list) => acc.flatMap((prefix) => list.map((v) => [...prefix, v])), [[]]);
}

function refuseRepeats<T>(values: readonly T[], where: string, axis: string, show: (v: T) => string = String): void {
  const seen = new Set<string>();
  for (const v of values) {
    const id = JSON.stringify(v);
    if (seen.has(id)) throw new InputError(`${where}: ${axis}: ${show(v)} is given twice`);
    seen.add(id);
  }
}

/** The policy variants of the policies axis, in order; tunable grids expanded. */
export function policyVariants(entries: readonly PolicyEntry[], catalogue: Catalogue, where: string): PolicyVariant[] {
  const variants: PolicyVariant[] = [];
  const firstAt = new Map<string, string>();
  const add = (v: PolicyVariant) => {
    const label = policyLabel(v);
    const earlier = firstAt.get(label);
    if (earlier !== undefined) throw new InputError(`${where}: ${v.at} repeats ${label}, already given by ${earlier}`);
    firstAt.set(label, v.at);
    variants.push(v);
  };
  const builtin = (name: string, at: string) => {
    if (!catalogue.builtinPolicies.includes(name)) {
      const e = unknownName('policy', name, [...catalogue.builtinPolicies, "'all'", 'or a policy file']);
      throw new InputError(`${where}: ${at}: ${e.message}`);
    }
  };
  entries.forEach((entry, i) => {
    const at = `policies[${i}]`;
    if (typeof entry === 'string') {
      if (entry === 'all') for (const name of catalogue.builtinPolicies) add({ policy: name, at });
      else if (catalogue.isPolicyFile(entry)) add({ policy: entry, at });
      else {
        builtin(entry, at);
        add({ policy: entry, at });
      }
      return;
    }
    if (catalogue.isPolicyFile(entry.policy))
      throw new InputError(
        `${where}: ${at}.tunables: tunables apply to built-in policies only, not to the file ${entry.policy}`,
      );
    builtin(entry.policy, at);
    const names = Object.keys(entry.tunables).sort();
    const lists = names.map((n) => {
      const v = entry.tunables[n]!;
      const list = Array.isArray(v) ? v : [v];
      refuseRepeats(list, where, `${at}.tunables.${n}`);
      return list;
    });
    for (const combination of product(lists)) {
      add({
        policy: entry.policy,
        ...(names.length > 0 ? { tunables: Object.fromEntries(names.map((n, j) => [n, combination[j]!])) } : {}),
        at,
      });
    }
  });
  return variants;
}

/** The seeds axis as a list (null: each scenario's own seed). */
export function seedList(seeds: SweepMatrix['seeds'], where: string): number[] | null {
  if (seeds === undefined) return null;
  if (Array.isArray(seeds)) {
    refuseRepeats(seeds, where, 'seeds');
    return seeds;
  }
  if (seeds.from > seeds.to) throw new InputError(`${where}: seeds: from ${seeds.from} is above to ${seeds.to}`);
  if (seeds.to - seeds.from >= 1_000_000)
    throw new InputError(`${where}: seeds: ${seeds.from}..${seeds.to} is more than a million seeds`);
  return Array.from({ length: seeds.to - seeds.from + 1 }, (_, i) => seeds.from + i);
}

/**
 * Every run of the matrix, sorted by key (compareKeys), each key once.
 *
 * @param where - the matrix file as the user named it, for messages
 * @throws InputError naming the file and the axis entry at fault: an unknown policy or scenario, a
 *   value given twice, a scenario with no platform entry for its platform, a platform file no scenario
 *   runs on, a filter that matches nothing, or an empty product
 */
export function expandMatrix(matrix: SweepMatrix, catalogue: Catalogue, where: string): RunKey[] {
  const variants = policyVariants(matrix.policies, catalogue, where);
  refuseRepeats(matrix.scenarios, where, 'scenarios');
  const durations =
    matrix.durationS === undefined ? null : Array.isArray(matrix.durationS) ? matrix.durationS : [matrix.durationS];
  if (durations) refuseRepeats(durations, where, 'durationS');
  const seeds = seedList(matrix.seeds, where);
  const platformFiles = matrix.platformFiles ?? [null];
  refuseRepeats(platformFiles, where, 'platformFiles');
  const filePlatforms = platformFiles.map((p, j) => {
    if (p === null) return null;
    try {
      return catalogue.platformFile(p).platform;
    } catch (err) {
      throw new InputError(`${where}: platformFiles[${j}]: ${(err as Error).message}`, { cause: err });
    }
  });
  const scenarios = matrix.scenarios.map((s, i) => {
    try {
      return { name: s, ...catalogue.scenario(s) };
    } catch (err) {
      throw new InputError(`${where}: scenarios[${i}]: ${(err as Error).message}`, { cause: err });
    }
  });
  filePlatforms.forEach((platform, j) => {
    if (platform !== null && !scenarios.some((s) => s.platform === platform)) {
      throw new InputError(
        `${where}: platformFiles[${j}]: ${platformFiles[j]} is for '${platform}', which no scenario of the matrix runs on`,
      );
    }
  });
  const keys: RunKey[] = [];
  scenarios.forEach((s, i) => {
    const fitting = platformFiles.filter((_, j) => filePlatforms[j] === null || filePlatforms[j] === s.platform);
    if (fitting.length === 0)
      throw new InputError(
        `${where}: scenarios[${i}]: ${s.name} runs on '${s.platform}' and no entry of platformFiles is for it (add null for its built-in platform)`,
      );
    for (const v of variants)
      for (const platformFile of fitting)
        for (const durationS of durations ?? [s.durationS])
          for (const seed of seeds ?? [s.seed])
            keys.push(
              normaliseKey({
                policy: v.policy,
                ...(v.tunables ? { tunables: v.tunables } : {}),
                scenario: s.name,
                ...(platformFile !== null ? { platformFile } : {}),
                durationS,
                seed,
              }),
            );
  });
  const kept = applyFilters(
    keys,
    { ...(matrix.include ? { include: matrix.include } : {}), ...(matrix.exclude ? { exclude: matrix.exclude } : {}) },
    where,
  );
  if (kept.length === 0)
    throw new InputError(
      `${where}: the product is empty: the filters (include/exclude) leave no run of ${keys.length}`,
    );
  // Distinct by construction (every axis refuses repeats); checked so a change here cannot break it.
  if (new Set(kept.map(keyId)).size !== kept.length) throw new Error('matrix expansion gave a key twice');
  return kept.sort(compareKeys);
}
