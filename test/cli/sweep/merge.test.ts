import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { keyId } from '../../../cli/sweep/keys.js';
import { mergeShards } from '../../../cli/sweep/merge.js';
import { formatResultLine, parseResultLines, type ResultLine } from '../../../cli/sweep/resultLine.js';
import { assignShards } from '../../../cli/sweep/shard.js';
import { okLine } from './lines.js';

/** A whole matrix of `runs` runs as one sweep writes it (shard 0/1, sorted). */
function whole(runs: number): ResultLine[] {
  return Array.from({ length: runs }, (_, i) => okLine({ seed: i }, { runs, shardRuns: runs }, { inferences: i }));
}

/** The lines of shard `index` of `count`, as `sweep --shard` writes them. */
function shard(lines: readonly ResultLine[], index: number, count: number): ResultLine[] {
  const of = assignShards(
    lines.map(() => 1),
    count,
  );
  const mine = lines.filter((_, i) => of[i] === index);
  return mine.map((l) => ({ ...l, sweep: { ...l.sweep, shard: `${index}/${count}`, shardRuns: mine.length } }));
}

describe('sweep merge', () => {
  it('gives back the whole, whatever the split into shards and files and their order', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 1, max: 30 }),
        fc.infiniteStream(fc.nat()),
        (runs, n, picks) => {
          const all = whole(runs);
          const count = Math.min(n, runs);
          const shards = Array.from({ length: count }, (_, i) => shard(all, i, count));
          // Shards in files in any order, a shard's lines shuffled (as finished).
          const files = shards
            .map((lines, i) => ({ file: `s${i}`, lines: [...lines].sort(() => (picks.next().value % 3) - 1) }))
            .sort(() => (picks.next().value % 3) - 1);
          const merged = mergeShards(files);
          expect(merged.complete).toBe(true);
          if (merged.complete) expect(merged.lines.map(formatResultLine)).toEqual(all.map(formatResultLine));
        },
      ),
    );
  });

  it('names a missing shard and an unfinished one', () => {
    const all = whole(6);
    const r = mergeShards([
      { file: 'a', lines: shard(all, 0, 3) },
      { file: 'b', lines: shard(all, 2, 3).slice(1) },
    ]);
    expect(r).toEqual({
      complete: false,
      missing: '3 of 6 runs missing: shard 1/3 is missing; shard 2/3 has 1 of 2 runs',
    });
  });

  it('refuses a run given twice, naming both places', () => {
    const all = whole(4);
    expect(() =>
      mergeShards([
        { file: 'a', lines: shard(all, 0, 2) },
        { file: 'b', lines: [...shard(all, 1, 2), shard(all, 0, 2)[1]!] },
      ]),
    ).toThrow(
      `the run ${keyId(shard(all, 0, 2)[1]!.key)} is in a:2 and again in b:3: each run must be in exactly one shard file`,
    );
  });

  it('refuses shards of different matrices', () => {
    const other = whole(4).map((l) => ({ ...l, sweep: { ...l.sweep, matrix: 'bbbb' } }));
    expect(() =>
      mergeShards([
        { file: 'a', lines: shard(whole(4), 0, 2) },
        { file: 'b', lines: shard(other, 1, 2) },
      ]),
    ).toThrow(
      'b:1 is from another matrix (hash bbbb, 4 runs) than a (hash aaaa, 4 runs): merge only the shards of one sweep',
    );
  });

  it('refuses files with no lines', () => {
    expect(() => mergeShards([{ file: 'a', lines: [] }])).toThrow('no result lines in a');
  });
});

describe('results files', () => {
  const text = whole(3).map(formatResultLine).join('');

  it('read back what was written', () => {
    expect(parseResultLines(text, 'r').lines.map(formatResultLine).join('')).toBe(text);
  });

  it('drop a torn last line and say where appending goes on', () => {
    const torn = text + formatResultLine(whole(4)[3]!).slice(0, 40);
    const parsed = parseResultLines(torn, 'r');
    expect(parsed).toMatchObject({ torn: true, wholeBytes: Buffer.byteLength(text), unterminated: false });
    expect(parsed.lines).toHaveLength(3);
    expect(parseResultLines(`${text}{"ke`, 'r').torn).toBe(true);
  });

  it('keep a whole last line without its newline', () => {
    expect(parseResultLines(text.slice(0, -1), 'r')).toMatchObject({ torn: false, unterminated: true });
  });

  it('refuse a bad line anywhere else, and a last line that is not the start of a result line', () => {
    const lines = text.split('\n');
    lines[1] = lines[1]!.slice(0, 30);
    expect(() => parseResultLines(lines.join('\n'), 'r')).toThrow('r:2: not a sweep result line (not JSON)');
    expect(() => parseResultLines(`${text}hello`, 'r')).toThrow('r:4: not a sweep result line (not JSON)');
    expect(() => parseResultLines('{"a": 1}\n', 'r')).toThrow('r:1: not a sweep result line (no key)');
  });
});
