/**
 * The file helpers a sweep writes through (cli/files.ts): whole files by a temporary renamed over
 * them, results appended as lines. Merges of shards may run at once in pods that share a volume and,
 * often, a pid: their temporary files must not collide, and a failed write must leave none behind.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openJsonLines, readTextFile, temporaryPathFor, writeFileAtomic } from '../../../cli/files.js';

const dir = mkdtempSync(join(tmpdir(), 'twinrtm-files-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('writeFileAtomic', () => {
  it('names its temporary file beside the target, hidden, by pid and a random part: two writers with one pid differ', () => {
    const target = join(dir, 'results.jsonl');
    const names = new Set(Array.from({ length: 50 }, () => temporaryPathFor(target)));
    expect(names.size).toBe(50);
    for (const name of names) {
      expect(dirname(name)).toBe(dir);
      expect(basename(name)).toMatch(new RegExp(`^\\.results\\.jsonl\\.${process.pid}\\.[0-9a-f]{12}\\.tmp$`));
    }
  });

  it('writes the whole file and leaves no temporary', () => {
    const target = join(dir, 'whole.txt');
    writeFileAtomic(target, 'a\n');
    writeFileAtomic(target, 'b\n');
    expect(readFileSync(target, 'utf8')).toBe('b\n');
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('leaves no temporary when the rename fails, and says so in one line', () => {
    const sub = join(dir, 'rename');
    mkdirSync(join(sub, 'target'), { recursive: true });
    writeFileSync(join(sub, 'target', 'x'), 'x');
    // A non-empty directory cannot be renamed over: the temporary is written, the rename fails.
    expect(() => writeFileAtomic(join(sub, 'target'), 'text')).toThrow(
      /^cannot write .*target \((EISDIR|ENOTEMPTY|EEXIST)\)$/,
    );
    expect(readdirSync(sub)).toEqual(['target']);
  });

  it('refuses a folder that does not exist in one line', () => {
    expect(() => writeFileAtomic(join(dir, 'no', 'such', 'f'), 'x')).toThrow(/^cannot write .*f \(ENOENT\)$/);
  });
});

describe('readTextFile and openJsonLines', () => {
  it('says what cannot be read or written, with the code', () => {
    expect(() => readTextFile(join(dir, 'missing'))).toThrow(/^cannot read .*missing \(ENOENT\)$/);
    expect(() => readTextFile(dir)).toThrow(/^cannot read .* \(EISDIR\)$/);
    expect(() => openJsonLines('/proc/twinrtm.jsonl', { append: true })).toThrow(
      /^cannot write \/proc\/twinrtm\.jsonl \(E[A-Z]+\)$/,
    );
  });

  it('appends with append, truncates without', () => {
    const path = join(dir, 'lines.jsonl');
    writeFileSync(path, '{"a":1}\n');
    let w = openJsonLines(path, { append: true });
    w.write({ b: 2 });
    w.close();
    expect(readFileSync(path, 'utf8')).toBe('{"a":1}\n{"b":2}\n');
    w = openJsonLines(path);
    w.write({ c: 3 });
    w.close();
    expect(readFileSync(path, 'utf8')).toBe('{"c":3}\n');
  });
});
