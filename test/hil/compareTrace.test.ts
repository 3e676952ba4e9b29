import { describe, expect, it } from 'vitest';
import { networkById } from '../../dnn/builtinNetworks.js';
import { compareTrace } from '../../hil/compareTrace.js';
import { platformById } from '../../models/builtinPlatforms.js';
import { createRtm } from '../../policies/rtm.js';
import { scenarioById } from '../../scenarios/builtinScenarios.js';
import { simulate } from '../../sim/simulate.js';
import type { TraceEvent } from '../../sim/traceEvents.js';

function traced(id: string, durationS: number): TraceEvent[] {
  const events: TraceEvent[] = [];
  simulate(scenarioById(id), createRtm(), { durationS, trace: (e) => events.push(e) });
  return events;
}

describe('compareTrace', () => {
  const scenario = scenarioById('xu3-corunner');
  const events = traced('xu3-corunner', 20);
  const c = compareTrace(events, scenario, platformById('odroid-xu3'), networkById('alexnet-cifar10-g4'));

  it('should find the twin agrees with its own run: latency exactly, energy and power within 1 %', () => {
    expect(c.power).toBe('twin');
    expect(c.latency!.n).toBe(600);
    expect(c.latency!.mape).toBeLessThan(0.01);
    expect(c.energy!.mape).toBeLessThan(1);
    expect(c.powerAccuracy!.mape).toBeLessThan(1);
  });

  it('should give one row per window with the inferences that ended in it', () => {
    expect(c.windows).toHaveLength(20);
    expect(c.windows.reduce((s, w) => s + w.inferences, 0)).toBe(600);
    expect(c.windows[0]).toMatchObject({ startS: 0, endS: 1 });
  });

  it('should see a board that is really slower than the model', () => {
    const slow = compareTrace(
      traced('xu3-model-error', 5),
      scenarioById('xu3-model-error'),
      platformById('odroid-xu3'),
      networkById('alexnet-cifar10-g4'),
    );
    // The board runs 1.3 x slower than the model: every prediction is 1 - 1/1.3 = 23 % short.
    expect(slow.latency!.mape).toBeCloseTo(100 * (1 - 1 / 1.3), 0);
  });

  it('should not compare power that was only modelled', () => {
    const modelled = events.map((e) =>
      e.kind === 'run' ? { ...e, board: { kind: 'real' as const, profile: 'local', power: 'modelled' as const } } : e,
    );
    const m = compareTrace(modelled, scenario, platformById('odroid-xu3'), networkById('alexnet-cifar10-g4'));
    expect(m.powerAccuracy).toBeNull();
    expect(m.energy).toBeNull();
    expect(m.latency!.n).toBe(600);
  });

  it("should replay the load of co-workloads a board ran outside the trace (rt-app's), at their own times", () => {
    // The twin's own run of an rt-app scenario, its trace stripped of the rt-app stretches' events as
    // hil run leaves them out when the real rt-app runs the workload.
    const browser = scenarioById('xu3-browser');
    const full = traced('xu3-browser', 20);
    const stretch = (e: TraceEvent) => e.kind === 'coworkload' && e.name.startsWith('browser:');
    expect(full.some(stretch)).toBe(true);
    const stripped = full.filter((e) => !stretch(e));
    const platform = platformById('odroid-xu3');
    const dnn = networkById('alexnet-cifar10-g4');
    const without = compareTrace(stripped, browser, platform, dnn);
    const replayed = compareTrace(
      stripped,
      browser,
      platform,
      dnn,
      1,
      browser.coworkloads.filter((c) => c.name.startsWith('browser:')),
    );
    // Without the load the twin predicts the inferences under it too fast; with it, exactly as from
    // the trace that has the stretches' events.
    expect(without.latency!.mape).toBeGreaterThan(1);
    expect(replayed).toEqual(compareTrace(full, browser, platform, dnn));
  });

  it('should refuse a trace without a run event', () => {
    expect(() => compareTrace([], scenario, platformById('odroid-xu3'), networkById('alexnet-cifar10-g4'))).toThrow(
      /no run event/,
    );
  });
});
