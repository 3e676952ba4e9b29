/** A real board's sensors say once, in a note, when a unit does not run at the clock it was set to. */
import { describe, expect, it } from 'vitest';
import type { FrequencyReadback } from '../../../hil/board/frequencyReadback.js';
import { AdapterSensors } from '../../../hil/parts/adapterSensors.js';
import type { BoardAdapter, TelemetrySnapshot } from '../../../hil/types.js';

function adapter(readbacks: FrequencyReadback[]): BoardAdapter & { frequencyReadback(): FrequencyReadback[] } {
  const snapshot: TelemetrySnapshot = {
    freqMHz: { a15: 1800 },
    utilisation: { a15: 0.5 },
    temperatureC: { a15: 71 },
    rails: [
      { rail: 'VDD_ARM', watts: 2, source: 'measured' },
      { rail: 'VDD_MEM', watts: 0.1, source: 'modelled' },
    ],
  };
  return {
    profile: 'odroid-xu3',
    sysfs: { root: '/', read: () => null, write: () => {}, exists: () => false, list: () => [], glob: () => [] },
    capabilities: () => ({
      profile: 'odroid-xu3',
      platform: 'odroid-xu3',
      units: [],
      measuredRails: ['VDD_ARM'],
      power: 'measured',
      temperature: true,
      energyCounters: [],
      notes: [],
    }),
    telemetry: () => snapshot,
    setFrequencyMHz: () => {},
    save: () => ({ profile: 'odroid-xu3', sysfsRoot: '/', files: {}, savedAt: '' }),
    restore: () => {},
    frequencyReadback: () => readbacks,
  };
}

describe('AdapterSensors', () => {
  it('reads only the measured rails as sensors', () => {
    expect(new AdapterSensors(adapter([])).read().railsW).toEqual({ VDD_ARM: 2 });
  });

  it('notes a clock the board did not take, once, and nothing for one it took or is still taking', () => {
    const notes: string[] = [];
    const sensors = new AdapterSensors(
      adapter([
        { unit: 'a15', setMHz: 2000, readMHz: 1800, sinceSetMs: 100, settleMs: 50, status: 'differs' },
        { unit: 'a7', setMHz: 1400, readMHz: 1400, sinceSetMs: 100, settleMs: 50, status: 'took' },
        { unit: 'a7', setMHz: 1400, readMHz: 200, sinceSetMs: 1, settleMs: 50, status: 'settling' },
      ]),
      (text) => notes.push(text),
    );
    sensors.read();
    sensors.read();
    expect(notes).toEqual([
      'a15: set to 2000 MHz, runs at 1800 MHz (the kernel refused the write, or a limit such as a thermal trip caps it)',
    ]);
  });
});
