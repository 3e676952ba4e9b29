import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { layerCost } from '../../dnn/layerCost.js';
import { memoryFootprint } from '../../dnn/memoryFootprint.js';
import { networkCost } from '../../dnn/networkCost.js';
import { resolveNetwork } from '../../dnn/resolveNetwork.js';
import type { Dnn, Precision } from '../../dnn/types.js';
import { networkSpec } from './arbitraries/networkSpec.js';

const precision = fc.constantFrom<Precision>('float32', 'int8');
const dnn = (structure?: 'block-diagonal' | 'cumulative') =>
  networkSpec(structure ? { structure } : {}).map((spec) => resolveNetwork(spec, 'generated.json'));
const activeCounts = (d: Dnn) => Array.from({ length: d.groups }, (_, i) => i + 1);

describe('cost properties over random valid networks', () => {
  it('every generated spec resolves and every cost is a non-negative safe integer', () => {
    fc.assert(
      fc.property(dnn(), precision, (d, p) => {
        for (const g of activeCounts(d)) {
          for (const layer of networkCost(d, g, p).layers) {
            for (const value of Object.values(layer)) {
              if (typeof value === 'number') expect(Number.isSafeInteger(value) && value >= 0).toBe(true);
            }
          }
        }
      }),
    );
  });

  it('macs, paramBytes and activationBytes strictly increase with g', () => {
    fc.assert(
      fc.property(dnn(), precision, (d, p) => {
        for (let g = 1; g < d.groups; g += 1) {
          const [now, next] = [networkCost(d, g, p), networkCost(d, g + 1, p)];
          expect(next.macs).toBeGreaterThan(now.macs);
          expect(next.paramBytes).toBeGreaterThan(now.paramBytes);
          expect(next.activationBytes).toBeGreaterThan(now.activationBytes);
        }
      }),
    );
  });

  it('a block-diagonal grouped layer at g costs exactly g/G of the same layer at G', () => {
    fc.assert(
      fc.property(dnn('block-diagonal'), precision, (d, p) => {
        const G = d.groups;
        d.layers.forEach((layer, i) => {
          if (!layer.grouped) return;
          const full = layerCost(d, i, G, p);
          for (const g of activeCounts(d)) {
            const part = layerCost(d, i, g, p);
            // Cross-multiplied so the check stays in exact integers.
            expect(part.macs * G).toBe(full.macs * g);
            expect(part.compares * G).toBe(full.compares * g);
            expect(part.paramBytes * G).toBe(full.paramBytes * g);
            expect(part.outputBytes * G).toBe(full.outputBytes * g);
            // A layer reading a whole tensor (the input, or a shared stem) reads all of it at any g.
            if (layer.inputGrouped) expect(part.inputBytes * G).toBe(full.inputBytes * g);
            else expect(part.inputBytes).toBe(full.inputBytes);
          }
        });
      }),
    );
  });

  it('cumulative MACs are never below block-diagonal MACs, layer by layer', () => {
    fc.assert(
      fc.property(networkSpec({ structure: 'block-diagonal' }), precision, (spec, p) => {
        const blockDiagonal = resolveNetwork(spec, 'bd.json');
        const cumulative = resolveNetwork({ ...spec, structure: 'cumulative' }, 'cumulative.json');
        for (const g of activeCounts(blockDiagonal)) {
          const [bd, cu] = [networkCost(blockDiagonal, g, p), networkCost(cumulative, g, p)];
          bd.layers.forEach((layer, i) => {
            expect(cu.layers[i]?.macs).toBeGreaterThanOrEqual(layer.macs);
          });
        }
      }),
    );
  });

  it('one dynamic model never needs more memory than a slimmable one, nor that more than separate models', () => {
    fc.assert(
      fc.property(dnn(), precision, (d, p) => {
        const { dynamicBytes, slimmableBytes, separateModelsBytes } = memoryFootprint(d, p);
        expect(dynamicBytes).toBeLessThanOrEqual(slimmableBytes);
        expect(slimmableBytes).toBeLessThanOrEqual(separateModelsBytes);
      }),
    );
  });

  it('network totals are the sums (and the peak the maximum) of the layer costs', () => {
    fc.assert(
      fc.property(dnn(), precision, (d, p) => {
        for (const g of activeCounts(d)) {
          const cost = networkCost(d, g, p);
          const rows = d.layers.map((_, i) => layerCost(d, i, g, p));
          const sum = (pick: (r: (typeof rows)[number]) => number) => rows.reduce((s, r) => s + pick(r), 0);
          expect(cost.macs).toBe(sum((r) => r.macs));
          expect(cost.compares).toBe(sum((r) => r.compares));
          expect(cost.paramBytes).toBe(sum((r) => r.paramBytes));
          expect(cost.activationBytes).toBe(sum((r) => r.outputBytes));
          expect(cost.peakActivationBytes).toBe(Math.max(...rows.map((r) => r.inputBytes + r.outputBytes)));
        }
      }),
    );
  });
});
