/**
 * rt-app's logs against the twin's threads (hil/compareRtapp.ts): the twin's passes follow from the
 * file, the board's from the logs, and the figures are their means and counts.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compareRtapp, rtappRunsOnBoard } from '../../hil/compareRtapp.js';
import { platformById } from '../../models/builtinPlatforms.js';
import type { RtappRun } from '../../scenarios/rtapp/rtappRuns.js';
import type { TraceEvent } from '../../sim/traceEvents.js';

const dir = mkdtempSync(join(tmpdir(), 'twinrtm-compare-rtapp-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const host = platformById('host');

/** One thread: 2 ms of work every 10 ms, for the first second of the run. */
const tick = (global = '"calibration": "CPU0"'): RtappRun => ({
  name: 'tick',
  startS: 0,
  endS: 1,
  file: 'tick.json',
  text: `{ "global": { ${global} }, "tasks": { "tick": { "loop": -1, "run": 2000, "timer": { "ref": "unique", "period": 10000 } }, "idle": { "loop": -1, "suspend": "never", "run": 5 } } }`,
  options: {},
});

/** A log row: run, period and slack as given, the rest fixed. */
const row = (run: number, period: number, slack: number) => `   0   1000 ${run} ${period} 1 2 3 ${slack} 2000 10000 50`;

describe('compareRtapp', () => {
  it("sets each task's log rows against the twin's passes", () => {
    mkdirSync(join(dir, 'a', 'tick'), { recursive: true });
    const rows = [row(2000, 10000, 8000), row(2600, 10600, -500), row(2100, 10000, 7000), row(2500, 10100, -100)];
    writeFileSync(
      join(dir, 'a', 'tick', 'rt-app-tick-0.log'),
      `# Policy : SCHED_OTHER priority : 0\n#idx perf run ...\n${rows.join('\n')}\n`,
    );
    const [w] = compareRtapp([tick()], join(dir, 'a'), host, 1, null);
    expect(w).toMatchObject({ name: 'tick', logs: 1, notes: [] });
    const [t, idle] = w!.tasks;
    // The twin: a pass ends when the timer wakes the thread, every 10 ms; the one ending at 1 s is cut,
    // as rt-app logs no pass it is stopped inside. Each runs 2 ms (cpu 1 is cpu 0's unit, at its clock).
    expect(t).toEqual({
      task: 'tick',
      threads: { twin: 1, board: 1 },
      passes: { twin: 99, board: 4 },
      runPerPassUs: { twin: 2000, board: 2300, differencePct: 15 },
      passUs: { twin: 10000, board: 10175, differencePct: 1.75 },
      configuredRunPerPassUs: 2000,
      timedPasses: { twin: 99, board: 4 },
      missedPasses: { twin: 0, board: 2 },
      missedPct: { twin: 0, board: 50 },
      slackUs: { twin: 8000, board: 3600, differencePct: -55 },
      wakeupLatencyUs: 50,
    });
    // A thread that never finishes a pass, and has no log: listed with nothing to compare.
    expect(idle).toMatchObject({
      task: 'idle',
      threads: { twin: 1, board: 0 },
      passes: { twin: 0, board: 0 },
      runPerPassUs: { twin: null, board: null, differencePct: null },
      missedPct: { twin: null, board: null },
    });
  });

  it('says where it found no log, and when the file turned logging off', () => {
    expect(compareRtapp([tick()], join(dir, 'none'), host, 1, null)[0]!.notes).toEqual([
      `no rt-app log in ${join(dir, 'none', 'tick')}: hil run --trace TRACE keeps them in TRACE.rtapp/tick/`,
    ]);
    expect(compareRtapp([tick('"log_size": "disable"')], join(dir, 'none'), host, 1, null)[0]!.notes).toEqual([
      'tick.json sets log_size "disable": rt-app wrote no log',
    ]);
  });
});

describe('rtappRunsOnBoard', () => {
  const runEvent = (board: 'twin' | 'real'): TraceEvent =>
    ({
      t: 0,
      kind: 'run',
      scenario: 's',
      policy: 'p',
      seed: 1,
      platform: 'host',
      dnn: 'd',
      durationS: 1,
      board: board === 'real' ? { kind: 'real', profile: 'local', power: 'modelled' } : { kind: 'twin' },
    }) as unknown as TraceEvent;
  const stretch: TraceEvent = { t: 0, kind: 'coworkload', name: 'tick:cpu:0', event: 'start', unit: 'cpu' };

  it('takes the workloads a board ran with no stretch of them in its trace, and none from the twin', () => {
    expect(rtappRunsOnBoard([runEvent('real')], [tick()]).map((r) => r.name)).toEqual(['tick']);
    expect(rtappRunsOnBoard([runEvent('real'), stretch], [tick()])).toEqual([]);
    expect(rtappRunsOnBoard([runEvent('twin')], [tick()])).toEqual([]);
  });
});
