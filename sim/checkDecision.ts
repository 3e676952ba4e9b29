/**
 * A policy's decision checked before it reaches the board: a real configuration of the platform
 * within the power mode in force. Anything else is refused with the reason, never thrown.
 */
import type { Dnn } from '../dnn/types.js';
import { checkConfiguration } from '../models/checkConfiguration.js';
import type { Configuration, Platform } from '../models/types.js';

export type CheckedDecision = { ok: true; config: Configuration } | { ok: false; reason: string; decision: unknown };

function isShaped(d: unknown): d is Configuration {
  if (typeof d !== 'object' || d === null) return false;
  const c = d as Record<string, unknown>;
  return (
    typeof c['groups'] === 'number' &&
    typeof c['unit'] === 'string' &&
    typeof c['cores'] === 'number' &&
    typeof c['freqMHz'] === 'object' &&
    c['freqMHz'] !== null &&
    Object.values(c['freqMHz'] as object).every((f) => typeof f === 'number')
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
export function checkDecision(decision: unknown, platform: Platform, dnn: Dnn, powerMode: string | null): CheckedDecision {
  try {
    if (!isShaped(decision)) return { ok: false, reason: 'not a configuration { groups, unit, cores, freqMHz: { unit: MHz } }', decision: traceableDecision(decision) };
    return { ok: true, config: checkConfiguration(platform, dnn, decision, powerMode ?? undefined) };
  } catch (err) {
    return { ok: false, reason: err instanceof Error ? err.message : String(err), decision: traceableDecision(decision) };
  }
}
