/**
 * A policy's decision checked before it reaches the board: a real configuration of the platform
 * within the power mode in force. Anything else is refused with the reason, never thrown.
 */
import type { Dnn } from '../dnn/types.js';
import { checkConfiguration } from '../models/checkConfiguration.js';
import { compilePlatform } from '../models/compilePlatform.js';
import type { Configuration, Platform } from '../models/types.js';

/** A decision taken (the checked, complete configuration) or refused (why, and what the policy gave). */
export type CheckedDecision = { ok: true; config: Configuration } | { ok: false; reason: string; decision: unknown };

function isShaped(d: unknown): d is Configuration {
  if (typeof d !== 'object' || d === null) return false;
  const c = d as Record<string, unknown>;
  return (
    typeof c.groups === 'number' &&
    typeof c.unit === 'string' &&
    typeof c.cores === 'number' &&
    typeof c.freqMHz === 'object' &&
    c.freqMHz !== null &&
    Object.values(c.freqMHz as object).every((f) => typeof f === 'number')
  );
}

/**
 * What a rejected decision is recorded as in the trace: the value if it is plain JSON, else a short
 * description (a cyclic object, a BigInt or a throwing getter must not break the trace).
 */
export function traceableDecision(decision: unknown): unknown {
  try {
    const text = JSON.stringify(decision);
    return text === undefined ? String(typeof decision) : (JSON.parse(text) as unknown);
  } catch (err) {
    return `[not serialisable: ${err instanceof Error ? err.message : String(err)}]`;
  }
}

/**
 * Checks a decision, whatever the policy returned: a value whose getters throw, a Proxy, a cyclic or
 * BigInt-holding object are refused with the reason, never thrown. The configuration that goes on is
 * a fresh copy, so nothing the policy keeps can change it later.
 */
export function checkDecision(
  decision: unknown,
  platform: Platform,
  dnn: Dnn,
  powerMode: string | null,
): CheckedDecision {
  try {
    if (!isShaped(decision))
      return {
        ok: false,
        reason: 'not a configuration { groups, unit, cores, freqMHz: { unit: MHz } }',
        decision: traceableDecision(decision),
      };
    return { ok: true, config: checkConfiguration(platform, dnn, decision, powerMode ?? undefined) };
  } catch (err) {
    return {
      ok: false,
      reason: err instanceof Error ? err.message : String(err),
      decision: traceableDecision(decision),
    };
  }
}

/** Bounds a checker's memo, so memory stays flat whatever a policy asks for. */
const MEMO_LIMIT = 4096;

/**
 * checkDecision for one run, remembering the configurations it let through: a governor asks for the
 * same few clocks thousands of times an hour, and a decision that names the same groups, unit,
 * cores and operating points as one already checked (with no confidence threshold, every field a
 * plain number or string, no other key) gets the same checked configuration again. The checked
 * configuration is the run's own (never handed to the policy), so one object can stand for all of
 * them. Anything else (a Proxy or a getter that throws included) goes through checkDecision as it comes.
 */
export function decisionChecker(
  platform: Platform,
  dnn: Dnn,
): (decision: unknown, powerMode: string | null) => CheckedDecision {
  const cp = compilePlatform(platform);
  const units = cp.units;
  const memo = new Map<string | null, Map<number, CheckedDecision>>();
  let size = 0;
  /** The decision as one number, or null where it is not a plain one (it is then checked as it comes). */
  const keyOf = (d: unknown): number | null => {
    if (typeof d !== 'object' || d === null) return null;
    const c = d as Record<string, unknown>;
    const groups = c.groups;
    const unit = c.unit;
    const cores = c.cores;
    const freqMHz = c.freqMHz;
    if (
      typeof groups !== 'number' ||
      typeof unit !== 'string' ||
      typeof cores !== 'number' ||
      typeof freqMHz !== 'object' ||
      freqMHz === null
    )
      return null;
    if (c.confidenceThreshold !== undefined) return null;
    const u = cp.unitIndex.get(unit);
    if (
      u === undefined ||
      u >= 16 ||
      !Number.isInteger(groups) ||
      groups < 1 ||
      groups > 63 ||
      !Number.isInteger(cores) ||
      cores < 1 ||
      cores > 255
    )
      return null;
    let key = (groups * 16 + u) * 256 + cores;
    const f = freqMHz as Record<string, unknown>;
    for (let i = 0; i < units.length; i++) {
      const cu = units[i]!;
      const given = f[cu.unit.id];
      let j = cu.freqs.length;
      if (given !== undefined) {
        if (typeof given !== 'number') return null;
        const k = cu.oppIndex.get(given);
        if (k === undefined) return null;
        j = k;
      }
      key = key * (cu.freqs.length + 1) + j;
    }
    // No key but the units', each a number (anything else is checked as it comes, to be refused with its reason).
    for (const id in f) if (!cp.unitIndex.has(id) || typeof f[id] !== 'number') return null;
    return Number.isSafeInteger(key) ? key : null;
  };
  return (decision, powerMode) => {
    let key: number | null;
    try {
      key = keyOf(decision);
    } catch {
      key = null; // a throwing getter or Proxy: checkDecision says why
    }
    if (key === null) return checkDecision(decision, platform, dnn, powerMode);
    let byKey = memo.get(powerMode);
    const hit = byKey?.get(key);
    if (hit) return hit;
    const checked = checkDecision(decision, platform, dnn, powerMode);
    if (!checked.ok) return checked;
    if (size >= MEMO_LIMIT) {
      memo.clear();
      size = 0;
      byKey = undefined;
    }
    if (!byKey) {
      byKey = new Map();
      memo.set(powerMode, byKey);
    }
    byKey.set(key, checked);
    size++;
    return checked;
  };
}
