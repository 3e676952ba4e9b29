import { describe, expect, it } from 'vitest';
import { networkById } from '../../dnn/builtinNetworks.js';
import { memoryFootprint } from '../../dnn/memoryFootprint.js';

/*
 * Default network, float32 (see networkCost.test.ts): paramBytes(g) = 1,892,672 g + 40;
 * batch-norm bytes(g) = 4 params * 288 channels per group * 4 B = 4,608 g.
 */
describe('memoryFootprint of the default network', () => {
  it('a dynamic model stores the full network once', () => {
    expect(memoryFootprint(networkById('alexnet-cifar10-g4')).dynamicBytes).toBe(7_570_728);
  });

  it('separate models store one network per g', () => {
    // 1,892,672 * (1 + 2 + 3 + 4) + 4 * 40 = 18,926,720 + 160
    expect(memoryFootprint(networkById('alexnet-cifar10-g4')).separateModelsBytes).toBe(18_926_880);
  });

  it('a slimmable network adds a private batch-norm per width', () => {
    // 7,570,728 - 4,608 * 4 + 4,608 * (1 + 2 + 3 + 4) = 7,570,728 - 18,432 + 46,080
    expect(memoryFootprint(networkById('alexnet-cifar10-g4')).slimmableBytes).toBe(7_598_376);
  });

  it('the cumulative network counts its lower block-triangular weights', () => {
    // paramBytes(g) = 1,892,712 / 5,658,280 / 11,296,744 / 18,808,104 (networkCost.test.ts)
    expect(memoryFootprint(networkById('alexnet-cifar10-g4-cumulative'))).toEqual({
      dynamicBytes: 18_808_104,
      separateModelsBytes: 37_655_840,
      slimmableBytes: 18_808_104 - 18_432 + 46_080,
    });
  });

  it('int8 shrinks the weights but not the batch-norm', () => {
    // paramBytes int8 (g) = 471,216 g + (800 g + 10 + 1,152 g) * 4 = 479,024 g + 40 -> g=4: 1,916,136
    // separate: 479,024 * 10 + 160 = 4,790,400; slimmable: 1,916,136 - 18,432 + 46,080 = 1,943,784
    expect(memoryFootprint(networkById('alexnet-cifar10-g4'), 'int8')).toEqual({
      dynamicBytes: 1_916_136,
      separateModelsBytes: 4_790_400,
      slimmableBytes: 1_943_784,
    });
  });
});
