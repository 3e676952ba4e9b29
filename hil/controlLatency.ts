/**
 * How late a board's decisions take effect: from a control tick's due time (a whole number of
 * control periods from the start) to the `apply` event that put its decision in force. On a board
 * that is the timer's lateness, the sensor read and decide() before the decision, and the sysfs
 * writes after it; in the twin it is 0 unless asked for (simulate --control-latency-ms). A
 * load-following governor that changes the clock every tick is sensitive to it, so the null test
 * gives the twin the run's own median. Only decisions that change clocks alone count: one that changes
 * the mapping waits for the inference in flight by design (DESIGN.md, the board), in both.
 */
import type { Configuration } from '../models/types.js';
import type { TraceEvent } from '../sim/traceEvents.js';

/** The delay from a control tick's due time to its decision's `apply` event, over a run's decisions. */
export interface ControlLatency {
  /** Decisions that were put in force (each one sample). */
  decisions: number;
  /** 5th percentile, ms. */
  p5Ms: number;
  /** Median, ms. */
  medianMs: number;
  /** 95th percentile, ms. */
  p95Ms: number;
}

/** Share of a period a timer may fire early (Node's timers can, by up to about a millisecond). */
const EARLY_SHARE = 0.25;

function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

/**
 * Measures a trace's control latency.
 * @param controlPeriodMs the run's control period
 * @returns null when no decision was put in force
 */
export function controlLatency(events: readonly TraceEvent[], controlPeriodMs: number): ControlLatency | null {
  const samples: number[] = [];
  let dueMs: number | null = null;
  let inForce: Configuration | null = null;
  for (const e of events) {
    if (e.kind === 'decision') {
      const clocksOnly =
        inForce !== null &&
        e.config.groups === inForce.groups &&
        e.config.unit === inForce.unit &&
        e.config.cores === inForce.cores;
      // The tick it came from: the due time at or before it, allowing a timer that fired early.
      dueMs = clocksOnly ? controlPeriodMs * Math.floor(e.t / controlPeriodMs + EARLY_SHARE) : null;
    } else if (e.kind === 'apply') {
      if (dueMs !== null) samples.push(Math.max(0, e.t - dueMs));
      dueMs = null;
      inForce = e.config;
    }
  }
  if (samples.length === 0) return null;
  samples.sort((a, b) => a - b);
  return {
    decisions: samples.length,
    p5Ms: quantile(samples, 0.05),
    medianMs: quantile(samples, 0.5),
    p95Ms: quantile(samples, 0.95),
  };
}
