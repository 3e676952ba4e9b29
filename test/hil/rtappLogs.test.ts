/** rt-app 1.0's per-thread logs read back (hil/rtappLogs.ts). */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseRtappLog, readRtappLogs } from '../../hil/rtappLogs.js';

// Two rows as Debian's rt-app 1.0 wrote them on this project's machine (header lines included).
const LOG = [
  '# Policy : SCHED_OTHER priority : 0',
  '#idx     perf      run   period           start             end          rel_st      slack c_duration   c_period     wu_lat',
  '   0   166666     2039    11670      3919368434      3919380104             340       7859       2000      10000       1765',
  '   0   166666    12304    12305      3919402119      3919414424           34026     -16086       2000      10000          0',
  '',
].join('\n');

const dir = mkdtempSync(join(tmpdir(), 'twinrtm-rtapp-logs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('parseRtappLog', () => {
  it('reads each row by its columns, skipping the comment lines', () => {
    expect(parseRtappLog(LOG, 'x.log')).toEqual([
      {
        perf: 166666,
        runUs: 2039,
        periodUs: 11670,
        startUs: 3919368434,
        endUs: 3919380104,
        relStartUs: 340,
        slackUs: 7859,
        configuredRunUs: 2000,
        timerPeriodUs: 10000,
        wakeupLatencyUs: 1765,
      },
      {
        perf: 166666,
        runUs: 12304,
        periodUs: 12305,
        startUs: 3919402119,
        endUs: 3919414424,
        relStartUs: 34026,
        slackUs: -16086,
        configuredRunUs: 2000,
        timerPeriodUs: 10000,
        wakeupLatencyUs: 0,
      },
    ]);
  });

  it('drops a last row torn by a kill, and refuses a broken row inside naming file:line', () => {
    expect(parseRtappLog(`${LOG}   0   1666`, 'x.log')).toHaveLength(2);
    expect(() => parseRtappLog(LOG.replace('12304', '12a04'), 'x.log')).toThrow(
      "x.log:4: not a row of rt-app's log (expected 11 integers",
    );
  });
});

describe('readRtappLogs', () => {
  it("finds each thread's log by basename, task and index, task names with '-' whole", () => {
    const folder = join(dir, 'w');
    mkdirSync(join(folder, 'logs'), { recursive: true });
    writeFileSync(join(folder, 'logs', 'mine-audio-out-1.log'), LOG);
    writeFileSync(join(folder, 'logs', 'mine-decoder-0.log'), LOG);
    writeFileSync(join(folder, 'logs', 'other-decoder-0.log'), LOG);
    writeFileSync(join(folder, 'logs', 'mine-stranger-2.log'), LOG);
    const logs = readRtappLogs(folder, 'logs', 'mine', ['decoder', 'audio-out']);
    expect(logs.map((l) => [l.task, l.index, l.rows.length])).toEqual([
      ['decoder', 0, 2],
      ['audio-out', 1, 2],
    ]);
    expect(readRtappLogs(folder, './', 'rt-app', ['decoder'])).toEqual([]);
    expect(readRtappLogs(join(dir, 'none'), './', 'rt-app', ['decoder'])).toEqual([]);
  });
});
