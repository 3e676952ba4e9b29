/**
 * A policy's decision checked before it reaches the board: a real configuration of the platform
 * within the power mode in force. Anything else is refused with the reason, never thrown.
 */
import type { Dnn } from '../dnn/types.js';
import { checkConfiguration } from '../models/checkConfiguration.js';
import type { Configuration, Platform } from '../models/types.js';

export type CheckedDecision = { ok: true; config: Configuration } | { ok: false; reason: string };

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

export function checkDecision(decision: unknown, platform: Platform, dnn: Dnn, powerMode: string | null): CheckedDecision {
  if (!isShaped(decision)) return { ok: false, reason: 'not a configuration { groups, unit, cores, freqMHz: { unit: MHz } }' };
  try {
    return { ok: true, config: checkConfiguration(platform, dnn, decision, powerMode ?? undefined) };
  } catch (err) {
    return { ok: false, reason: err instanceof Error ? err.message : String(err) };
  }
}
