import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseGemstoneParams } from '../../../calibration/powmon/gemstoneParams.js';
import { POWMON_A15_EVENTS } from '../../../calibration/powmon/powmonEvents.js';
import { powmonStaticW } from '../../../models/powmonStaticW.js';

const DIR = 'data/public/powmon-xu3-a15/';
const read = (name: string) => readFileSync(DIR + name, 'utf8');

describe('parseGemstoneParams', () => {
  it("reads Powmon's A15 model (no index column): its betas are on the events its data set has", () => {
    const m = parseGemstoneParams(read('orig_models_asrtpm-A15.params'), 'asrtpm', 'A15');
    expect(Object.keys(m.betas).sort()).toEqual([...POWMON_A15_EVENTS].sort());
    expect(m.static[0]).toBe(-752.5773198197522);
    expect(m.betas.l2dCacheRead).toBe(8.114944087555288e-9);
  });

  it("reads GemStone's gs-A15 (pandas index column) as reference/power-models.md quotes it", () => {
    const m = parseGemstoneParams(read('orig_models_gs-A15.params'), 'gs', 'A15');
    expect(m.static).toEqual([
      -681.604059986, 0.117551170367, 2277.16890778, -0.491846201277, -2528.1574686, 0.645456768269, 932.937276293,
      -0.271180478671,
    ]);
    expect(m.betas).toMatchObject({
      cycles: 6.06992538845e-10,
      l1dWriteRefill: 4.79625288372e-8,
      l2Access: 5.72830963981e-9,
    });
    // The documented check value: 0.800 W at 1800 MHz and 1.183 V.
    expect(powmonStaticW(m.static, 1800, 1.183)).toBeCloseTo(0.8, 3);
  });

  it('should refuse a file without a static term, naming the term', () => {
    const text = read('orig_models_gs-A7.params')
      .split('\n')
      .filter((l) => !l.includes('\tFrequency_A7\t'))
      .join('\n');
    expect(() => parseGemstoneParams(text, 'gs-A7', 'A7')).toThrow(
      'gs-A7: Frequency_A7: term missing from the model file',
    );
  });

  it('should refuse an event the twin has no name for', () => {
    const text = 'Name\tValue\nIntercept\t1\nEPH_0x99:Frequency_A7:Voltage_A7_Squared\t1\n';
    expect(() => parseGemstoneParams(text, 'x', 'A7')).toThrow(/Frequency_A7: term missing/);
    const full = `${read('orig_models_gs-A7.params')}99\tEPH_0x99:Frequency_A7:Voltage_A7_Squared\t1\n`;
    expect(() => parseGemstoneParams(full, 'x', 'A7')).toThrow(/event 0x99 has no name/);
  });
});
