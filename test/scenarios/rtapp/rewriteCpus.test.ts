/**
 * The cpus of an rt-app file rewritten for a board (scenarios/rtapp/rewriteCpus.ts). Laws: the file
 * written again reads as the same workload (identity mapping), and under any renumbering every `cpus`
 * and the calibration cpu are the mapped ones while everything else is unchanged.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { builtinPlatforms } from '../../../models/builtinPlatforms.js';
import { readRtapp } from '../../../scenarios/rtapp/readRtapp.js';
import { rewriteCpus } from '../../../scenarios/rtapp/rewriteCpus.js';
import type { RtappFile } from '../../../scenarios/rtapp/types.js';
import { rtappWorkloadArb } from './rtappArbitraries.js';

const xu3 = builtinPlatforms().find((p) => p.id === 'odroid-xu3')!;
const read = (text: string): Omit<RtappFile, 'file' | 'notes'> => {
  const { file: _f, notes: _n, ...rest } = readRtapp(text, 'w.json');
  return rest;
};

/** The workload with every cpu number through m. */
function mapped(w: Omit<RtappFile, 'file' | 'notes'>, m: (c: number) => number): Omit<RtappFile, 'file' | 'notes'> {
  return {
    global: {
      ...w.global,
      calibration: 'cpu' in w.global.calibration ? { cpu: m(w.global.calibration.cpu) } : w.global.calibration,
    },
    tasks: w.tasks.map((t) => ({
      ...t,
      cpus: t.cpus?.map(m) ?? null,
      phases: t.phases.map((p) => ({ ...p, cpus: p.cpus?.map(m) ?? null })),
    })),
  };
}

describe('rewriteCpus', () => {
  it('writes a file that reads as the same workload when no cpu changes', () => {
    fc.assert(
      fc.property(rtappWorkloadArb(xu3), (w) => {
        const out = rewriteCpus(w.text, 'w.json', (c) => c, null);
        expect(out.changed).toEqual([]);
        expect(read(out.text)).toEqual(read(w.text));
      }),
      { numRuns: 100 },
    );
  });

  it('renumbers every cpus and the calibration cpu, and nothing else', () => {
    fc.assert(
      fc.property(rtappWorkloadArb(xu3), fc.integer({ min: 1, max: 40 }), (w, shift) => {
        const m = (c: number) => c + shift;
        expect(read(rewriteCpus(w.text, 'w.json', m, null).text)).toEqual(mapped(read(w.text), m));
      }),
      { numRuns: 100 },
    );
  });

  it('keeps repeated keys in order, bare keys bare, comments out; gives tasks without cpus the default', () => {
    const text = `/* c */ { "global": { "calibration": "CPU4" }, "tasks": { "a": { "loop": 1, "run": 10, "sleep": 5, "run": 20, "cpus": [5, 6] }, "b": { "loop": 1, "suspend", "run": 3 }, 'c': { 'phases': { 'p': { 'cpus': [7], 'run': 1 } } } } }`;
    const out = rewriteCpus(text, 'w.json', (c) => c - 4, [4, 5]);
    expect(out.text).toBe(
      [
        '{',
        '  "global": {',
        '    "calibration": "CPU0"',
        '  },',
        '  "tasks": {',
        '    "a": {',
        '      "loop": 1,',
        '      "run": 10,',
        '      "sleep": 5,',
        '      "run": 20,',
        '      "cpus": [1, 2]',
        '    },',
        '    "b": {',
        '      "cpus": [0, 1],',
        '      "loop": 1,',
        '      "suspend",',
        '      "run": 3',
        '    },',
        '    "c": {',
        '      "cpus": [0, 1],',
        '      "phases": {',
        '        "p": {',
        '          "cpus": [3],',
        '          "run": 1',
        '        }',
        '      }',
        '    }',
        '  }',
        '}',
        '',
      ].join('\n'),
    );
    expect(out.changed).toEqual([
      [4, 0],
      [5, 1],
      [6, 2],
      [7, 3],
    ]);
  });

  it('refuses a cpu the mapping refuses, naming the task, phase and key', () => {
    const text = `{ "tasks": { "a": { "phases": { "p1": { "cpus": [0], "run": 1 }, "p2": { "cpus": [9], "run": 1 } } } } }`;
    const refuse = (c: number) => (c < 4 ? c : { problem: `no cpu ${c}` });
    expect(() => rewriteCpus(text, 'w.json', refuse, null)).toThrow(
      "w.json:1:83: task 'a', phase 'p2', key 'cpus': cpu 9: no cpu 9",
    );
    expect(() =>
      rewriteCpus('{ "global": { "calibration": "CPU7" }, "tasks": { "a": { "run": 1 } } }', 'w.json', refuse, null),
    ).toThrow("global, key 'calibration': cpu 7: no cpu 7");
    expect(() => rewriteCpus('{ "tasks": { "a": { "run": 1 } } }', 'w.json', refuse, [5])).toThrow(
      "task 'a', key 'cpus': cpu 5: no cpu 5",
    );
  });
});
