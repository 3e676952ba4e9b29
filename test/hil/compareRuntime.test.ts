/**
 * compareTrace and runtime profiles: the replay predicts with the time profiles of the platform it is
 * given (on a runtime, withRuntime) and names that runtime, so a run on one runtime's speed agrees
 * with the twin on that runtime's block and not with another's.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { networkById } from '../../dnn/builtinNetworks.js';
import { compareTrace } from '../../hil/compareTrace.js';
import { platformById } from '../../models/builtinPlatforms.js';
import { withRuntime } from '../../models/runtimes.js';
import type { Platform } from '../../models/types.js';
import { createRtm } from '../../policies/rtm.js';
import { scenarioById } from '../../scenarios/builtinScenarios.js';
import { simulate } from '../../sim/simulate.js';
import type { TraceEvent } from '../../sim/traceEvents.js';

/** The host with an onnxruntime block: its ts-engine block at `k` times the compute rate. */
function hostWithOnnx(k: number): Platform {
  const host = structuredClone(platformById('host'));
  const cpu = host.units[0]!;
  const perf = Object.fromEntries(
    Object.entries(cpu.perf).map(([kind, p]) => [kind, { ...p, workPerCycle: k * p.workPerCycle, prior: 'test' }]),
  ) as typeof cpu.perf;
  cpu.runtimes = { onnxruntime: { perf } };
  return host;
}

const scenario = scenarioById('host-corunner');
const dnn = networkById('alexnet-cifar10-g4');

function traced(platform: Platform): TraceEvent[] {
  const events: TraceEvent[] = [];
  simulate(scenario, createRtm(), { platform, durationS: 3, trace: (e) => events.push(e) });
  return events;
}

describe('compareTrace on a runtime', () => {
  it("should name the runtime of the platform it predicted with, null for each unit's own", () => {
    const host = hostWithOnnx(2);
    const events = traced(host);
    expect(compareTrace(events, scenario, host, dnn).runtime).toBeNull();
    expect(compareTrace(events, scenario, withRuntime(host, 'onnxruntime'), dnn).runtime).toBe('onnxruntime');
    expect(compareTrace(events, scenario, withRuntime(host, 'ts-engine'), dnn).runtime).toBe('ts-engine');
  });

  it("should agree with a run on a runtime's speed on that runtime's block, and predict it slower on a slower block", () => {
    fc.assert(
      fc.property(fc.double({ min: 1.5, max: 8, noNaN: true }), (k) => {
        const host = hostWithOnnx(k);
        const onnx = withRuntime(host, 'onnxruntime');
        const events = traced(onnx);
        const same = compareTrace(events, scenario, onnx, dnn);
        expect(same.latency!.n).toBeGreaterThan(0);
        expect(same.latency!.mape).toBeLessThan(0.01);
        // The own (ts-engine) block computes k times slower: every window's prediction is longer.
        const own = compareTrace(events, scenario, host, dnn);
        for (const w of own.windows)
          if (w.inferences > 0) expect(w.predictedLatencyMs!).toBeGreaterThan(w.measuredLatencyMs!);
      }),
      { numRuns: 5 },
    );
  });
});
