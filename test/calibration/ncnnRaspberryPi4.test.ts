import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type NcnnRowError, parseNcnnRows } from '../../calibration/ncnn/fitNcnn.js';
import { ncnnNetworks } from '../../calibration/ncnn/networks.js';
import { RPI4_CLOCK_MHZ, rpi4NcnnProfile } from '../../calibration/ncnn/rpi4Profile.js';
import { platformById } from '../../models/builtinPlatforms.js';
import { predict } from '../../models/predict.js';
import { withRuntime } from '../../models/runtimes.js';

const HEADING = 'Raspberry Pi 4 Model B Broadcom BCM2711B0, Cortex-A72 (ARMv8) (1.8GHz x 4)';
const table = readFileSync(new URL('../../calibration/ncnn/raspberry-pi-4-ncnn.csv', import.meta.url), 'utf8');
const sourceNote = readFileSync(new URL('../../calibration/ncnn/SOURCE.md', import.meta.url), 'utf8');
const networks = ncnnNetworks();

/** In-sample mean absolute percentage error of the fitted rows. */
function mapePct(rows: readonly NcnnRowError[]): number {
  return (100 * rows.reduce((s, r) => s + Math.abs(r.fittedMs - r.measuredMs) / r.measuredMs, 0)) / rows.length;
}

describe("the Raspberry Pi 4's copied ncnn rows", () => {
  it('are the CPU rows of one section at 1 and 4 threads, its heading (which holds a comma) read as one cell', () => {
    const rows = parseNcnnRows(table);
    expect(rows).toHaveLength(8);
    expect(new Set(rows.map((r) => r.section))).toEqual(new Set([HEADING]));
    expect(rows.every((r) => r.device === 'cpu')).toBe(true);
    expect([...new Set(rows.map((r) => r.threads))].sort()).toEqual([1, 4]);
    expect(rows.find((r) => r.readmeLine === 1860)).toMatchObject({ model: 'alexnet', threads: 4, avgMs: 76.4 });
  });
});

describe("the Raspberry Pi 4's ncnn profile", () => {
  const pi = platformById('raspberry-pi-4');
  const fit = rpi4NcnnProfile();

  it('is the a72 perf the platform file holds, ncnn being its own runtime, so the file is reproduced by the fit', () => {
    expect(pi.defaultRuntime?.name).toBe('ncnn');
    expect(Object.keys(fit.profiles)).toEqual(['a72']);
    expect(pi.units[0]!.perf).toEqual(fit.profiles.a72!.perf);
  });

  it('records the rows, the clock, how to reproduce it and the leave-one-network-out error in the provenance', () => {
    const conv = fit.profiles.a72!.perf.conv.calibration!;
    expect(conv.rows).toBe(8);
    expect(conv.mapePct).toBe(44.8);
    expect(conv.note).toContain(`at ${RPI4_CLOCK_MHZ} MHz`);
    expect(conv.note).toContain('line 1903 vgg16 x1 1071.85 ms');
    expect(conv.note).toContain('Reproduce: npx tsx calibration/ncnn/printProfile.ts raspberry-pi-4');
  });

  it('has the in-sample and leave-one-network-out errors SOURCE.md states', () => {
    expect(mapePct(fit.rows).toFixed(1)).toBe('9.7');
    expect(sourceNote).toContain(
      'in-sample MAPE 9.7 % (4 of 8 rows within 10 %); each network predicted by a fit on\nthe other three: 44.8 %',
    );
    expect(fit.rows.filter((r) => Math.abs(r.fittedMs - r.measuredMs) / r.measuredMs <= 0.1)).toHaveLength(4);
  });

  it("gives through predict() the fitted time of every row at the assumed clock (the fit's form is the twin's)", () => {
    for (const on of [pi, withRuntime(pi, 'ncnn')]) {
      for (const r of fit.rows) {
        const t = predict(on, networks.get(r.model)!, {
          groups: 1,
          unit: 'a72',
          cores: r.cores,
          freqMHz: { a72: RPI4_CLOCK_MHZ },
        }).timeMs;
        expect(t / r.fittedMs).toBeCloseTo(1, 4);
      }
    }
  });
});
