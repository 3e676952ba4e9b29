import { describe, expect, it } from 'vitest';
import { networkById } from '../../dnn/builtinNetworks.js';
import { memoryFootprint } from '../../dnn/memoryFootprint.js';
import { platformById } from '../../models/builtinPlatforms.js';
import { checkConfiguration } from '../../models/checkConfiguration.js';
import { configurationSpace, predictSpace } from '../../models/configurationSpace.js';
import { dynamicRange } from '../../models/dynamicRange.js';
import { predict } from '../../models/predict.js';

const dnn = networkById('alexnet-cifar10-g4');
const xu3 = platformById('odroid-xu3');
const nano = platformById('jetson-nano');

describe('configurationSpace', () => {
  it('should hold groups x unit x cores x operating points: 4 x (4 x 13 + 4 x 19) = 512 on the XU3', () => {
    expect(configurationSpace(xu3, dnn)).toHaveLength(512);
  });

  it('should respect the Nano power modes: 4 x (4 x 15 + 12) in MAXN, 4 x (2 x 8 + 8) in 5W', () => {
    expect(configurationSpace(nano, dnn)).toHaveLength(288);
    expect(configurationSpace(nano, dnn, '5W')).toHaveLength(96);
  });

  it('should hold only configurations that checkConfiguration accepts unchanged', () => {
    for (const mode of ['MAXN', '5W']) {
      for (const c of configurationSpace(nano, dnn, mode)) expect(checkConfiguration(nano, dnn, c, mode)).toEqual(c);
    }
  });

  it('should keep idle units at their lowest allowed frequency', () => {
    const onGpu = configurationSpace(nano, dnn).filter((c) => c.unit === 'gpu');
    expect(new Set(onGpu.map((c) => c.freqMHz.a57))).toEqual(new Set([102]));
  });

  it('should predict every configuration as predict() does, without per-layer rows', () => {
    const space = predictSpace(xu3, dnn);
    const sample = space[137]!;
    const full = predict(xu3, dnn, sample.config);
    expect(sample.timeMs).toBe(full.timeMs);
    expect(sample.energyMJ).toBe(full.energyMJ);
    expect(sample.layers).toEqual([]);
  });
});

describe('dynamicRange', () => {
  it.each([['odroid-xu3'], ['jetson-nano'], ['host']])('should widen as knobs are added on %s', (id) => {
    const r = dynamicRange(platformById(id), dnn);
    expect(r.groupsOnly.time).toBeGreaterThan(1);
    expect(r.withMapping.time).toBeGreaterThanOrEqual(r.groupsOnly.time);
    expect(r.withMappingAndDvfs.time).toBeGreaterThanOrEqual(r.withMapping.time);
    expect(r.withMapping.energy).toBeGreaterThanOrEqual(r.groupsOnly.energy);
    expect(r.withMappingAndDvfs.energy).toBeGreaterThanOrEqual(r.withMapping.energy);
  });

  it('should fix the mapping of the groups-only range at the fastest full-network setting', () => {
    const r = dynamicRange(xu3, dnn);
    expect(r.groupsOnly.at).toEqual({ unit: 'a15', cores: 4, freqMHz: 2000 });
    const t = (g: number) => predict(xu3, dnn, { groups: g, unit: 'a15', cores: 4, freqMHz: { a15: 2000 } }).timeMs;
    expect(r.groupsOnly.time).toBeCloseTo(t(4) / t(1), 12);
  });

  it('should report the memory footprints of dnn/', () => {
    expect(dynamicRange(xu3, dnn).memory).toEqual(memoryFootprint(dnn));
  });
});
