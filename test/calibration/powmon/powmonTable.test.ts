import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isPowmonHeader, parsePowmonTable } from '../../../calibration/powmon/powmonTable.js';

const KEY = 'data/public/powmon-xu3-a15/powmon_A15_key.csv';
const text = readFileSync(KEY, 'utf8');
const header = text.split('\n')[0]!;

describe('parsePowmonTable', () => {
  it("reads Powmon's 2160 runs: 60 workloads x 9 clocks x 1-4 threads", () => {
    const rows = parsePowmonTable(text, KEY);
    expect(rows).toHaveLength(2160);
    expect(new Set(rows.map((r) => r.workload)).size).toBe(60);
    expect([...new Set(rows.map((r) => r.freqMHz))].sort((a, b) => a - b)).toEqual([
      200, 400, 600, 800, 1000, 1200, 1400, 1600, 1800,
    ]);
    expect(new Set(rows.map((r) => r.threads))).toEqual(new Set([1, 2, 3, 4]));
  });

  it('takes each value from its column, and 0x1b - 0x73 as the instructions other than integer ones', () => {
    // The file's second line: idle, 1 thread, 200 MHz.
    const first = parsePowmonTable(text, KEY)[0]!;
    expect(first).toMatchObject({
      line: 2,
      workload: 'idle',
      threads: 1,
      freqMHz: 200,
      voltageV: 0.917428571429,
      powerW: 0.102533542857,
      temperatureC: 48.9892857143,
    });
    expect(first.rates.cycles).toBe(4843399.66826);
    expect(first.rates.instSpecMinusIntOps).toBeCloseTo(3059951.29967 - 1605165.74081, 4);
    expect(first.rates.intOps).toBe(1605165.74081);
    expect(first.rates.busAccess).toBe(10915.235113);
  });

  it('tells its header from the calibration format', () => {
    expect(isPowmonHeader(header)).toBe(true);
    expect(isPowmonHeader('platform,unit,dnn,groups,cores,freqMHz,busyCores,temperatureC,layer,timeMs')).toBe(false);
  });

  it('should refuse a bad value in one line naming the file, line and column', () => {
    const lines = text.split('\n').slice(0, 4);
    // Line 3 is basicmath at 200 MHz on one thread; its P_A15_W (core_mask is quoted, so no split on commas).
    expect(lines[2]).toContain(',0.160325361702,');
    lines[2] = lines[2]!.replace(',0.160325361702,', ',lots,');
    expect(() => parsePowmonTable(lines.join('\n'), 'p.csv')).toThrow(
      "p.csv: line 3: P_A15_W: 'lots' is not a positive number",
    );
  });

  it('should refuse a table without a column it needs, naming it', () => {
    const cut = text
      .split('\n')
      .slice(0, 3)
      .map((l) => l.split(',').slice(0, 8).join(','))
      .join('\n');
    expect(() => parsePowmonTable(cut, 'p.csv')).toThrow(/^p\.csv: no column T_A15_avg_C/);
  });
});
