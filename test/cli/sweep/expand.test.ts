import { describe, expect, it } from 'vitest';
import { InputError } from '../../../dnn/inputError.js';
import { expandMatrix, type Catalogue } from '../../../cli/sweep/expand.js';
import { matrixHash } from '../../../cli/sweep/hash.js';
import { compareKeys, keyId, policyLabel } from '../../../cli/sweep/keys.js';
import { checkMatrix, type SweepMatrix } from '../../../cli/sweep/matrix.js';

const catalogue: Catalogue = {
  builtinPolicies: ['rtm', 'schedutil', 'oracle'],
  isPolicyFile: (e) => /[\\/]|\.(m|c)?[tj]s$/.test(e),
  scenario(name) {
    if (name === 'xu3-default') return { platform: 'odroid-xu3', durationS: 60, seed: 1 };
    if (name === 'nano') return { platform: 'jetson-nano', durationS: 30, seed: 7 };
    throw new InputError(`unknown scenario '${name}'`);
  },
  platformFile: (path) => ({ platform: path.startsWith('nano') ? 'jetson-nano' : 'odroid-xu3' }),
};
const expand = (m: SweepMatrix) => expandMatrix(m, catalogue, 'm.json');

describe('the matrix', () => {
  it('smallest form: policies x scenarios x seeds at one duration, sorted by key', () => {
    const keys = expand({
      policies: ['rtm', 'schedutil'],
      scenarios: ['xu3-default'],
      seeds: [1, 2, 3],
      durationS: 10,
    });
    expect(keys.map(keyId)).toEqual(
      ['rtm', 'schedutil'].flatMap((policy) =>
        [1, 2, 3].map((seed) => JSON.stringify({ policy, scenario: 'xu3-default', durationS: 10, seed })),
      ),
    );
  });

  it("defaults to each scenario's own duration and seed; 'all' is every built-in policy", () => {
    const keys = expand({ policies: ['all'], scenarios: ['xu3-default', 'nano'] });
    expect(keys).toHaveLength(6);
    expect(keys.find((k) => k.scenario === 'nano')).toMatchObject({ durationS: 30, seed: 7 });
  });

  it('expands tunable grids into one variant per combination, and seed ranges', () => {
    const keys = expand({
      policies: [{ policy: 'schedutil', tunables: { rateLimitUs: [1000, 2000], b: 3 } }],
      scenarios: ['xu3-default'],
      seeds: { from: 4, to: 5 },
      durationS: [1, 2],
    });
    expect(keys).toHaveLength(2 * 2 * 2);
    expect(new Set(keys.map(policyLabel))).toEqual(
      new Set(['schedutil(b=3,rateLimitUs=1000)', 'schedutil(b=3,rateLimitUs=2000)']),
    );
  });

  it('runs each scenario with the platform files for its platform (null: the built-in one)', () => {
    const keys = expand({
      policies: ['rtm'],
      scenarios: ['xu3-default', 'nano'],
      platformFiles: [null, 'xu3-cal.json', 'nano-cal.json'],
      seeds: [1],
    });
    expect(keys.map((k) => `${k.scenario}:${k.platformFile ?? '-'}`).sort()).toEqual([
      'nano:-',
      'nano:nano-cal.json',
      'xu3-default:-',
      'xu3-default:xu3-cal.json',
    ]);
  });

  it('applies include and exclude filters', () => {
    const m: SweepMatrix = {
      policies: ['rtm', 'schedutil', 'oracle'],
      scenarios: ['xu3-default', 'nano'],
      seeds: [1, 2],
    };
    expect(expand({ ...m, exclude: [{ policy: 'oracle', scenario: 'nano' }] })).toHaveLength(12 - 2);
    expect(expand({ ...m, include: [{ policy: ['rtm', 'oracle'], seed: 2 }] })).toHaveLength(4);
  });

  it.each<[string, SweepMatrix, RegExp]>([
    [
      'an unknown policy',
      { policies: ['rtm', 'nope'], scenarios: ['xu3-default'] },
      /^m\.json: policies\[1\]: unknown policy 'nope' \(valid: rtm, schedutil, oracle/,
    ],
    [
      'an unknown scenario',
      { policies: ['rtm'], scenarios: ['xu3-default', 'x'] },
      /^m\.json: scenarios\[1\]: unknown scenario 'x'/,
    ],
    [
      'a seed given twice',
      { policies: ['rtm'], scenarios: ['xu3-default'], seeds: [1, 1] },
      /^m\.json: seeds: 1 is given twice/,
    ],
    [
      'a policy variant given twice',
      { policies: ['rtm', 'all'], scenarios: ['xu3-default'] },
      /^m\.json: policies\[1\] repeats rtm, already given by policies\[0\]/,
    ],
    [
      'a seed range backwards',
      { policies: ['rtm'], scenarios: ['xu3-default'], seeds: { from: 3, to: 1 } },
      /seeds: from 3 is above to 1/,
    ],
    [
      'tunables on a file',
      { policies: [{ policy: './mine.ts', tunables: { a: 1 } }], scenarios: ['xu3-default'] },
      /policies\[0\]\.tunables: tunables apply to built-in policies only/,
    ],
    [
      'a scenario without a platform entry',
      { policies: ['rtm'], scenarios: ['nano'], platformFiles: ['xu3-cal.json'] },
      /platformFiles\[0\]: xu3-cal\.json is for 'odroid-xu3', which no scenario/,
    ],
    [
      'a scenario left without a platform',
      { policies: ['rtm'], scenarios: ['nano', 'xu3-default'], platformFiles: ['xu3-cal.json'] },
      /scenarios\[0\]: nano runs on 'jetson-nano' and no entry of platformFiles is for it \(add null/,
    ],
    [
      'a filter that matches nothing',
      { policies: ['rtm'], scenarios: ['xu3-default'], exclude: [{ policy: 'rmt' }] },
      /^m\.json: exclude\[0\] matches no run of the product/,
    ],
    [
      'an empty product',
      { policies: ['rtm'], scenarios: ['xu3-default'], exclude: [{ policy: 'rtm' }] },
      /^m\.json: the product is empty: the filters \(include\/exclude\) leave no run of 1/,
    ],
  ])('refuses %s in one line naming the file and the entry', (_, m, message) => {
    expect(() => expand(m)).toThrow(InputError);
    expect(() => expand(m)).toThrow(message);
  });

  it.each([
    [{ policies: ['rtm'], scenarios: ['xu3-default'], seed: [1] }, 'seed: unknown field (check its spelling)'],
    [{ policies: [], scenarios: ['xu3-default'] }, 'policies: must NOT have fewer than 1 items'],
    [{ policies: ['rtm'] }, 'scenarios: is required but missing'],
    [{ policies: ['rtm'], scenarios: ['xu3-default'], durationS: 0 }, 'durationS'],
  ])('the schema refuses %j', (data, message) => {
    expect(() => checkMatrix(data, 'm.json')).toThrow(`m.json: ${message}`);
  });
});

describe('the matrix hash', () => {
  const keys = expand({ policies: ['rtm', 'schedutil'], scenarios: ['xu3-default'], seeds: [1, 2] });
  it('depends on the runs, not their order or how the file writes them', () => {
    const same = expand({ policies: ['schedutil', 'rtm'], scenarios: ['xu3-default'], seeds: { from: 1, to: 2 } });
    expect(matrixHash(same, {}, '1')).toBe(matrixHash(keys, {}, '1'));
    expect(matrixHash([...keys].reverse(), {}, '1')).toBe(matrixHash(keys, {}, '1'));
  });
  it("changes with a run, a named file's contents, or twinrtm's version", () => {
    const h = matrixHash(keys, { 'a.ts': 'x' }, '1');
    expect(matrixHash(keys.slice(1), { 'a.ts': 'x' }, '1')).not.toBe(h);
    expect(matrixHash(keys, { 'a.ts': 'y' }, '1')).not.toBe(h);
    expect(matrixHash(keys, { 'a.ts': 'x' }, '2')).not.toBe(h);
  });
  it('orders keys totally', () => {
    const sorted = [...keys].sort(compareKeys);
    expect(sorted.map(keyId)).toEqual(keys.map(keyId));
    expect(compareKeys(keys[0]!, { ...keys[0]! })).toBe(0);
  });
});
