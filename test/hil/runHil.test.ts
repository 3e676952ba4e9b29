import { describe, expect, it } from 'vitest';
import { networkById } from '../../dnn/builtinNetworks.js';
import { platformById } from '../../models/builtinPlatforms.js';
import type { Configuration } from '../../models/types.js';
import type { SensorReading } from '../../sim/board.js';
import { BoardFailure } from '../../hil/boardFailure.js';
import { runHil, type ClosableBoard, type HilRunOptions } from '../../hil/runHil.js';
import type { Policy } from '../../policies/types.js';
import type { Scenario } from '../../scenarios/types.js';
import { scenario, spyPolicy } from '../sim/helpers.js';

/** A board that serves no inference and always reads the same sensors. */
function fixedBoard(initial: Configuration, reading: SensorReading): ClosableBoard {
  return {
    config: initial,
    powerMode: null,
    queueLength: 0,
    freeCores: () => ({ a15: 4, a7: 4 }),
    request: () => {},
    apply: () => {},
    setContention: () => {},
    setPowerMode: () => {},
    readSensors: () => reading,
    energyNowMJ: () => 0,
    close: async () => {},
  };
}

/** runHil on the built-in XU3 and DNN with a policy and a board of the test's. */
function runOn(s: Scenario, policy: Policy, createBoard: HilRunOptions['createBoard'], note?: (text: string) => void) {
  return runHil({
    scenario: s,
    policy,
    platform: platformById('odroid-xu3'),
    dnn: networkById('alexnet-cifar10-g4'),
    profile: 'test',
    power: 'measured',
    createBoard,
    ...(note ? { note } : {}),
  });
}

describe('runHil', () => {
  it("hands the policy the board's readings as read, without the scenario's sensor noise", async () => {
    const s = scenario('xu3-default', { durationS: 0.1 });
    expect(s.sensor.noise.utilisation).toBeGreaterThan(0); // the twin would add noise here
    const reading: SensorReading = {
      windowMs: 10,
      freqMHz: { a15: 1400, a7: 1000 },
      utilisation: { a15: 0.3125, a7: 0 },
      temperatureC: { a15: 51.5, a7: 51.5 },
      powerByRailW: { a15: 1.25, a7: 0.125 },
      powerW: 1.375,
    };
    const spy = spyPolicy();
    await runOn(s, spy.policy, () => fixedBoard(s.initialConfig, reading));
    expect(spy.observations.length).toBeGreaterThan(0);
    for (const o of spy.observations) {
      expect(o.telemetry.powerW).toBe(1.375);
      expect(o.telemetry.powerByRailW).toEqual(reading.powerByRailW);
      expect(o.telemetry.units.a15).toEqual({ freqMHz: 1400, utilisation: 0.3125, temperatureC: 51.5 });
      expect(o.telemetry.units.a7!.utilisation).toBe(0);
    }
  });

  it('stops the run with the error of a board that cannot go on, closing the board first', async () => {
    const s = scenario('xu3-default', { durationS: 30 });
    const spy = spyPolicy();
    let closed = 0;
    const reading: SensorReading = {
      windowMs: 10,
      freqMHz: { a15: 2000, a7: 200 },
      utilisation: { a15: 0, a7: 0 },
      temperatureC: { a15: 50, a7: 50 },
      powerByRailW: {},
      powerW: 1,
    };
    const notes: string[] = [];
    const run = runOn(
      s,
      spy.policy,
      (_events, _clock, _note, fail) => {
        setTimeout(() => fail(new BoardFailure('the workload died')), 50);
        return { ...fixedBoard(s.initialConfig, reading), close: async () => void closed++ };
      },
      (text) => notes.push(text),
    );
    await expect(run).rejects.toThrow(/the workload died/);
    expect(closed).toBe(1);
    expect(notes).toContain('the workload died');
    // It stopped there, not at the scenario's end (3,000 control periods).
    expect(spy.observations.length).toBeLessThan(3000);
  });
});
