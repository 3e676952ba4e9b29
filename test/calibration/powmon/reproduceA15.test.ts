/**
 * The fit on the repository's copy of Powmon's data: the numbers reproduce, the committed
 * result is what the command computes, and the proposed block is a valid odroid-xu3 A15 block.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatReproduceA15, POWMON_DATA_DIR, reproduceA15 } from '../../../calibration/powmon/reproduceA15.js';
import { networkById } from '../../../dnn/builtinNetworks.js';
import { platformById } from '../../../models/builtinPlatforms.js';
import { checkPlatform } from '../../../models/checkPlatform.js';
import { predict } from '../../../models/predict.js';

const committed = JSON.parse(readFileSync('calibration/powmon/a15PowmonFit.json', 'utf8'));
// The date is the only input that is not in the repository: the committed run's.
const result = reproduceA15(POWMON_DATA_DIR, 5, committed.proposedA15Power.eventsPerCycle.conv.calibration.date);

describe("the A15 fit on Powmon's public runs", () => {
  it("reproduces issue 21's error of the prior: 24 % MAPE, +19 % bias", () => {
    expect(result.fit.prior.mapePct.toFixed(1)).toBe('23.9');
    expect(result.fit.prior.biasPct.toFixed(1)).toBe('18.6');
  });

  it("reproduces Powmon's own 2.8 % with each run's events and no leakage factor", () => {
    expect(result.fit.ownEvents['powmon as published (no leakage)']!.mapePct.toFixed(1)).toBe('2.8');
  });

  it("reproduces the issue's static check: gs-A15 -0.4 % at 1000 MHz, -36 % at 1800 MHz (single-thread idle runs)", () => {
    const at = (f: number) => result.fit.idle.find((i) => i.freqMHz === f)!.oneThreadErrorPct.prior!;
    expect(at(1000).toFixed(1)).toBe('-0.4');
    expect(at(1800).toFixed(1)).toBe('-36.1');
  });

  it('cross-validates by workload better than the prior', () => {
    const cv = result.fit.crossValidation.powmon!;
    expect(cv.byClass.n).toBe(59 * 36);
    expect(cv.byClass.mapePct).toBeLessThan(result.fit.prior.mapePct);
  });

  it('is the committed calibration/powmon/a15PowmonFit.json', () => {
    expect(JSON.parse(JSON.stringify(result))).toEqual(committed);
  });

  it('proposes a block the platform checker accepts and the twin predicts with', () => {
    const xu3 = structuredClone(platformById('odroid-xu3')) as unknown as { units: { id: string; power: unknown }[] };
    xu3.units.find((u) => u.id === 'a15')!.power = result.proposedA15Power;
    const platform = checkPlatform(xu3, 'proposed');
    const p = predict(platform, networkById('alexnet-cifar10-g4'), {
      groups: 4,
      unit: 'a15',
      cores: 4,
      freqMHz: { a7: 1400, a15: 1800 },
    });
    expect(p.avgPowerW).toBeGreaterThan(0);
    expect(Number.isFinite(p.avgPowerW)).toBe(true);
  });

  it("finds the twin's A7 block equal to GemStone's gs-A7", () => {
    expect(result.a7.differences).toEqual([]);
  });

  it('prints the numbers', () => {
    const text = formatReproduceA15(result);
    expect(text).toContain(
      "the twin's A15 prior (gs-A15, co-workload events per cycle, as of issue 21): MAPE 23.9 %, bias +18.6 %",
    );
    expect(text).toContain('5-fold cross-validation by workload');
  });
});
