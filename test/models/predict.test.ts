import { describe, expect, it } from 'vitest';
import { networkById } from '../../dnn/builtinNetworks.js';
import { platformById } from '../../models/builtinPlatforms.js';
import { predict } from '../../models/predict.js';
import { tinyDnn, tinyPlatform } from './fixtures/tiny.js';

// The tiny case by hand, g = 1 of 2, float32:
// conv1 reads the whole 2x4x4 input and makes 2 of 4 channels: MACs 2*2*9*16 = 576; params (36 weights
//   + 2 biases) * 4 = 152 B; input 2*16*4 = 128 B; output 2*16*4 = 128 B; moved 408 B.
// fc2 reads group 1's 32 of 64 features, makes 2: MACs 64; params (64 + 2) * 4 = 264 B; input 128 B,
//   output 8 B; moved 400 B.
// 2 cores, p = 0.5: S factor (1 - p) + p / 2 = 0.75; eta 1, f 1000 MHz = 1e6 cycles per ms; BW 1 GB/s = 1e6 B/ms.
const conv1Ms = (576 * 0.75) / 1e6 + 408 / 1e6 + 0.01; // 0.010840
const fc2Ms = (64 * 0.75) / 1e6 + 400 / 1e6 + 0.01; // 0.010448
// CPU power: 0.5 W static + 2 busy cores * 1 W * (1000/1000)^2 * activity (conv 1, fc 0.5).
const cpuMJ = 2.5 * conv1Ms + 1.5 * fc2Ms;
// Memory: 0.1 W idle + 1 nJ per byte moved (808 B).
const memMJ = 0.1 * (conv1Ms + fc2Ms) + 808e-6;

describe('predict on a hand-computed case', () => {
  const platform = tinyPlatform();
  const dnn = tinyDnn();
  const config = { groups: 1, unit: 'cpu', cores: 2, freqMHz: { cpu: 1000 } };

  it('should give the time of each layer and in total', () => {
    const p = predict(platform, dnn, config);
    expect(p.layers.map((l) => l.timeMs)).toEqual([expect.closeTo(conv1Ms, 12), expect.closeTo(fc2Ms, 12)]);
    expect(p.timeMs).toBeCloseTo(conv1Ms + fc2Ms, 12);
  });

  it('should give the energy and the power of every rail', () => {
    const p = predict(platform, dnn, config);
    expect(p.energyMJ).toBeCloseTo(cpuMJ + memMJ, 12);
    expect(p.powerByRailW.cpu).toBeCloseTo(cpuMJ / (conv1Ms + fc2Ms), 9);
    expect(p.powerByRailW.all).toBeCloseTo((cpuMJ + memMJ) / (conv1Ms + fc2Ms), 9);
    expect(p.layers[0]!.energyMJ).toBeCloseTo(2.5 * conv1Ms + 0.1 * conv1Ms + 408e-6, 12);
  });

  it('should report MACs per layer and null accuracy while unmeasured', () => {
    const p = predict(platform, dnn, config);
    expect(p.layers.map((l) => l.macs)).toEqual([576, 64]);
    expect(p.accuracy).toBeNull();
  });

  it("should count memory as every group's parameters plus the peak activations at g", () => {
    // All parameters at g = 2: conv1 (72 + 4) * 4 = 304 B, fc2 (128 + 2) * 4 = 520 B; peak activation at
    // g = 1 is conv1's 128 + 128 B.
    expect(predict(platform, dnn, config).memoryBytes).toBe(304 + 520 + 256);
  });

  it('should slow the parallel part by 1 + u when a thread shares a core with a co-runner', () => {
    // One of two cores held at utilisation 1: the serial part runs on the free core; the parallel part
    // waits for the shared thread at half speed: factor 0.5 + 0.5 * 2 / 2 = 1.
    const p = predict(platform, dnn, config, { contention: { busyCores: { cpu: 1 } } });
    expect(p.layers[0]!.timeMs).toBeCloseTo(576 / 1e6 + 408 / 1e6 + 0.01, 12);
    // Both cores stay fully busy: 0.5 W static + 1.5 DNN cores * 1 W + 0.5 co-runner core * 1 W.
    expect(p.layers[0]!.energyMJ).toBeCloseTo(2.5 * p.layers[0]!.timeMs + 0.1 * p.layers[0]!.timeMs + 408e-6, 12);
  });

  it('should stretch the memory term by 1 + memory pressure', () => {
    const p = predict(platform, dnn, config, { contention: { memoryPressure: 0.5 } });
    expect(p.layers[1]!.timeMs).toBeCloseTo((64 * 0.75) / 1e6 + (1.5 * 400) / 1e6 + 0.01, 12);
  });

  it('should cap the frequency at a thermal trip and say so', () => {
    const p = predict(platform, dnn, { ...config, freqMHz: { cpu: 2000 } }, { temperatureC: 85 });
    expect(p.throttled).toBe(true);
    expect(p.effectiveFreqMHz).toEqual({ cpu: 1000 });
    expect(p.timeMs).toBeCloseTo(conv1Ms + fc2Ms, 12);
  });
});

describe('predict refuses invalid configurations, listing the valid values', () => {
  const xu3 = platformById('odroid-xu3');
  const dnn = networkById('alexnet-cifar10-g4');
  const ok = { groups: 4, unit: 'a15', cores: 4, freqMHz: { a15: 2000 } };

  it('should refuse a frequency that is not an operating point', () => {
    expect(() => predict(xu3, dnn, { ...ok, freqMHz: { a15: 1234 } })).toThrow(
      'frequency 1234 MHz is not an operating point of a15 (valid: 200, 300, 400, 500, 600, 700, 800, 900, 1000, 1100, 1200, 1300, 1400, 1500, 1600, 1700, 1800, 1900, 2000 MHz)',
    );
  });

  it('should refuse more cores than the unit has', () => {
    expect(() => predict(xu3, dnn, { ...ok, cores: 5 })).toThrow(
      'cores 5 is not valid for a15 of odroid-xu3 (valid: 1..4)',
    );
  });

  it('should refuse g outside 1..G', () => {
    expect(() => predict(xu3, dnn, { ...ok, groups: 5 })).toThrow('groups 5 is outside 1..4 for alexnet-cifar10-g4');
  });

  it('should refuse an unknown unit', () => {
    expect(() => predict(xu3, dnn, { ...ok, unit: 'gpu' })).toThrow("unknown unit 'gpu' (valid: a7, a15)");
  });

  it('should refuse a configuration beyond the power mode', () => {
    const nano = platformById('jetson-nano');
    const config = { groups: 4, unit: 'a57', cores: 2, freqMHz: { a57: 1479 } };
    expect(() => predict(nano, dnn, config, { powerMode: '5W' })).toThrow(
      /frequency 1479 MHz is above the limit of a57 in power mode 5W \(valid: 102, .*, 825.6 MHz\)/,
    );
    expect(() => predict(nano, dnn, { ...config, cores: 3, freqMHz: { a57: 825.6 } }, { powerMode: '5W' })).toThrow(
      'cores 3 is not valid for a57 of jetson-nano in power mode 5W (valid: 1..2)',
    );
  });

  it('should refuse more busy cores than a unit has', () => {
    expect(() => predict(xu3, dnn, ok, { contention: { busyCores: { a7: 5 } } })).toThrow(
      'busy cores 5 on a7 is not valid (valid: 0..4)',
    );
  });

  it('should take an idle unit at its lowest operating point when its frequency is not given', () => {
    expect(predict(xu3, dnn, ok).config.freqMHz).toEqual({ a7: 200, a15: 2000 });
  });
});
