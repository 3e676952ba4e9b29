import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { networkById } from '../../dnn/builtinNetworks.js';
import { platformById } from '../../models/builtinPlatforms.js';
import { createPolicy } from '../../policies/registry.js';
import type { Policy } from '../../policies/types.js';
import { simulate } from '../../sim/simulate.js';
import type { TraceEvent } from '../../sim/traceEvents.js';
import { faultsArb } from '../../testkit/arbitraries/faultsArb.js';
import { scenarioArb } from '../../testkit/arbitraries/scenarioArb.js';
import { faultyPolicy } from '../../testkit/faultyPolicy.js';
import { recordingPolicy } from '../../testkit/recordingPolicy.js';
import type { Step } from '../../testkit/step.js';
import { stepsFromTrace } from '../../testkit/stepsFromTrace.js';
import takesBusyCores from './fixtures/takesBusyCores.js';
import throwsOnNaN from './fixtures/throwsOnNaN.js';

const dnn = networkById('alexnet-cifar10-g4');

/** What a trace can tell: everything but decisions that kept the configuration. */
const visible = (s: Step) => ({
  period: s.period,
  timeMs: s.timeMs,
  budgets: s.budgets,
  freeCores: s.freeCores,
  powerMode: s.powerMode,
  configBefore: s.configBefore,
  configAfter: s.configAfter,
  invalid: s.invalid,
});

function bothWays(platformId: string, policy: () => Policy, withFaults: boolean): fc.IProperty<unknown[]> {
  const platform = platformById(platformId);
  return fc.property(
    scenarioArb(platform, { durationsS: [1], maxPowerModeChanges: 2 }),
    faultsArb(platform),
    (scenario, faults) => {
      const recorder = recordingPolicy(withFaults ? faultyPolicy(policy(), faults) : policy(), platform, dnn);
      const events: TraceEvent[] = [];
      simulate(scenario, recorder.policy, { trace: (e) => events.push(e), wallNs: () => 0n });
      expect(stepsFromTrace(events, scenario, platform, dnn).map(visible)).toEqual(recorder.steps.map(visible));
    },
  );
}

describe('stepsFromTrace', () => {
  it('rebuilds from a trace the steps the recorder kept, for rtm on the XU3', () => {
    fc.assert(
      bothWays('odroid-xu3', () => createPolicy('rtm'), false),
      { numRuns: 10, seed: 1 },
    );
  });

  it('rebuilds invalid decisions, and power-mode clamps, for a policy that takes busy cores on the Nano', () => {
    fc.assert(bothWays('jetson-nano', takesBusyCores, false), { numRuns: 10, seed: 2 });
  });

  it('rebuilds the throws of a policy under sensor faults', () => {
    fc.assert(bothWays('odroid-xu3', throwsOnNaN, true), { numRuns: 10, seed: 3 });
  });
});
