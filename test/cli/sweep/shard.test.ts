import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runCost } from '../../../cli/sweep/cost.js';
import { assignShards, parseShard, runsOfShard } from '../../../cli/sweep/shard.js';

describe('--shard i/n', () => {
  it('is 0-based: 0/3, 1/3 and 2/3 are the three shards', () => {
    expect(parseShard('--shard', '0/3')).toEqual({ index: 0, count: 3 });
    expect(parseShard('--shard', '2/3')).toEqual({ index: 2, count: 3 });
    expect(parseShard('--shard', ' 1 / 2 ')).toEqual({ index: 1, count: 2 });
  });
  it.each([
    ['3/2', 'the index must be 0..1'],
    ['2/2', 'the index must be 0..1'],
    ['0/0', 'the count must be at least 1'],
    ['1', 'must be INDEX/COUNT'],
    ['-1/2', 'must be INDEX/COUNT'],
    ['a/b', 'must be INDEX/COUNT'],
    ['1.5/3', 'must be INDEX/COUNT'],
  ])('refuses %s in one line naming the option', (text, fragment) => {
    expect(() => parseShard('--shard', text)).toThrow(fragment);
    expect(() => parseShard('--shard', text)).toThrow(/^--shard /);
  });
});

describe('the split by expected cost', () => {
  const costs = fc.array(fc.double({ min: 0.01, max: 1000, noNaN: true }), { minLength: 1, maxLength: 200 });

  it('partitions the runs exactly: every run in exactly one shard', () => {
    fc.assert(
      fc.property(costs, fc.integer({ min: 1, max: 20 }), (cs, n) => {
        const count = Math.min(n, cs.length);
        const all = Array.from({ length: count }, (_, index) => runsOfShard(cs, { index, count })).flat();
        expect(all.sort((a, b) => a - b)).toEqual(cs.map((_, i) => i));
      }),
    );
  });

  it('balances the shards within the cost of one run, and leaves none empty', () => {
    fc.assert(
      fc.property(costs, fc.integer({ min: 1, max: 20 }), (cs, n) => {
        const count = Math.min(n, cs.length);
        const shardOf = assignShards(cs, count);
        const loads = new Array<number>(count).fill(0);
        shardOf.forEach((s, i) => {
          loads[s]! += cs[i]!;
        });
        expect(Math.max(...loads) - Math.min(...loads)).toBeLessThanOrEqual(Math.max(...cs) * (1 + 1e-12));
        expect(new Set(shardOf).size).toBe(count);
      }),
    );
  });

  it('is deterministic: the same costs give the same split', () => {
    fc.assert(
      fc.property(costs, fc.integer({ min: 1, max: 8 }), (cs, n) => {
        expect(assignShards(cs, Math.min(n, cs.length))).toEqual(assignShards([...cs], Math.min(n, cs.length)));
      }),
    );
  });

  it('costs simulated seconds x a per-policy factor (oracle 3.5x schedutil, policy files as a manager)', () => {
    const key = { scenario: 's', durationS: 10, seed: 1 };
    expect(runCost({ ...key, policy: 'schedutil' })).toBe(10);
    expect(runCost({ ...key, policy: 'oracle' })).toBe(35);
    expect(runCost({ ...key, policy: './mine.ts' })).toBe(runCost({ ...key, policy: 'rtm' }));
    expect(runCost({ ...key, policy: 'constructor' })).toBe(20);
  });
});
