/**
 * Arbitrary power-mode timelines: the mode a run starts in and a few switches (nvpmodel on a
 * Jetson). On a platform without modes: no mode, no switch.
 */
import fc from 'fast-check';
import type { Platform } from '../../models/types.js';
import type { PowerModeChange } from '../../scenarios/types.js';

/** A run's power modes: the one it starts in and the switches during it. */
export interface PowerModeTimeline {
  /** The starting mode, null on a platform without modes. */
  start: string | null;
  /** The switches, in time order. */
  changes: PowerModeChange[];
}

/** What powerModeTimelineArb draws: the run's length, and how many switches at most. */
export interface PowerModeTimelineConstraints {
  /** Length of the run, ms (switches fall inside it). */
  durationMs: number;
  /** @defaultValue 1 */
  maxChanges?: number;
}

/**
 * Arbitrary power-mode timelines (nvpmodel on a Jetson): the starting mode and a few switches; on a
 * platform without modes, no mode and no switch. Shrinks towards the default mode and no switch.
 */
export function powerModeTimelineArb(
  platform: Platform,
  constraints: PowerModeTimelineConstraints,
): fc.Arbitrary<PowerModeTimeline> {
  if (platform.powerModes.length === 0) return fc.constant({ start: null, changes: [] });
  // The default mode first, so shrinking lands on it.
  const modes = [
    platform.defaultPowerMode!,
    ...platform.powerModes.map((m) => m.id).filter((m) => m !== platform.defaultPowerMode),
  ];
  const last = Math.max(1, Math.floor(constraints.durationMs) - 1);
  return fc
    .record({
      start: fc.constantFrom(...modes),
      changes: fc.array(fc.record({ atMs: fc.integer({ min: 1, max: last }), mode: fc.constantFrom(...modes) }), {
        maxLength: constraints.maxChanges ?? 1,
      }),
    })
    .map(({ start, changes }) => ({
      start,
      changes: changes.sort((a, b) => a.atMs - b.atMs).map((c) => ({ atS: c.atMs / 1000, mode: c.mode })),
    }));
}
