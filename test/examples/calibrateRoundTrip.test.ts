/**
 * examples/calibrateRoundTrip.ts: the measurements it writes are a valid sweep file, the fit recovers
 * the stand-in board, and the platform file it writes reads back and predicts the board where the
 * priors miss it.
 */
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadMeasurementsFile, loadPlatformFile, networkById, platformById, predict } from '../../index.js';
import { runExample } from './runExample.js';

vi.mock('twinrtm', () => import('../../index.js'));

const prior = platformById('odroid-xu3');
const dnn = networkById('alexnet-cifar10-g4');

/** The first capture of re in the printed lines. */
function printed(lines: readonly string[], re: RegExp): string[] {
  for (const line of lines) {
    const m = re.exec(line);
    if (m) return m.slice(1);
  }
  throw new Error(`nothing printed matches ${re}:\n${lines.join('\n')}`);
}

describe('examples/calibrateRoundTrip.ts', () => {
  let lines: string[];
  beforeAll(async () => {
    lines = await runExample('calibrateRoundTrip.ts');
  });
  afterAll(() => {
    const [file] = printed(lines, /^calibrated platform: (.+)$/);
    rmSync(dirname(file!), { recursive: true, force: true });
  });

  it('should write measurements that load strictly, every row kept', () => {
    const [count, file] = printed(lines, /^measurements: (\d+) rows in (.+)$/);
    const loaded = loadMeasurementsFile(file!, { platform: prior, dnn });
    expect(loaded.rows).toHaveLength(Number(count));
    expect(loaded.dropped).toEqual([]);
    // Whole inferences and each of their layers.
    expect(loaded.rows.filter((r) => r.layer === null).length * (dnn.layers.length + 1)).toBe(loaded.rows.length);
  });

  it('should cross-validate within the noise', () => {
    const [mape, within10] = printed(lines, /^cross-validated time: MAPE ([\d.]+) %, (\d+) % within 10 %/);
    expect(Number(mape)).toBeLessThan(3);
    expect(Number(within10)).toBeGreaterThanOrEqual(99);
  });

  it('should write a platform file that reads back with the fitted A15', () => {
    const [file] = printed(lines, /^calibrated platform: (.+)$/);
    const calibrated = loadPlatformFile(file!);
    const a15 = calibrated.units.find((u) => u.id === 'a15')!;
    const priorA15 = prior.units.find((u) => u.id === 'a15')!;
    expect(a15.perf.conv.calibration).toMatchObject({ rows: expect.any(Number) });
    expect(a15.perf.conv.workPerCycle / (priorA15.perf.conv.workPerCycle * 0.7)).toBeCloseTo(1, 1);
    // The A7 was not measured: it keeps its priors.
    expect(calibrated.units.find((u) => u.id === 'a7')).toEqual(prior.units.find((u) => u.id === 'a7'));
  });

  it('should predict the unmeasured configuration as the board does, where the priors miss by a quarter', () => {
    const error = (label: string) =>
      Number(printed(lines, new RegExp(`^${label}\\s+[\\d.]+\\s+[\\d.]+\\s+(-?[\\d.]+) %$`))[0]);
    expect(Math.abs(error('calibrated'))).toBeLessThan(2);
    expect(Math.abs(error('priors'))).toBeGreaterThan(20);
    expect(error('board')).toBe(0);
    const [file] = printed(lines, /^calibrated platform: (.+)$/);
    const [ms] = printed(lines, /^calibrated\s+([\d.]+)/);
    expect(Number(ms)).toBeCloseTo(
      predict(loadPlatformFile(file!), dnn, { groups: 3, unit: 'a15', cores: 2, freqMHz: { a15: 1200 } }).timeMs,
      2,
    );
  });

  it('should simulate with the calibrated platform', () => {
    const [inferences] = printed(lines, /^rtm on xu3-steady-30fps with the calibrated platform: (\d+) inferences/);
    expect(Number(inferences)).toBe(90);
  });
});
