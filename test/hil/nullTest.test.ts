/**
 * The null test, short: the same scenario and policy through `simulate` and through `hil run` on an
 * emulated Odroid-XU3 must agree. A few seconds of xu3-steady-30fps under rtm. It asserts agreement,
 * not speed: what the wall clock cannot move, however loaded the machine (every request served or
 * dropped, each inference's DNN time and energy for the configuration it ran with). Which decisions a
 * policy takes when does depend on the wall clock; the full table, with latencies, deadline misses and
 * the time both spent in the same configuration, is `npm run bench:null` (BENCHMARKS.md), measured
 * on a quiet machine.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOdroidXu3Adapter } from '../../hil/board/odroidXu3.js';
import { writeStateFile } from '../../hil/board/stateFile.js';
import { createSysfsRoot } from '../../hil/board/sysfsRoot.js';
import { compareRuns } from '../../hil/compareRuns.js';
import { createPolicy } from '../../policies/registry.js';
import { scenarioById } from '../../scenarios/builtinScenarios.js';
import { simulate } from '../../sim/simulate.js';
import type { TraceEvent } from '../../sim/traceEvents.js';
import { run } from '../cli/run.js';
import { emulatorProcess } from './emulatorProcess.js';

const DURATION_S = 4;
let root: string;
/** One emulator for the file; the last test stops it (stop() may be called again). */
let emulator: { stop(): Promise<void> };

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'twinrtm-null-'));
  // Its own process, as a user runs it: on one event loop the emulator and the controller would time each other.
  emulator = await emulatorProcess('odroid-xu3', root);
}, 60_000);
afterAll(async () => {
  await emulator.stop();
  rmSync(root, { recursive: true, force: true });
});

/** Every file a run may write (governors, setspeeds, limits, sensor enables), path -> content. */
function writableFiles(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (
      !entry.isFile() ||
      !/^(scaling_governor|scaling_setspeed|scaling_min_freq|scaling_max_freq|enable)$/.test(entry.name)
    )
      continue;
    const path = join(entry.parentPath, entry.name);
    out.set(path.slice(dir.length), readFileSync(path, 'utf8'));
  }
  return out;
}

function lines(path: string): TraceEvent[] {
  return readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as TraceEvent);
}

