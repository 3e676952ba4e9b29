import fc from 'fast-check';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { summariseValidation } from '../../../calibration/validate/summariseValidation.js';
import type { ValidatedQuantity, ValidationPair } from '../../../calibration/validate/types.js';
import type { ValidateJson } from '../../../cli/commands/validate.js';
import { type ValidateOutput, validationFigures } from '../../../cli/report/figures/validation.js';
import { toSvg, toVega } from '../../../cli/report/render.js';
import { axisTitles, symbolCount } from './svgHelpers.js';
import { xmlProblem } from './xml.js';

const pair = (
  line: number,
  unit: string,
  quantity: ValidatedQuantity,
  measured: number,
  predicted: number,
): ValidationPair => ({
  line,
  unit,
  runtime: unit === 'gpu' ? null : 'onnxruntime',
  quantity,
  label: `row ${line}`,
  predicted,
  measured,
});

const output = (pairs: readonly ValidationPair[]): ValidateOutput => ({
  dataset: 'hand.csv',
  platform: 'odroid-xu3',
  dnn: 'alexnet-cifar10-g4',
  runtime: null,
  ...summariseValidation('calibration', pairs.length, pairs, 3),
});

// Time: a15 +10 %, -10 %, 0 %, +20 %; a7 -50 % and one predicted 0 (no place on a log axis).
// Power: gpu +5 %, -15 %, +5 %.
const HAND = output([
  pair(2, 'a15', 'time', 10, 11),
  pair(3, 'a15', 'time', 20, 18),
  pair(4, 'a15', 'time', 40, 40),
  pair(5, 'a15', 'time', 50, 60),
  pair(6, 'a7', 'time', 30, 15),
  pair(7, 'a7', 'time', 8, 0),
  pair(8, 'gpu', 'power', 2, 2.1),
  pair(9, 'gpu', 'power', 4, 3.4),
  pair(10, 'gpu', 'power', 3, 3.15),
]);

interface Encoded {
  field: string;
  scale?: { type?: string; domain?: number[] };
  sort?: string[];
}
interface Layer {
  data: { values: Record<string, number | string>[] };
  mark: { type: string };
  encoding: Record<string, Encoded>;
}
const layersOf = (spec: unknown) => (spec as { layer: Layer[] }).layer;

/** The points a symbol mark group drew, in data order: where, and what their tooltip says. */
function points(svg: string, group: string): { x: number; y: number; aria: string; fill: string }[] {
  const start = svg.search(new RegExp(`<g class="[^"]*\\b${group}\\b`));
  const inside = svg.slice(start, svg.indexOf('</g>', start));
  return [
    ...inside.matchAll(/<path aria-label="([^"]*)"[^>]*transform="translate\(([^,]+),([^)]+)\)"[^>]*fill="([^"]+)"/g),
  ].map((m) => ({ aria: m[1]!, x: Number(m[2]), y: Number(m[3]), fill: m[4]! }));
}

