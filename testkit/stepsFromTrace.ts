/**
 * The steps of a run rebuilt from its `twinrtm simulate` trace and its scenario: a counterexample
 * replayed on the command line is judged by the same rules as the run that found it.
 *
 * The conditions at each control tick come from the scenario's timelines (the loop applies them
 * before the tick at the same time); the configuration from the initial one, the `decision` events
 * and, at a power-mode switch, the board's clamp to the new mode's limits.
 */
import type { Dnn } from '../dnn/types.js';
import { allowedFreqs, powerModeOf } from '../models/checkConfiguration.js';
import { highestAtOrBelow } from '../models/thermalCapMHz.js';
import type { Configuration, Platform } from '../models/types.js';
import type { Scenario } from '../scenarios/types.js';
import { activeAt, budgetsAt, contentionOf } from '../sim/scenarioTimeline.js';
import type { TraceEvent } from '../sim/traceEvents.js';
import { judgeDecision } from './judgeDecision.js';
import { decisionJson, type Step } from './step.js';

/** Trace times and tick times are both sums of the control period; this absorbs rounding. */
const EPS_MS = 1e-6;

/** The board's clamp at a power-mode switch (sim/twinBoard.ts clampToMode). */
function clampToMode(platform: Platform, mode: string | null, config: Configuration): Configuration {
  const m = powerModeOf(platform, mode ?? undefined);
  if (!m) return config;
  const freqMHz: Record<string, number> = {};
  for (const u of platform.units) {
    const allowed = allowedFreqs(
      u.opps.points.map((p) => p.freqMHz),
      m.limits[u.id],
    );
    freqMHz[u.id] = highestAtOrBelow(allowed, config.freqMHz[u.id]!);
  }
  return { ...config, cores: Math.min(config.cores, m.limits[config.unit]?.maxCores ?? Infinity), freqMHz };
}

/**
 * @param events - the trace of one run, in the order it was written
 * @param scenario - the scenario that run (checked, defaults filled)
 * @param platform - the platform it ran on
 * @returns one step per control tick, as the recorder would have kept them (decisions that kept the
 *   configuration read as null)
 */
export function stepsFromTrace(
  events: readonly TraceEvent[],
  scenario: Scenario,
  platform: Platform,
  dnn: Dnn,
): Step[] {
  const cp = scenario.controlPeriodMs;
  const durationMs = scenario.durationS * 1000;
  const initialMode = scenario.powerMode ?? platform.defaultPowerMode;
  const unitOf = new Map(platform.units.map((u) => [u.id, u]));
  const byTick = events.filter((e) => e.kind === 'decision' || e.kind === 'rejected');
  let next = 0;
  let config = scenario.initialConfig;
  let mode = initialMode;
  let nextMode = 0;
  const steps: Step[] = [];
  let period = 0;
  for (let t = cp; t <= durationMs + EPS_MS; t += cp) {
    period += 1;
    // Every switch clamps, in file order, even one undone at the same instant.
    while (nextMode < scenario.powerModes.length && scenario.powerModes[nextMode]!.atS * 1000 <= t) {
      mode = scenario.powerModes[nextMode++]!.mode;
      config = clampToMode(platform, mode, config);
    }
    const contention = contentionOf(
      activeAt(scenario, t),
      (u) => unitOf.get(u)!.cores,
      (u) => unitOf.get(u)!.kind === 'gpu',
    );
    const freeCores: Record<string, number> = {};
    for (const u of platform.units)
      freeCores[u.id] = u.kind === 'gpu' ? 1 : u.cores - (contention.busyCores?.[u.id] ?? 0);
    const before = config;
    let step: Step = {
      period,
      timeMs: t,
      budgets: budgetsAt(scenario, t),
      freeCores,
      powerMode: mode,
      configBefore: before,
      decision: null,
      threw: null,
      invalid: null,
      configAfter: before,
    };
    while (next < byTick.length && byTick[next]!.t <= t + EPS_MS) {
      const e = byTick[next++]!;
      if (e.kind === 'rejected') {
        const threw = e.reason.startsWith('decide() threw: ') ? e.reason.slice('decide() threw: '.length) : null;
        step = { ...step, decision: decisionJson(e.decision), threw, invalid: e.reason };
      } else if (e.kind === 'decision') {
        const judged = judgeDecision(e.config, before, freeCores, mode, platform, dnn);
        config = judged.configAfter;
        step = { ...step, decision: decisionJson(e.config), invalid: judged.invalid, configAfter: config };
      }
    }
    steps.push(step);
  }
  return steps;
}
