/**
 * The built-in scenarios as examples (STYLE item 14): each runs in full under rtm, and the claims
 * its description makes hold.
 */
import { describe, expect, it } from 'vitest';
import { createEnergyAware } from '../../policies/energyAware.js';
import { linuxGovernors } from '../../policies/linux/index.js';
import { createRtm } from '../../policies/rtm.js';
import { builtinScenarios, scenarioById } from '../../scenarios/builtinScenarios.js';
import { simulate } from '../../sim/simulate.js';
import type { Metrics } from '../../sim/metrics.js';
import type { TraceEvent } from '../../sim/traceEvents.js';
import { ofKind, traceCollector } from './helpers.js';

/** rtm on every built-in scenario, run once and shared by the tests below. */
const rtmRuns = new Map<string, { metrics: Metrics; events: TraceEvent[] }>();
function rtmRun(id: string): { metrics: Metrics; events: TraceEvent[] } {
  let run = rtmRuns.get(id);
  if (!run) {
    const t = traceCollector();
    run = { metrics: simulate(scenarioById(id), createRtm(), { trace: t.sink }).metrics, events: t.events };
    rtmRuns.set(id, run);
  }
  return run;
}

function governorMissRates(id: string): { name: string; missRate: number }[] {
  return linuxGovernors.map((g) => ({
    name: g.name,
    missRate: simulate(scenarioById(id), g.create()).metrics.deadlineMissRate ?? 0,
  }));
}

describe('every built-in scenario under rtm', () => {
  for (const s of builtinScenarios()) {
    it(`should run ${s.id} for its full ${s.durationS} s with every decision accepted`, () => {
      const { metrics } = rtmRun(s.id);
      expect(metrics.simulatedS).toBe(s.durationS);
      expect(metrics.rejectedDecisions).toBe(0);
      const fps = s.requests.kind === 'periodic' ? s.requests.fps : 30;
      expect(metrics.inferences).toBeGreaterThan(0.95 * fps * s.durationS);
    });

    it(`should miss at most 1 % of the deadlines of ${s.id}`, () => {
      expect(rtmRun(s.id).metrics.deadlineMissRate!).toBeLessThanOrEqual(0.01);
    });
  }
});

describe('xu3-corunner', () => {
  it('rtm misses no more deadlines than any Linux governor', () => {
    const rtm = rtmRun('xu3-corunner').metrics.deadlineMissRate ?? 0;
    for (const g of governorMissRates('xu3-corunner')) expect(rtm, g.name).toBeLessThanOrEqual(g.missRate);
  });

  it('rtm keeps the DNN on fewer cores or fewer groups while co-runners hold the A15 cores', () => {
    const during = ofKind(rtmRun('xu3-corunner').events, 'inference').filter(
      (e) => e.startMs >= 10_500 && e.startMs < 50_000,
    );
    expect(during.length).toBeGreaterThan(0);
    for (const e of during) expect(e.unit !== 'a15' || e.cores < 4 || e.groups < 4).toBe(true);
  });
});

describe('xu3-power-cap', () => {
  it('rtm misses no more deadlines than any Linux governor', () => {
    const rtm = rtmRun('xu3-power-cap').metrics.deadlineMissRate ?? 0;
    for (const g of governorMissRates('xu3-power-cap')) expect(rtm, g.name).toBeLessThanOrEqual(g.missRate);
  });

  it('rtm never draws more than the cap in force', () => {
    expect(rtmRun('xu3-power-cap').metrics.overPowerCapFraction).toBe(0);
  });

  it('rtm keeps under the new 1 W cap from a few control periods after it comes', () => {
    const after = ofKind(rtmRun('xu3-power-cap').events, 'sensor').filter((e) => e.t > 30_050);
    expect(after.length).toBeGreaterThan(0);
    for (const e of after) expect(e.truePowerW).toBeLessThanOrEqual(1);
  });
});

describe('xu3-model-error', () => {
  it("rtm's deadline miss rate is below energy-aware's", () => {
    const energyAware = simulate(scenarioById('xu3-model-error'), createEnergyAware()).metrics.deadlineMissRate!;
    expect(rtmRun('xu3-model-error').metrics.deadlineMissRate!).toBeLessThan(energyAware);
  });
});

describe('nano-maxn-to-5w', () => {
  it('rtm runs every inference within the 5W limits once the mode has switched', () => {
    // 5W: at most two A57 cores at 918 MHz, the GPU at 640 MHz (models/platforms/jetson-nano.json).
    const after = ofKind(rtmRun('nano-maxn-to-5w').events, 'inference').filter((e) => e.startMs >= 30_000);
    expect(after.length).toBeGreaterThan(0);
    for (const e of after) {
      if (e.unit === 'a57') {
        expect(e.cores).toBeLessThanOrEqual(2);
        expect(e.freqMHz).toBeLessThanOrEqual(918);
      } else expect(e.freqMHz).toBeLessThanOrEqual(640);
    }
  });
});

describe('xu3-tightening-latency', () => {
  it('rtm meets the 12 ms deadline of the last step', () => {
    const last = ofKind(rtmRun('xu3-tightening-latency').events, 'inference').filter((e) => e.arrivalMs >= 40_000);
    expect(last.length).toBeGreaterThan(0);
    expect(last.filter((e) => !e.deadlineMet).length / last.length).toBeLessThanOrEqual(0.01);
  });
});