describe('the null test on an emulated Odroid-XU3', () => {
  it('agrees with the twin on xu3-steady-30fps under rtm', async () => {
    // Act: the board run, as a user runs it, and the twin's.
    const trace = join(root, 'hil.jsonl');
    const r = await run(
      'hil',
      'run',
      'xu3-steady-30fps',
      '--board',
      'odroid-xu3',
      '--sysfs-root',
      root,
      '--policy',
      'rtm',
      '--duration',
      String(DURATION_S),
      '--trace',
      trace,
      '--state-file',
      join(root, 'state.json'),
      '--json',
    );
    expect(r.code, r.err).toBe(0);
    const board = lines(trace);
    const twin: TraceEvent[] = [];
    simulate({ ...scenarioById('xu3-steady-30fps'), durationS: DURATION_S }, createPolicy('rtm'), {
      trace: (e) => twin.push(e),
    });
    const a = compareRuns(twin, board);
    const why = JSON.stringify(a);
    // Assert: the run happened on the emulated board and was traced to its end.
    expect(board[0]).toMatchObject({
      kind: 'run',
      board: {
        kind: 'real',
        profile: 'odroid-xu3',
        power: 'measured',
        workload: expect.stringMatching(/^the emulator's/),
      },
    });
    expect(board.at(-1)!.kind).toBe('end');
    // Every request of the scenario was served or dropped, but for those the end caught waiting (in
    // flight, queued, or due so close to the end that a loaded machine's timer fired after it).
    const end = (events: TraceEvent[]) =>
      (events.find((e) => e.kind === 'end') as Extract<TraceEvent, { kind: 'end' }>).metrics;
    const accounted = (events: TraceEvent[]) => Number(end(events).inferences) + Number(end(events).dropped);
    expect(accounted(board), why).toBeLessThanOrEqual(accounted(twin));
    expect(accounted(board), why).toBeGreaterThanOrEqual(
      accounted(twin) - (scenarioById('xu3-steady-30fps').queueLimit + 2),
    );
    expect(a.sameConfiguration, why).toBeGreaterThan(0);
    // The typical inference that ran as in the twin took the twin's DNN time.
    expect(a.serviceMs.medianDifferencePct!, why).toBeLessThan(0.1);
    // Energy: the model's split of what the emulated INA231s measured, which the wall clock's timing
    // moves (the sensor's updates are seen at late reads); a gross error (a wrong rail, a unit twice)
    // would be tens of per cent. Within 2 % on a quiet machine: BENCHMARKS.md.
    expect(Math.abs(a.energyPerInferenceMJ.differencePct!), why).toBeLessThan(25);
  }, 120_000);

  it('leaves the tree as it found it, and `hil restore` puts back what a crashed run left', async () => {
    const before = writableFiles(root);
    expect([...before.keys()].filter((p) => p.endsWith('scaling_governor')).length).toBe(2);
    expect([...before.keys()].filter((p) => p.endsWith('enable')).length).toBe(4);
    const r = await run(
      'hil',
      'run',
      'xu3-steady-30fps',
      '--board',
      'odroid-xu3',
      '--sysfs-root',
      root,
      '--policy',
      'powersave',
      '--duration',
      '1',
      '--state-file',
      join(root, 'state-run.json'),
      '--json',
    );
    expect(r.code, r.err).toBe(0);
    // The emulator answers writes as the kernel would, a moment after they land: poll.
    await expect.poll(() => writableFiles(root), { timeout: 5_000 }).toEqual(before);
    // A crash: the state saved, the clocks set, and nothing restored before the process died.
    const adapter = createOdroidXu3Adapter(createSysfsRoot(root));
    const state = join(root, 'state-crash.json');
    writeStateFile(state, adapter.save());
    adapter.setFrequencyMHz('a15', 600);
    adapter.setFrequencyMHz('a7', 500);
    expect(writableFiles(root)).not.toEqual(before);
    const restored = await run('hil', 'restore', '--state-file', state, '--sysfs-root', root, '--json');
    expect(restored.code, restored.err).toBe(0);
    expect(JSON.parse(restored.out).written.length).toBeGreaterThan(0);
    await expect.poll(() => writableFiles(root), { timeout: 5_000 }).toEqual(before);
  }, 120_000);
});

// On the file's emulator, last since it stops it: the tests above leave its tree as they found it.
describe('a run whose emulated board goes away', () => {
  it('stops with one line and exit 1, and leaves the tree as it found it', async () => {
    const before = writableFiles(root);
    // The emulator stops once the run has served an inference: every later one has no DNN to run on.
    const trace = join(root, 'gone.jsonl');
    const watch = setInterval(() => {
      if (existsSync(trace) && readFileSync(trace, 'utf8').includes('"kind":"inference"')) {
        clearInterval(watch);
        void emulator.stop();
      }
    }, 50);
    const r = await run(
      'hil',
      'run',
      'xu3-steady-30fps',
      '--board',
      'odroid-xu3',
      '--sysfs-root',
      root,
      '--policy',
      'powersave',
      '--duration',
      '60',
      '--trace',
      trace,
      '--state-file',
      join(root, 'state-gone.json'),
      '--json',
    );
    clearInterval(watch);
    expect(r.code, r.err).toBe(1);
    const lines = r.err.trim().split('\n');
    expect(lines.at(-1)).toMatch(
      /^twinrtm: the DNN's workload process for a15 on 4 core\(s\) stopped: workload exited .*: the run cannot go on$/,
    );
    expect(r.err).not.toMatch(/\n\s+at /); // no stack trace
    // Restored: governors, limits, sensor enables. (scaling_setspeed shows '<unsupported>' under a
    // governor other than userspace because the kernel says so; with the emulator gone no kernel does.)
    const settings = (files: Map<string, string>) =>
      new Map([...files].filter(([path]) => !path.endsWith('scaling_setspeed')));
    expect(settings(writableFiles(root))).toEqual(settings(before));
    // The trace says why it ended.
    expect(readFileSync(trace, 'utf8')).toMatch(/"kind":"note","text":"the DNN's workload process/);
  }, 120_000);
});