describe('the validation figures of a hand-made validate output', () => {
  it('should read the type validate prints (two declarations, since cli/report imports no command)', () => {
    expectTypeOf<ValidateJson>().toExtend<ValidateOutput>();
  });

  const figures = validationFigures(HAND, 'hand');
  const [time, power] = figures;

  it('should give one figure per quantity compared, time first, named for the file', () => {
    expect(figures.map((f) => f.id)).toEqual(['validation-time-hand', 'validation-power-hand']);
    expect(time!.title).toBe('Validation of time: odroid-xu3 against hand.csv');
  });

  it('should hold every positive pair as a point, coloured by unit and runtime, on shared log axes', () => {
    const [band, cloud, diagonal] = layersOf(time!.spec);
    expect(cloud!.mark.type).toBe('point');
    expect(cloud!.data.values.map((r) => [r.group, r.measured, r.predicted, r.errorPct, r.line])).toEqual([
      ['a15 (onnxruntime)', 10, 11, 10, 2],
      ['a15 (onnxruntime)', 20, 18, -10, 3],
      ['a15 (onnxruntime)', 40, 40, 0, 4],
      ['a15 (onnxruntime)', 50, 60, 20, 5],
      ['a7 (onnxruntime)', 30, 15, -50, 6],
    ]);
    const { x, y, color } = cloud!.encoding;
    expect([x!.field, y!.field, color!.field]).toEqual(['measured', 'predicted', 'group']);
    expect(color!.sort).toEqual(['a15 (onnxruntime)', 'a7 (onnxruntime)']);
    expect(x!.scale!.type).toBe('log');
    expect(y!.scale!.type).toBe('log');
    // One domain on both axes, around every point: y = x is the plot's diagonal.
    expect(y!.scale!.domain).toEqual(x!.scale!.domain);
    const [lo, hi] = x!.scale!.domain!;
    expect(lo).toBeCloseTo(10 / 1.2, 10);
    expect(hi).toBeCloseTo(60 * 1.2, 10);
    // The band is +-10 % of the measured value, the dashed line predicted = measured.
    for (const b of band!.data.values) {
      expect(b.low).toBeCloseTo(0.9 * (b.m as number), 12);
      expect(b.high).toBeCloseTo(1.1 * (b.m as number), 12);
    }
    expect(band!.encoding.y!.field).toBe('low');
    expect(band!.encoding.y2!.field).toBe('high');
    expect([diagonal!.mark.type, diagonal!.encoding.x!.field, diagonal!.encoding.y!.field]).toEqual(['line', 'm', 'm']);
    expect(diagonal!.data.values.map((b) => b.m)).toEqual([lo, hi]);
  });

  it("should give each group's MAPE and Spearman in the caption, and say what was not drawn", () => {
    expect(time!.caption).toContain('one point per value compared (6; 1 not drawn, not above zero on a log axis)');
    // a15: (10 + 10 + 0 + 20) / 4 % and a perfect rank order; a7: (50 + 100) / 2 %, two pairs, no rank correlation.
    expect(time!.caption).toContain('a15 (onnxruntime): MAPE 10.0 %, Spearman 1.000, 75 % within +-10 % (n = 4)');
    expect(time!.caption).toContain('a7 (onnxruntime): MAPE 75.0 %, Spearman n/a, 0 % within +-10 % (n = 2)');
    expect(time!.caption).toContain('alexnet-cifar10-g4');
    // (5 + 15 + 5) / 3 %; measured 2 4 3 and predicted 2.1 3.4 3.15 rank alike.
    expect(power!.caption).toContain('gpu: MAPE 8.3 %, Spearman 1.000, 67 % within +-10 % (n = 3)');
    expect(power!.caption).toContain('Predicted against measured power (W)');
  });

  it('should render as SVG: axes with units, one symbol per point, y = x on the diagonal, log spacing', async () => {
    const svg = await toSvg(toVega(time!.spec));
    expect(xmlProblem(svg)).toBeNull();
    expect(axisTitles(svg)).toEqual(['measured time (ms)', 'predicted time (ms)']);
    expect(symbolCount(svg, 'layer_1_marks')).toBe(5);
    const drawnPoints = points(svg, 'layer_1_marks');
    expect(drawnPoints.map((p) => /line: (\d+)/.exec(p.aria)?.[1])).toEqual(['2', '3', '4', '5', '6']);
    // 40 against 40 sits on the diagonal of the 360 x 360 square (SVG y grows downwards).
    const exact = drawnPoints[2]!;
    expect(exact.x + exact.y).toBeCloseTo(360, 6);
    // 10, 20, 40 measured: equal steps on a log axis.
    const [p10, p20, p40] = drawnPoints;
    expect(p20!.x - p10!.x).toBeCloseTo(p40!.x - p20!.x, 6);
    // Over-predicted points lie above the diagonal, under-predicted below.
    expect(p10!.x + p10!.y).toBeLessThan(360);
    expect(drawnPoints[4]!.x + drawnPoints[4]!.y).toBeGreaterThan(360);
    // Two groups, two colours.
    expect(new Set(drawnPoints.map((p) => p.fill)).size).toBe(2);
    expect(drawnPoints[4]!.fill).not.toBe(drawnPoints[0]!.fill);
    const powerSvg = await toSvg(toVega(power!.spec));
    expect(xmlProblem(powerSvg)).toBeNull();
    expect(axisTitles(powerSvg)).toEqual(['measured power (W)', 'predicted power (W)']);
    expect(symbolCount(powerSvg, 'layer_1_marks')).toBe(3);
  });
});

describe('the validation figures of any validate output', () => {
  const pairArb = fc.record({
    unit: fc.constantFrom('a7', 'a15', 'gpu'),
    quantity: fc.constantFrom<ValidatedQuantity>('time', 'power'),
    measured: fc.double({ min: 1e-3, max: 1e4, noNaN: true }),
    predicted: fc.oneof(fc.constant(0), fc.double({ min: 1e-3, max: 1e4, noNaN: true })),
  });

  it('should draw exactly the positive pairs of each quantity, inside one domain shared by both axes', () => {
    fc.assert(
      fc.property(fc.array(pairArb, { minLength: 1, maxLength: 40 }), (drawnPairs) => {
        const pairs = drawnPairs.map((p, i) => pair(i + 2, p.unit, p.quantity, p.measured, p.predicted));
        const figures = validationFigures(output(pairs), 'any');
        const quantities = (['time', 'power'] as const).filter((q) => pairs.some((p) => p.quantity === q));
        expect(figures.map((f) => f.id)).toEqual(quantities.map((q) => `validation-${q}-any`));
        for (const [k, q] of quantities.entries()) {
          const cloud = layersOf(figures[k]!.spec)[1]!;
          const positive = pairs.filter((p) => p.quantity === q && p.predicted > 0);
          expect(cloud.data.values.map((r) => r.line)).toEqual(positive.map((p) => p.line));
          const [lo, hi] = cloud.encoding.x!.scale!.domain!;
          expect(cloud.encoding.y!.scale!.domain).toEqual([lo, hi]);
          for (const r of cloud.data.values)
            for (const v of [r.measured as number, r.predicted as number]) {
              expect(v).toBeGreaterThan(lo!);
              expect(v).toBeLessThan(hi!);
            }
        }
      }),
      { numRuns: 50 },
    );
  });
});
