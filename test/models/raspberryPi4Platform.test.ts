import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { networkById } from '../../dnn/builtinNetworks.js';
import { InputError } from '../../dnn/inputError.js';
import { builtinPlatforms, platformById } from '../../models/builtinPlatforms.js';
import { checkPlatform } from '../../models/checkPlatform.js';
import { configurationSpace } from '../../models/configurationSpace.js';
import piFile from '../../models/platforms/raspberry-pi-4.json' with { type: 'json' };
import { predict } from '../../models/predict.js';
import { withRuntime } from '../../models/runtimes.js';
import { createPolicy } from '../../policies/registry.js';
import { checkScenario } from '../../scenarios/checkScenario.js';
import { simulate } from '../../sim/simulate.js';

// Linux drivers/cpufreq/raspberrypi-cpufreq.c: `#define RASPBERRYPI_FREQ_INTERVAL 100000000`, and
// `for (rate = min; rate <= max; rate += RASPBERRYPI_FREQ_INTERVAL) dev_pm_opp_add(cpu_dev, rate, 0)`
// with min and max the firmware's lowest and highest ARM clock, rounded up to the interval.
const FREQ_INTERVAL_MHZ = 100;
// raspberrypi/documentation, computers/config_txt/overclocking.adoc, table of defaults: arm_freq_min
// 600 on every Pi 4; arm_freq 1500 on "CM4 & Pi4B <= R1.3", "1500 or 1800 if arm_boost=1" on
// "Pi4B R1.4", 1800 on "Pi 400".
const ARM_FREQ_MIN_MHZ = 600;
const ARM_FREQ_MHZ = { boost: 1800, default: 1500 };

const pi = platformById('raspberry-pi-4');
const a72 = pi.units[0]!;
const dnn = networkById('alexnet-cifar10-g4');
const freqs = a72.opps.points.map((o) => o.freqMHz);

describe('the raspberry-pi-4 platform file', () => {
  it('passes checkPlatform and is a built-in platform', () => {
    expect(() => checkPlatform(structuredClone(piFile), 'raspberry-pi-4.json')).not.toThrow();
    expect(builtinPlatforms().map((p) => p.id)).toContain('raspberry-pi-4');
    expect(pi.units.map((u) => [u.id, u.kind, u.cores, u.cpus])).toEqual([['a72', 'cpu-cluster', 4, [0, 1, 2, 3]]]);
  });

  it("holds the driver's operating points between the documented firmware clocks, voltages unknown (the firmware's AVS)", () => {
    const expected: number[] = [];
    for (let f = ARM_FREQ_MIN_MHZ; f <= ARM_FREQ_MHZ.boost; f += FREQ_INTERVAL_MHZ) expected.push(f);
    expect(freqs).toEqual(expected);
    expect(a72.opps.points.every((o) => o.voltageV === null)).toBe(true);
    expect(a72.opps.source).toContain('raspberrypi-cpufreq.c');
    expect(a72.opps.source).toContain('overclocking.adoc');
  });

  it('has one power mode per documented arm_freq, the boosted one by default', () => {
    expect(pi.powerModes.map((m) => [m.id, m.limits.a72?.maxFreqMHz])).toEqual([
      ['arm-boost-1800', ARM_FREQ_MHZ.boost],
      ['default-1500', ARM_FREQ_MHZ.default],
    ]);
    expect(pi.defaultPowerMode).toBe('arm-boost-1800');
  });
});

describe('the twin on raspberry-pi-4', () => {
  it('predicts every configuration: positive time and power, time falling with frequency and cores', () => {
    const at = (cores: number, f: number) => predict(pi, dnn, { groups: 4, unit: 'a72', cores, freqMHz: { a72: f } });
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 0, max: freqs.length - 2 }), (cores, i) => {
        const slow = at(cores, freqs[i]!);
        expect(slow.timeMs).toBeGreaterThan(0);
        expect(slow.avgPowerW).toBeGreaterThan(0);
        expect(slow.powerByRailW['USB-C input']).toBeCloseTo(slow.avgPowerW, 9);
        expect(at(cores, freqs[i + 1]!).timeMs).toBeLessThan(slow.timeMs);
        if (cores < 4) expect(at(cores + 1, freqs[i]!).timeMs).toBeLessThan(slow.timeMs);
      }),
      { numRuns: 40, seed: 42 },
    );
  });

  it('runs on ncnn, its own runtime, and refuses another runtime in one line', () => {
    expect(withRuntime(pi, 'ncnn').units[0]!.perf).toEqual(a72.perf);
    expect(() => withRuntime(pi, 'onnxruntime')).toThrow(InputError);
    expect(() => withRuntime(pi, 'onnxruntime')).toThrow(
      /^runtime onnxruntime: no unit of raspberry-pi-4 has a time profile for it \(profiles: ncnn\)$/,
    );
  });

  it("spans its configuration space within the power mode's clock limit", () => {
    const boosted = configurationSpace(pi, dnn);
    const plain = configurationSpace(pi, dnn, 'default-1500');
    expect(boosted).toHaveLength(dnn.groups * 4 * freqs.length);
    expect(Math.max(...plain.map((c) => c.freqMHz.a72!))).toBe(ARM_FREQ_MHZ.default);
    expect(() =>
      predict(pi, dnn, { groups: 4, unit: 'a72', cores: 4, freqMHz: { a72: 1800 } }, { powerMode: 'default-1500' }),
    ).toThrow('frequency 1800 MHz is above the limit of a72 in power mode default-1500');
  });

  it('simulates a minimal scenario naming it: every request of a light load served in time', () => {
    const scenario = checkScenario(
      {
        id: 'pi4-minimal',
        description: 'ten frames a second on the Pi 4',
        platform: 'raspberry-pi-4',
        dnn: 'alexnet-cifar10-g4',
        durationS: 2,
        requests: { kind: 'periodic', fps: 10 },
        initialConfig: { groups: 4, unit: 'a72', cores: 4, freqMHz: { a72: 1800 } },
      },
      'pi4-minimal.json',
    );
    const { metrics } = simulate(scenario, createPolicy('performance'));
    expect(metrics.inferences).toBe(20);
    expect(metrics.deadlineMissRate).toBe(0);
    expect(metrics.energyPerInferenceMJ).toBeGreaterThan(0);
  });
});
