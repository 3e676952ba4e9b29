import { describe, expect, it } from 'vitest';
import { platformById } from '../../models/builtinPlatforms.js';
import { checkPlatform } from '../../models/checkPlatform.js';
import { networkById } from '../../dnn/builtinNetworks.js';
import { networkCost } from '../../dnn/networkCost.js';
import { resolveNetwork } from '../../dnn/resolveNetwork.js';

/** A built-in platform as plain data, to spoil. */
const xu3 = () => JSON.parse(JSON.stringify(platformById('odroid-xu3'))) as Record<string, any>;

describe('numbers out of range (issue 19, item 9)', () => {
  it('refuses a platform number of 1e308 or a subnormal 1e-320, naming the field', () => {
    const big = xu3();
    big.units[1].perf.conv.workPerCycle = 1e308;
    expect(() => checkPlatform(big, 'big.json')).toThrow(
      /units\[1\]\.perf\.conv\.workPerCycle: 1e\+308 is out of range/,
    );
    const tiny = xu3();
    tiny.units[0].thermal.resistanceCPerW = 1e-320;
    expect(() => checkPlatform(tiny, 'tiny.json')).toThrow(
      /units\[0\]\.thermal\.resistanceCPerW: 1e-320 is out of range/,
    );
    expect(() => checkPlatform(xu3(), 'ok.json')).not.toThrow();
  });

  it('refuses a network whose MACs no double counts exactly, instead of calling them exact', () => {
    const base = networkById('alexnet-cifar10-g4');
    const huge = resolveNetwork(
      {
        id: 'huge',
        description: 'too big to count',
        input: [3, 4096, 4096],
        groups: 1,
        structure: 'block-diagonal',
        accuracy: { source: null, entries: [] },
        layers: [
          { name: 'c1', kind: 'conv', outChannels: 65536, kernel: 11, padding: 5 },
          { name: 'c2', kind: 'conv', outChannels: 65536, kernel: 11, padding: 5 },
          { name: 'f', kind: 'fc', outChannels: 10 },
        ],
      },
      'huge',
    );
    expect(networkCost(base, 4).macs).toBe(44_378_112);
    expect(() => networkCost(huge, 1)).toThrow(/huge with g = 1: MACs .* exceed 2\^53/);
  });
});
