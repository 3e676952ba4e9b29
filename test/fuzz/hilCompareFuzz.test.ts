/**
 * `twinrtm hil compare` and `twinrtm hil restore` under hostile input (issue 19): their flags, a
 * trace with any field of any event corrupted or lines of junk, a state file with any field
 * corrupted. A result or one line, never a stack trace or a hang. The restore only ever meets the
 * fake XU3 tree in the test's folder: every case names it (--sysfs-root), and a state file made for
 * another tree is refused.
 */
import fc from 'fast-check';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { platformById } from '../../models/builtinPlatforms.js';
import { createBoardAdapter, parseBoardProfile } from '../../hil/board/adapter.js';
import { writeStateFile } from '../../hil/board/stateFile.js';
import { createSysfsRoot } from '../../hil/board/sysfsRoot.js';
import { removeTrees, xu3Tree } from '../hil/board/fakeTrees.js';
import {
  budget,
  corrupt,
  expectHandled,
  fuzzDir,
  hostile,
  inside,
  privateRuntimeDir,
  run,
  runBounded,
  RUNS,
} from './fuzzHarness.js';

const dir = fuzzDir();
privateRuntimeDir(dir);
afterAll(() => removeTrees(), budget(60_000));

const file = join(dir, 'a-file');
writeFileSync(file, 'not a trace\n');
const trace = join(dir, 'run.jsonl');
let events: Record<string, unknown>[] = [];

beforeAll(async () => {
  // A short run of the twin, traced: what hil compare reads (a board's trace has the same format).
  const r = await run('simulate', 'xu3-default', '--duration', '1', '--policy', 'rtm', '--trace', trace);
  expect(r.code, r.err).toBe(0);
  events = readFileSync(trace, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  // As hil run writes it: a real board with measured power.
  events[0] = { ...events[0], board: { kind: 'real', profile: 'odroid-xu3', power: 'measured' } };
  writeFileSync(trace, `${events.map((e) => JSON.stringify(e)).join('\n')}\n`);
});

describe('hil compare', () => {
  it(
    '--window: any value',
    async () => {
      await fc.assert(
        fc.asyncProperty(hostile, async (v) => {
          expectHandled(
            await runBounded(['hil', 'compare', trace, '--window', v, '--json']),
            `--window ${JSON.stringify(v)}`,
          );
        }),
        { numRuns: RUNS },
      );
    },
    budget(60_000),
  );

  it(
    '--runtime: any value',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(hostile, fc.constantFrom('ncnn', 'onnxruntime', 'ts-engine', 'tensorrt')),
          async (v) => {
            expectHandled(
              await runBounded(['hil', 'compare', trace, '--runtime', v, '--json']),
              `--runtime ${JSON.stringify(v)}`,
            );
          },
        ),
        { numRuns: RUNS },
      );
    },
    budget(60_000),
  );

  it(
    '--scenario, --platform-file, --policy (with --simulate): any value',
    async () => {
      const values = fc.tuple(
        fc.constantFrom('--scenario', '--platform-file', '--policy'),
        fc.oneof(
          hostile,
          fc.constantFrom(file, dir, trace, 'xu3-default', 'host-corunner', 'rtm', 'schedutil', 'oracle', 'all'),
        ),
      );
      await fc.assert(
        fc.asyncProperty(values, async ([flag, v]) => {
          const args = ['hil', 'compare', trace, ...(flag === '--policy' ? ['--simulate'] : []), flag, v];
          expectHandled(await runBounded(args), args.join(' ').slice(0, 300));
        }),
        { numRuns: RUNS },
      );
    },
    budget(60_000),
  );

  it(
    'the trace: any path, any field of any event corrupted, junk lines, a torn last line',
    async () => {
      const traces = fc.oneof(
        fc.integer({ min: 0, max: 1_000_000 }).chain((seed) => {
          // One event, drawn by the seed, with one of its fields corrupted.
          const at = seed % events.length;
          return corrupt(events[at]).map(
            (e) => `${events.map((x, i) => JSON.stringify(i === at ? e : x)).join('\n')}\n`,
          );
        }),
        fc.array(fc.string({ maxLength: 80 }), { maxLength: 5 }).map((lines) => lines.join('\n')),
        fc.nat(200).map((cut) => readFileSync(trace, 'utf8').slice(0, cut)),
        fc.constantFrom('', '\n\n', '{}\n', 'null\n', '[]\n', '{"kind":"run"}\n', '\u0000\u0001\u001b[2J\n'),
      );
      const given = join(dir, 'given.jsonl');
      await fc.assert(
        fc.asyncProperty(traces, fc.boolean(), async (text, simulateToo) => {
          writeFileSync(given, text);
          expectHandled(
            await runBounded(['hil', 'compare', given, ...(simulateToo ? ['--simulate'] : []), '--json']),
            text.slice(0, 300),
          );
        }),
        { numRuns: RUNS },
      );
    },
    budget(60_000),
  );

  it(
    'the trace path: any value',
    async () => {
      await fc.assert(
        fc.asyncProperty(fc.oneof(hostile, fc.constantFrom(dir, file, '/dev/null')), async (v) => {
          expectHandled(await runBounded(['hil', 'compare', v]), `hil compare ${JSON.stringify(v)}`);
        }),
        { numRuns: RUNS },
      );
    },
    budget(60_000),
  );
});

