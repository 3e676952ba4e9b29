/**
 * examples/sweepSpace.ts: its table is the configuration space's time-energy front per group count,
 * and its deadline choice the most groups that meet 25 ms, ties to the least energy.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { networkById, paretoFront, platformById, predictionObjectives, predictSpace } from '../../index.js';
import { runExample } from './runExample.js';

vi.mock('twinrtm', () => import('../../index.js'));

const platform = platformById('odroid-xu3');
const dnn = networkById('alexnet-cifar10-g4');
const space = predictSpace(platform, dnn);
const ROW =
  /^(\d)\s+(\S+ %|unmeasured)\s+(\d+)\s+(\d+)\s+(\w+) x(\d) @ (\d+) MHz\s+([\d.]+) ms ([\d.]+) mJ\s+(\w+) x(\d) @ (\d+) MHz\s+([\d.]+) ms ([\d.]+) mJ$/;

describe('examples/sweepSpace.ts', () => {
  let lines: string[];
  beforeAll(async () => {
    lines = await runExample('sweepSpace.ts');
  });

  it('should count the whole configuration space', () => {
    expect(lines[0]).toBe(`${space.length} configurations of alexnet-cifar10-g4 on odroid-xu3`);
  });

  it('should print one row per group count: its configurations, its front and the front ends', () => {
    const rows = lines.slice(2, 2 + dnn.groups).map((l) => ROW.exec(l));
    expect(
      rows.every((r) => r !== null),
      lines.join('\n'),
    ).toBe(true);
    const timeAndEnergy = predictionObjectives(['time', 'energy'], dnn).objectives;
    rows.forEach((r, i) => {
      const [, g, , configs, frontSize, , , , fastMs, fastMJ, , , , frugalMs, frugalMJ] = r!;
      const withG = space.filter((p) => p.config.groups === i + 1);
      expect(Number(g)).toBe(i + 1);
      expect(Number(configs)).toBe(withG.length);
      expect(Number(frontSize)).toBe(paretoFront(withG, timeAndEnergy).length);
      // The front's two ends: the fastest is never the cheaper in energy.
      expect(Number(fastMs)).toBeCloseTo(Math.min(...withG.map((p) => p.timeMs)), 2);
      expect(Number(fastMs)).toBeLessThan(Number(frugalMs));
      expect(Number(fastMJ)).toBeGreaterThan(Number(frugalMJ));
    });
  });

  it('should choose, under 25 ms, the most groups that meet it at the least energy', () => {
    const line = lines.find((l) => l.startsWith('under a 25 ms deadline'));
    const m = /: (\d) groups on (\w+) x(\d) @ (\d+) MHz, ([\d.]+) ms ([\d.]+) mJ/.exec(line ?? '');
    expect(m, line).not.toBeNull();
    const meets = space.filter((p) => p.timeMs <= 25);
    const most = Math.max(...meets.map((p) => p.config.groups));
    const least = Math.min(...meets.filter((p) => p.config.groups === most).map((p) => p.energyMJ));
    expect(Number(m![1])).toBe(most);
    expect(Number(m![5])).toBeLessThanOrEqual(25);
    expect(Number(m![6])).toBeCloseTo(least, 1);
  });
});
