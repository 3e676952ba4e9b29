import { describe, expect, it } from 'vitest';
import { networkById } from '../../dnn/builtinNetworks.js';
import { networkCost } from '../../dnn/networkCost.js';

/*
 * The default network (alexnet-cifar10-g4, G = 4), counted by hand per active group (block-diagonal,
 * every group identical). k = 3 everywhere, so k*k = 9.
 *
 *   layer  cin/group  cout/group  HW     weights/group        MACs/group             bias  bn
 *   conv1  3 (image)  16          32*32  3*16*9   =   432     432*1024   =   442,368  16    64
 *   conv2  16         48          16*16  16*48*9  =  6,912    6912*256   = 1,769,472  48   192
 *   conv3  48         96          8*8    48*96*9  = 41,472    41472*64   = 2,654,208  96   384
 *   conv4  96         64          8*8    96*64*9  = 55,296    55296*64   = 3,538,944  64   256
 *   conv5  64         64          8*8    64*64*9  = 36,864    36864*64   = 2,359,296  64   256
 *   fc6    1024       256         1      1024*256 = 262,144               =   262,144 256     0
 *   fc7    256        256         1      256*256  =  65,536               =    65,536 256     0
 *   fc8    256 per active group, 10 out  256*10   =   2,560               =     2,560  10 (once)
 *   sum per g                                      471,216                 11,094,528 800 + 10 once, 1,152
 *
 * MACs(g) = 11,094,528 g.
 * params(g) = (471,216 + 800 + 1,152) g + 10 = 473,168 g + 10; float32 bytes = 1,892,672 g + 40.
 * Output elements per group: conv1 16*1024 = 16,384; pool1 16*256 = 4,096; conv2 48*256 = 12,288;
 * pool2 48*64 = 3,072; conv3 96*64 = 6,144; conv4 64*64 = 4,096; conv5 4,096; pool5 64*16 = 1,024;
 * fc6 256; fc7 256 -> 51,712 per g, plus fc8's 10 -> activation bytes = 206,848 g + 40.
 * Peak: pool1 in + out = (16,384 + 4,096) * 4 = 81,920 g bytes, above conv1's 3,072*4 + 65,536 g.
 * Compares: (4,096 + 3,072 + 1,024) g outputs * 3 = 24,576 g.
 */
const defaultDnn = networkById('alexnet-cifar10-g4');
const cumulativeDnn = networkById('alexnet-cifar10-g4-cumulative');
const G = [1, 2, 3, 4];

describe('networkCost of the default network, float32', () => {
  it('MACs are 11,094,528 per active group', () => {
    expect(G.map((g) => networkCost(defaultDnn, g).macs)).toEqual([11_094_528, 22_189_056, 33_283_584, 44_378_112]);
  });

  it('paramBytes are 1,892,672 per group plus the classifier biases (40 B)', () => {
    expect(G.map((g) => networkCost(defaultDnn, g).paramBytes)).toEqual([1_892_712, 3_785_384, 5_678_056, 7_570_728]);
  });

  it('activationBytes are 206,848 per group plus the 10 class scores (40 B)', () => {
    expect(G.map((g) => networkCost(defaultDnn, g).activationBytes)).toEqual([206_888, 413_736, 620_584, 827_432]);
  });

  it('peakActivationBytes are pool1 input plus output, 81,920 per group', () => {
    expect(G.map((g) => networkCost(defaultDnn, g).peakActivationBytes)).toEqual([81_920, 163_840, 245_760, 327_680]);
  });

  it('the three pools compare 24,576 times per group', () => {
    expect(G.map((g) => networkCost(defaultDnn, g).compares)).toEqual([24_576, 49_152, 73_728, 98_304]);
  });
});

describe('networkCost of the default network, int8', () => {
  it('paramBytes at g=4 count weights at 1 byte and biases and batch-norm at 4', () => {
    // weights 471,216 * 4 = 1,884,864 B; biases 800*4 + 10 = 3,210 and bn 1,152*4 = 4,608 -> 7,818 * 4 = 31,272 B
    expect(networkCost(defaultDnn, 4, 'int8').paramBytes).toBe(1_916_136);
  });

  it('activationBytes at g=4 are one byte per element', () => {
    // 51,712 * 4 + 10 = 206,858
    expect(networkCost(defaultDnn, 4, 'int8').activationBytes).toBe(206_858);
  });
});

describe('networkCost of the cumulative network, float32', () => {
  /*
   * Group j reads j blocks of the layer before, so the active groups read 1 + ... + g = g(g+1)/2 blocks.
   * conv1 reads the image (442,368 g) and fc8 reads g blocks (2,560 g); the rest cost
   * 11,091,968 - 442,368 = 10,649,600 per block:
   * MACs(g) = 444,928 g + 10,649,600 g(g+1)/2.
   */
  it('MACs grow with g(g+1)/2 blocks', () => {
    expect(G.map((g) => networkCost(cumulativeDnn, g).macs)).toEqual([11_094_528, 32_838_656, 65_232_384, 108_275_712]);
  });

  it('paramBytes grow with g(g+1)/2 blocks', () => {
    // weights(g) = (432 + 2,560) g + (471,216 - 432 - 2,560) g(g+1)/2 = 2,992 g + 468,224 g(g+1)/2
    // params(g) = weights + 800 g + 10 + 1,152 g = 4,944 g + 234,112 g(g+1) + 10; bytes = 4 * params
    expect(G.map((g) => networkCost(cumulativeDnn, g).paramBytes)).toEqual([
      1_892_712, 5_658_280, 11_296_744, 18_808_104,
    ]);
  });
});

describe('networkCost memo', () => {
  it('returns the same frozen object for the same network, g and precision', () => {
    const first = networkCost(defaultDnn, 3, 'int8');
    expect(networkCost(defaultDnn, 3, 'int8')).toBe(first);
    expect(Object.isFrozen(first) && Object.isFrozen(first.layers) && Object.isFrozen(first.layers[0])).toBe(true);
  });

  it('keeps precisions and group counts apart', () => {
    expect(networkCost(defaultDnn, 3, 'float32')).not.toBe(networkCost(defaultDnn, 3, 'int8'));
    expect(networkCost(defaultDnn, 2).groups).toBe(2);
  });

  it('still refuses a bad g after the memo holds other values', () => {
    expect(() => networkCost(defaultDnn, 5)).toThrow('must be an integer from 1 to 4 (got 5)');
    expect(() => networkCost(defaultDnn, 0)).toThrow('must be an integer from 1 to 4 (got 0)');
  });
});
