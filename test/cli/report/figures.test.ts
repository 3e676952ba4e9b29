import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { comparisonFigure } from '../../../cli/report/figures/comparison.js';
import { paretoFigures } from '../../../cli/report/figures/pareto.js';
import { rangesFigure } from '../../../cli/report/figures/ranges.js';
import { timelineFigure } from '../../../cli/report/figures/timeline.js';
import { toSvg, toVega } from '../../../cli/report/render.js';
import { readRunTrace } from '../../../cli/report/traceReader.js';
import { networkById } from '../../../dnn/builtinNetworks.js';
import { platformById } from '../../../models/builtinPlatforms.js';
import { predictSpace } from '../../../models/configurationSpace.js';
import { dynamicRange } from '../../../models/dynamicRange.js';
import { paretoFront } from '../../../models/paretoFront.js';
import { SMALL, writeSmallTrace } from './smallTrace.js';
import { axisTitles, lineVertices, symbolCount } from './svgHelpers.js';
import { xmlProblem } from './xml.js';

const dir = mkdtempSync(join(tmpdir(), 'twinrtm-report-figures-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Every titled axis says its unit in parentheses. */
function expectUnits(svg: string, expectedTitles: number): void {
  const titles = axisTitles(svg);
  expect(titles.length).toBeGreaterThanOrEqual(expectedTitles);
  for (const title of titles) expect(title).toMatch(/\(.+\)/);
}

describe('the timeline of a small known trace', () => {
  const trace = readRunTrace(writeSmallTrace(dir));
  const svgPromise = toSvg(toVega(timelineFigure(trace, platformById('odroid-xu3')).spec));

  it('should be well-formed SVG with every axis titled with its unit', async () => {
    const svg = await svgPromise;
    expect(svg.startsWith('<svg')).toBe(true);
    expect(xmlProblem(svg)).toBeNull();
    // frequency, groups/cores, power, temperature, latency, and the time axis.
    expectUnits(svg, 6);
    expect(axisTitles(svg)).toEqual(
      expect.arrayContaining(['frequency (MHz)', 'power (W)', 'temperature (°C)', 'latency (ms)', 'time (s)']),
    );
  });

  it('should draw every sensor read of power, and every inference, missed ones apart', async () => {
    const svg = await svgPromise;
    expect(lineVertices(svg, 'panel2_marks')).toBe(SMALL.sensors);
    expect(symbolCount(svg, 'panel4_marks')).toBe(SMALL.inferences - SMALL.missed);
    expect(symbolCount(svg, 'concat_4_layer_1_marks')).toBe(SMALL.missed);
  });

  it('should say in its caption how much was drawn of what was measured', () => {
    const caption = timelineFigure(trace, platformById('odroid-xu3')).caption;
    expect(caption).toContain(`of ${SMALL.sensors} sensor reads and ${SMALL.inferences} inferences`);
    expect(caption).toContain(`${SMALL.drops} dropped requests`);
  });

  it('should thin an hour of sensor reads to at most two points per pixel column', async () => {
    const long = readRunTrace(writeSmallTrace(dir));
    const n = 360_000;
    long.sensors.t = Array.from({ length: n }, (_, i) => 10 * i);
    long.sensors.powerW = long.sensors.t.map((t) => 1 + Math.sin(t / 997));
    for (const u of long.run.units) {
      long.sensors.freqMHz[u] = long.sensors.t.map(() => 1000);
      long.sensors.temperatureC[u] = long.sensors.t.map((t) => 40 + Math.sin(t / 5000));
    }
    long.run.durationS = 3600;
    const figure = timelineFigure(long, platformById('odroid-xu3'));
    const svg = await toSvg(toVega(figure.spec));
    const vertices = lineVertices(svg, 'panel2_marks');
    expect(vertices).toBeGreaterThan(900);
    expect(vertices).toBeLessThanOrEqual(2 * 900 + 2);
  });
});

describe('the other figures', () => {
  it('should draw one point per policy in the comparison, axes with units', async () => {
    const metrics = (miss: number, mj: number) => ({
      inferences: 10,
      dropped: 0,
      deadlineMissRate: miss,
      latencyMs: { p50: 1, p95: 2, p99: 3 },
      meanAccuracy: null,
      meanConfidence: null,
      meanGroups: 4,
      energyPerInferenceMJ: mj,
      avgPowerW: 1,
      peakPowerW: 2,
      overPowerCapFraction: null,
      reconfigurations: 1,
      rejectedDecisions: 0,
      simulatedS: 1,
      events: 1,
    });
    const rows = ['a', 'b', 'c'].map((policy, i) => ({
      scenario: 's',
      seed: 1,
      policy,
      metrics: metrics(i / 10, 10 + i),
      source: 'x.json',
    }));
    const svg = await toSvg(toVega(comparisonFigure('s', rows).spec));
    expect(xmlProblem(svg)).toBeNull();
    expectUnits(svg, 2);
    expect(symbolCount(svg, 'layer_0_marks')).toBe(3);
  });

  it('should draw every configuration of the space, and its front', async () => {
    const platform = platformById('jetson-nano');
    const dnn = networkById('alexnet-cifar10-g4');
    const space = predictSpace(platform, dnn, {});
    const json = {
      platform: platform.id,
      dnn: dnn.id,
      spaceSize: space.length,
      pareto: null,
      accuracyProxy: null,
      count: space.length,
      configs: space.map((p) => ({
        config: p.config,
        timeMs: p.timeMs,
        energyMJ: p.energyMJ,
        avgPowerW: p.avgPowerW,
        accuracy: p.accuracy,
        confidence: p.confidence,
      })),
    };
    const [timeEnergy] = paretoFigures(json, 'nano');
    const svg = await toSvg(toVega(timeEnergy!.spec));
    expect(xmlProblem(svg)).toBeNull();
    expectUnits(svg, 4);
    const points = [...svg.matchAll(/<g class="mark-symbol role-mark child_layer_0_marks"[^>]*>(.*?)<\/g>/g)].reduce(
      (n, m) => n + (m[1]!.match(/<path\b/g) ?? []).length,
      0,
    );
    expect(points).toBe(space.length);
    const fronts = platform.units.map(
      (u) =>
        paretoFront(
          space.filter((p) => p.config.unit === u.id),
          [
            { name: 'time', direction: 'min', value: (p) => p.timeMs },
            { name: 'energy', direction: 'min', value: (p) => p.energyMJ },
          ],
        ).length,
    );
    expect(timeEnergy!.caption).toContain(`(${fronts.reduce((a, b) => a + b, 0)} points)`);
  });

  it('should draw three bars per quantity per platform in the dynamic range, on a ratio axis', async () => {
    const r = dynamicRange(platformById('odroid-xu3'), networkById('alexnet-cifar10-g4'));
    const svg = await toSvg(
      toVega(
        rangesFigure([
          { label: 'xu3', range: r },
          { label: 'xu3 again', range: r },
        ]).spec,
      ),
    );
    expect(xmlProblem(svg)).toBeNull();
    expectUnits(svg, 1);
    const bars = [...svg.matchAll(/<g class="mark-rect role-mark child_layer_0_marks"[^>]*>(.*?)<\/g>/g)].reduce(
      (n, m) => n + (m[1]!.match(/<path\b/g) ?? []).length,
      0,
    );
    expect(bars).toBe(2 * 2 * 3);
  });
});
