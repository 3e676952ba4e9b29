/** global.calibration given as a measured ns per loop (scenarios/rtapp/setCalibration.ts). */
import { describe, expect, it } from 'vitest';
import { readRtapp } from '../../../scenarios/rtapp/readRtapp.js';
import { withCalibration } from '../../../scenarios/rtapp/setCalibration.js';

const read = (text: string) => readRtapp(text, 'w.json');

describe('withCalibration', () => {
  it('replaces a cpu calibration, keeping every other setting and task', () => {
    const text =
      '{ "global": { "duration": 5, "calibration": "CPU4" }, "tasks": { "a": { "run": 10, "sleep": 5, "run": 20 } } }';
    const out = read(withCalibration(text, 74));
    expect(out.global).toEqual({ ...read(text).global, calibration: { nsPerLoop: 74 } });
    expect(out.tasks).toEqual(read(text).tasks);
  });

  it('adds the key, or a global section, where the file has none (rt-app would calibrate on CPU0)', () => {
    expect(
      read(withCalibration('{ "global": { "duration": 5 }, "tasks": { "a": { "run": 1 } } }', 12)).global,
    ).toMatchObject({ durationS: 5, calibration: { nsPerLoop: 12 } });
    expect(read(withCalibration('{ "tasks": { "a": { "run": 1 } } }', 12)).global.calibration).toEqual({
      nsPerLoop: 12,
    });
  });
});
