import { describe, expect, it } from 'vitest';
import { networkById } from '../../dnn/builtinNetworks.js';
import { platformById } from '../../models/builtinPlatforms.js';
import { dynamicRange } from '../../models/dynamicRange.js';
import { headerLine, run, runJson } from './run.js';

const RANGES_KEYS = [
  'platform',
  'dnn',
  'powerMode',
  'groupsOnly',
  'withMapping',
  'withMappingAndDvfs',
  'memory',
].sort();
const RANGE_KEYS = ['time', 'energy'].sort();
const MEMORY_KEYS = ['dynamicBytes', 'separateModelsBytes', 'slimmableBytes'].sort();
const RANGE_NAMES = ['groupsOnly', 'withMapping', 'withMappingAndDvfs'] as const;

describe('twinrtm ranges --json shape', () => {
  it('should have exactly the keys of the contract', async () => {
    const r = await runJson('ranges', '--json');
    expect(Object.keys(r).sort()).toEqual(RANGES_KEYS);
  });

  it.each(RANGE_NAMES)('should give %s exactly time and energy (and groupsOnly the mapping it is at)', async (name) => {
    const r = await runJson('ranges', '--json');
    expect(Object.keys(r[name]).sort()).toEqual(name === 'groupsOnly' ? [...RANGE_KEYS, 'at'].sort() : RANGE_KEYS);
  });

  it('should give memory exactly the three footprints as whole bytes', async () => {
    const r = await runJson('ranges', '--json');
    expect(Object.keys(r.memory).sort()).toEqual(MEMORY_KEYS);
    for (const k of MEMORY_KEYS) expect(Number.isInteger(r.memory[k])).toBe(true);
  });

  it.each(RANGE_NAMES)('should give %s as ratios of at least 1', async (name) => {
    const r = await runJson('ranges', '--json');
    expect(r[name].time).toBeGreaterThanOrEqual(1);
    expect(r[name].energy).toBeGreaterThanOrEqual(1);
  });
});

describe('twinrtm ranges values', () => {
  it("should agree with the library's dynamicRange()", async () => {
    const r = await runJson('ranges', '--json', '--platform', 'jetson-nano', '--dnn', 'alexnet-cifar10-g4-cumulative');
    const expected = dynamicRange(platformById('jetson-nano'), networkById('alexnet-cifar10-g4-cumulative'));
    for (const name of RANGE_NAMES)
      expect({ time: r[name].time, energy: r[name].energy }).toEqual({
        time: expected[name].time,
        energy: expected[name].energy,
      });
    expect(r.memory).toEqual({ ...expected.memory });
  });

  it('should widen the time range as knobs are added', async () => {
    const r = await runJson('ranges', '--json');
    expect(r.withMapping.time).toBeGreaterThanOrEqual(r.groupsOnly.time);
    expect(r.withMappingAndDvfs.time).toBeGreaterThanOrEqual(r.withMapping.time);
  });

  it('should widen the energy range as knobs are added', async () => {
    const r = await runJson('ranges', '--json');
    expect(r.withMapping.energy).toBeGreaterThanOrEqual(r.groupsOnly.energy);
    expect(r.withMappingAndDvfs.energy).toBeGreaterThanOrEqual(r.withMapping.energy);
  });

  it('should need more memory for separate models than for one dynamic DNN', async () => {
    const { memory } = await runJson('ranges', '--json');
    expect(memory.separateModelsBytes).toBeGreaterThan(memory.dynamicBytes);
    expect(memory.slimmableBytes).toBeGreaterThanOrEqual(memory.dynamicBytes);
  });
});

describe('twinrtm ranges text output', () => {
  it('should print the range table with its headers', async () => {
    const r = await run('ranges');
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    expect(r.out).toMatch(headerLine('knobs', 'time max/min', 'energy max/min'));
  });

  it('should print the three memory footprints', async () => {
    const r = await run('ranges');
    expect(r.out).toMatch(/^parameter memory: dynamic \d+ bytes, separate models \d+ .*, slimmable \d+ /m);
  });
});