describe('hil restore', () => {
  const tree = xu3Tree('vendor');
  const adapter = createBoardAdapter(parseBoardProfile('odroid-xu3'), createSysfsRoot(tree));
  const saved = join(dir, 'saved-state.json');
  writeStateFile(saved, adapter.save(), { pid: 1, command: 'twinrtm hil run' });
  const state = JSON.parse(readFileSync(saved, 'utf8')) as unknown;
  const given = join(dir, 'state.json');

  it(
    'a state file with any field corrupted: restored, or refused in one line',
    async () => {
      await fc.assert(
        fc.asyncProperty(corrupt(state), async (s) => {
          writeFileSync(given, JSON.stringify(s));
          chmodSync(given, 0o600);
          expectHandled(
            await runBounded(['hil', 'restore', '--state-file', given, '--sysfs-root', tree, '--json']),
            JSON.stringify(s).slice(0, 300),
          );
        }),
        { numRuns: RUNS },
      );
    },
    budget(60_000),
  );

  it(
    '--state-file, --sysfs-root: any value (the tree always the test one, or one inside the test folder)',
    async () => {
      const values = fc.oneof(
        fc
          .oneof(hostile, fc.constantFrom(dir, file, '/dev/null', join(dir, 'missing.json')))
          .map((v) => ['--state-file', v, '--sysfs-root', tree]),
        fc
          .oneof(
            hostile.map((t) => inside(dir, t)),
            fc.constantFrom(dir, file),
          )
          .map((v) => ['--sysfs-root', v]),
        fc
          .oneof(
            hostile.map((t) => inside(dir, t)),
            fc.constantFrom(dir, file),
          )
          .map((v) => ['--state-file', saved, '--sysfs-root', v]),
      );
      await fc.assert(
        fc.asyncProperty(values, async (flags) => {
          const args = ['hil', 'restore', ...flags];
          expectHandled(await runBounded(args), args.join(' ').slice(0, 300));
        }),
        { numRuns: RUNS },
      );
    },
    budget(60_000),
  );
});

describe('hil compare against a calibrated platform', () => {
  it(
    'a platform file with any field corrupted: compared, or refused in one line',
    async () => {
      const platform = JSON.parse(JSON.stringify(platformById('odroid-xu3'))) as unknown;
      const path = join(dir, 'platform.json');
      await fc.assert(
        fc.asyncProperty(corrupt(platform), async (p) => {
          writeFileSync(path, JSON.stringify(p));
          expectHandled(
            await runBounded(['hil', 'compare', trace, '--platform-file', path, '--json']),
            JSON.stringify(p).slice(0, 300),
          );
        }),
        { numRuns: RUNS },
      );
    },
    budget(60_000),
  );
});
