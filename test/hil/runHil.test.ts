import { describe, expect, it } from 'vitest';
import { networkById } from '../../dnn/builtinNetworks.js';
import { platformById } from '../../models/builtinPlatforms.js';
import type { Configuration } from '../../models/types.js';
import type { SensorReading } from '../../sim/board.js';
import { runHil, type ClosableBoard } from '../../hil/runHil.js';
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
    await runHil({
      scenario: s,
      policy: spy.policy,
      platform: platformById('odroid-xu3'),
      dnn: networkById('alexnet-cifar10-g4'),
      profile: 'test',
      power: 'measured',
      createBoard: () => fixedBoard(s.initialConfig, reading),
    });
    expect(spy.observations.length).toBeGreaterThan(0);
    for (const o of spy.observations) {
      expect(o.telemetry.powerW).toBe(1.375);
      expect(o.telemetry.powerByRailW).toEqual(reading.powerByRailW);
      expect(o.telemetry.units.a15).toEqual({ freqMHz: 1400, utilisation: 0.3125, temperatureC: 51.5 });
      expect(o.telemetry.units.a7!.utilisation).toBe(0);
    }
  });
});
