/**
 * Every example Debian's rt-app package ships (doc/rt-app/examples, and taskset.json beside them)
 * either loads and runs on the XU3, or is refused with one line naming what twinrtm does not take.
 * It reads Debian's package, so it runs from `npm run test:rtapp` (vitest.rtapp.config.ts; .ci/run
 * installs rt-app), not from `npm test`; without the package it fails with the apt-get line, never
 * skips. RTAPP_EXAMPLES may point at another copy of the folder.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { builtinPlatforms } from '../../../models/builtinPlatforms.js';
import { readRtapp } from '../../../scenarios/rtapp/readRtapp.js';
import type { RtappFile } from '../../../scenarios/rtapp/types.js';
import { RtappError } from '../../../scenarios/rtapp/rtappError.js';
import { rtappTimeline } from '../../../scenarios/rtapp/utilisationTimeline.js';

/** Where Debian's rt-app package puts its documentation and examples. */
const DOC = process.env.RTAPP_EXAMPLES !== undefined ? join(process.env.RTAPP_EXAMPLES, '..') : '/usr/share/doc/rt-app';
const EXAMPLES = process.env.RTAPP_EXAMPLES ?? join(DOC, 'examples');
const present = existsSync(EXAMPLES);

/** Every .json (or .json.gz) file under the folder, and taskset.json beside it. */
function exampleFiles(): string[] {
  const walk = (d: string): string[] =>
    readdirSync(d)
      .sort()
      .flatMap((f) => {
        const p = join(d, f);
        return statSync(p).isDirectory() ? walk(p) : /\.json(\.gz)?$/.test(f) ? [p] : [];
      });
  const beside = join(DOC, 'taskset.json');
  return [...walk(EXAMPLES), ...(existsSync(beside) ? [beside] : [])];
}

function textOf(path: string): string {
  const bytes = readFileSync(path);
  return (path.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8');
}

/** The refusals rt-app 1.0's examples meet, by file: what each line must name. */
const REFUSED: Record<string, RegExp> = {
  'tutorial/example6.json': /task 'thread0', key 'mem': mem writes bytes into a memory buffer/,
  'merge/global.json': /has no "tasks" object/,
  'merge/resources.json': /resources: the resources section declares mutexes/,
  'merge/thread0.json': /task 'thread0', key 'exec': 'exec' belongs to rt-app 0\.x's grammar/,
  'merge/thread1.json': /task 'thread1', key 'exec': 'exec' belongs to rt-app 0\.x's grammar/,
  'merge/thread2.json': /task 'thread2', key 'exec': 'exec' belongs to rt-app 0\.x's grammar/,
  'merge/thread3.json': /task 'thread3', key 'exec': 'exec' belongs to rt-app 0\.x's grammar/,
  '../taskset.json': /resources: the resources section declares mutexes/,
};

const xu3 = builtinPlatforms().find((p) => p.id === 'odroid-xu3')!;

describe("Debian's rt-app examples", () => {
  if (!present) {
    it("needs Debian's rt-app package", () => {
      throw new Error(
        `${EXAMPLES} is absent: install Debian's rt-app (apt-get install rt-app), or point RTAPP_EXAMPLES at a copy of its examples`,
      );
    });
    return;
  }
  const files = exampleFiles();

  it('should find the examples the package ships', () => {
    expect(files.length).toBeGreaterThan(10);
  });

  for (const path of files) {
    const name = relative(EXAMPLES, path).split('\\').join('/');
    it(`${name} should load and run on the XU3, or be refused in one line naming what twinrtm does not take`, () => {
      let w: RtappFile;
      try {
        w = readRtapp(textOf(path), name);
      } catch (err) {
        expect(err).toBeInstanceOf(RtappError);
        const message = (err as Error).message;
        expect(message).not.toContain('\n');
        expect(message.startsWith(`${name}:`)).toBe(true);
        // A file this test does not know yet may be refused too, but only with the one line.
        if (REFUSED[name] !== undefined) expect(message).toMatch(REFUSED[name]);
        return;
      }
      expect(REFUSED[name], `${name} loads, but the test expects a refusal`).toBeUndefined();
      // Ten seconds at most of each: the long examples run for ten minutes.
      const durationMs = Math.min(w.global.durationS > 0 ? w.global.durationS : 10, 10) * 1000;
      const tl = rtappTimeline(w, {
        platform: xu3,
        freqMHz: { a7: 1400, a15: 2000 },
        referenceFreqMHz: 1400,
        durationMs,
        resolutionMs: 100,
      });
      const cpuMs = tl.segments.reduce((s, g) => s + g.cores * g.utilisation * (g.endMs - g.startMs), 0);
      expect(cpuMs).toBeGreaterThan(0);
      expect(cpuMs).toBeLessThanOrEqual(8 * durationMs * (1 + 1e-9));
    });
  }

  it('should load tutorial/example6.json when mem and iorun are approximated, with a note for each', () => {
    const path = join(EXAMPLES, 'tutorial', 'example6.json');
    if (!existsSync(path)) return;
    const w = readRtapp(textOf(path), 'example6.json', { unsupported: 'approximate' });
    expect(w.notes).toEqual([
      expect.stringMatching(/key 'mem': approximated: takes no time/),
      expect.stringMatching(/key 'iorun': approximated: takes no time/),
    ]);
  });
});
