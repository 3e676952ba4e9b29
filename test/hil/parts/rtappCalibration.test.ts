/** rt-app's calibration run before the clock (hil/parts/rtappCalibration.ts), with the stand-in rt-app. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { calibrateRtapp, calibrateRuns } from '../../../hil/parts/rtappCalibration.js';
import type { RtappRun } from '../../../scenarios/rtapp/rtappRuns.js';
import { writeFakeRtapp } from '../fixtures/fakeRtapp.js';

const dir = mkdtempSync(join(tmpdir(), 'twinrtm-rtapp-calibration-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const run = (name: string, calibration: string): RtappRun => ({
  name,
  startS: 0,
  endS: null,
  file: `${name}.json`,
  text: `{ "global": { "calibration": ${calibration} }, "tasks": { "t": { "run": 1 } } }`,
  options: {},
});

describe('calibrateRtapp', () => {
  it("reads rt-app's pLoad line", async () => {
    expect(await calibrateRtapp(writeFakeRtapp(dir), dir, 3)).toBe(73);
  });

  it('fails naming the program and its last words when it prints no pLoad', async () => {
    // Node given the calibration file loads it as JSON and exits, printing nothing.
    await expect(calibrateRtapp(process.execPath, dir, 0)).rejects.toThrow(
      `${process.execPath} printed no "pLoad = N ns" calibrating on cpu 0 (exit code 0): no output`,
    );
  });
});

describe('calibrateRuns', () => {
  it('calibrates once per cpu, one cpu at a time, and leaves files given in ns per loop alone', async () => {
    const asked: number[] = [];
    const out = await calibrateRuns(
      [run('a', '"CPU2"'), run('b', '12'), run('c', '"CPU2"'), run('d', '"CPU0"')],
      async (cpu) => {
        asked.push(cpu);
        return 100 + cpu;
      },
    );
    expect(asked).toEqual([0, 2]);
    expect(out.runs.map((r) => /"calibration": (\w+)/.exec(r.text)?.[1])).toEqual(['102', '12', '102', '100']);
    await expect(
      calibrateRuns([run('a', '"CPU1"')], async () => Promise.reject(new Error('no pLoad'))),
    ).rejects.toThrow(expect.objectContaining({ name: 'BoardFailure', message: '--rtapp-calibrate: no pLoad' }));
    expect(out.notes).toEqual([
      'rt-app calibrated on cpu 0 before the run: 100 ns per loop, given to d as global.calibration',
      'rt-app calibrated on cpu 2 before the run: 102 ns per loop, given to a, c as global.calibration',
    ]);
  });
});
