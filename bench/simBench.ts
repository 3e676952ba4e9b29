/**
 * Simulator benchmarks: events per second and simulated seconds per wall second for the default
 * scenario and a one-hour run of it, on the heap scheduler and, for comparison, on RxJS's own
 * VirtualTimeScheduler (which re-sorts its queue on every schedule and has no priority lanes, so
 * same-time events may run in another order there: it is here for speed only).
 */
import { VirtualTimeScheduler, VirtualAction } from 'rxjs';
import type { Policy } from '../policies/types.js';
import type { Scenario } from '../scenarios/types.js';
import type { Lanes } from '../sim/heapScheduler.js';
import { streams } from '../sim/random.js';
import { runLoop } from '../sim/runLoop.js';
import { simulate, simulationSetup, twinBoardFor } from '../sim/simulate.js';

/** One timed simulation. */
export interface SimRun {
  /** Wall-clock time, ms. */
  wallMs: number;
  /** Scheduler events run. */
  events: number;
  /** Events per wall-clock second. */
  eventsPerS: number;
  /** Simulated seconds per wall-clock second. */
  simulatedSPerWallS: number;
}

/** Simulates a scenario for durationS on the heap scheduler and times it. */
export function timeSimulation(scenario: Scenario, policy: Policy, durationS: number): SimRun {
  const start = process.hrtime.bigint();
  const result = simulate(scenario, policy, { durationS });
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
  return {
    wallMs,
    events: result.events,
    eventsPerS: result.events / (wallMs / 1000),
    simulatedSPerWallS: durationS / (wallMs / 1000),
  };
}

/** The same loop on RxJS's VirtualTimeScheduler: every lane is the one scheduler. */
export function timeOnVirtualTimeScheduler(scenarioIn: Scenario, policy: Policy, durationS: number): SimRun {
  const { scenario, platform, dnn } = simulationSetup(scenarioIn, { durationS });
  const durationMs = durationS * 1000;
  const vts = new VirtualTimeScheduler(VirtualAction, durationMs + 1);
  let events = 0;
  // Count executed actions by wrapping schedule().
  const counted = {
    now: () => vts.now(),
    schedule: ((work: (this: unknown, state?: unknown) => void, delay?: number, state?: unknown) =>
      vts.schedule(
        function (this: unknown, s?: unknown) {
          events++;
          work.call(this, s);
        },
        delay,
        state,
      )) as VirtualTimeScheduler['schedule'],
  };
  const lanes: Lanes = { now: () => vts.now(), lane: () => counted };
  const start = process.hrtime.bigint();
  let failure: { error: unknown } | undefined;
  const subscription = runLoop({
    scenario,
    platform,
    dnn,
    policy,
    lanes,
    random: streams(scenario.seed),
    createBoard: twinBoardFor(scenario, platform, dnn),
  }).subscribe({ error: (error: unknown) => (failure = { error }) });
  try {
    vts.flush();
  } catch (error) {
    failure ??= { error };
  }
  subscription.unsubscribe();
  if (failure) throw failure.error;
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
  return { wallMs, events, eventsPerS: events / (wallMs / 1000), simulatedSPerWallS: durationS / (wallMs / 1000) };
}

/**
 * Live heap sampled during one long run (after a full GC when node runs with --expose-gc): flat
 * samples mean the run's memory does not grow with simulated time.
 */
export function heapDuringRun(
  scenario: Scenario,
  policy: Policy,
  durationS: number,
  samples = 6,
): { simulatedS: number; heapMB: number }[] {
  const gc = (globalThis as { gc?: () => void }).gc;
  const everyMs = (durationS * 1000) / samples;
  let next = everyMs;
  const out: { simulatedS: number; heapMB: number }[] = [];
  simulate(scenario, policy, {
    durationS,
    trace: (e) => {
      if (e.kind !== 'inference' || e.t < next) return;
      next += everyMs;
      gc?.();
      out.push({
        simulatedS: Math.round(e.t / 1000),
        heapMB: Math.round((process.memoryUsage().heapUsed / 2 ** 20) * 10) / 10,
      });
    },
  });
  return out;
}
