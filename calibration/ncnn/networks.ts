/**
 * The plain-chain networks of ncnn's benchmark that the twin can cost, as their param files give
 * them (Tencent/ncnn, benchmark/*.param; weights are random in benchncnn, only shapes matter). Each
 * conv and fc carries the weight count its param file states (key 6 of a Convolution, 2 of an
 * InnerProduct), which chainNetwork checks against its own count.
 */
import type { ChainNetwork } from './chainNetwork.js';

const NCNN = 'https://github.com/Tencent/ncnn';

/** BVLC AlexNet (Caffe), 227x227: conv2, conv4 and conv5 in two groups (ConvolutionDepthWise, key 7 = 2). */
export const NCNN_ALEXNET: ChainNetwork = {
  id: 'ncnn-alexnet',
  description: "ncnn benchmark's alexnet: BVLC AlexNet at 227x227, batch 1",
  input: [3, 227, 227],
  source: `${NCNN} benchmark/alexnet.param at commit 34077b506581e20d27a579c10edc5102cf24ad7a`,
  layers: [
    { name: 'conv1', op: 'conv', out: 96, kernel: 11, stride: 4, statedWeights: 34848 },
    { name: 'pool1', op: 'maxpool', kernel: 3, stride: 2 },
    { name: 'conv2', op: 'conv', out: 256, kernel: 5, pad: 2, group: 2, statedWeights: 307200 },
    { name: 'pool2', op: 'maxpool', kernel: 3, stride: 2 },
    { name: 'conv3', op: 'conv', out: 384, kernel: 3, pad: 1, statedWeights: 884736 },
    { name: 'conv4', op: 'conv', out: 384, kernel: 3, pad: 1, group: 2, statedWeights: 663552 },
    { name: 'conv5', op: 'conv', out: 256, kernel: 3, pad: 1, group: 2, statedWeights: 442368 },
    { name: 'pool5', op: 'maxpool', kernel: 3, stride: 2 },
    { name: 'fc6', op: 'fc', out: 4096, statedWeights: 37748736 },
    { name: 'fc7', op: 'fc', out: 4096, statedWeights: 16777216 },
    { name: 'fc8', op: 'fc', out: 1000, statedWeights: 4096000 },
  ],
};

const conv3x3 = (name: string, out: number, statedWeights: number) => ({
  name,
  op: 'conv' as const,
  out,
  kernel: 3,
  pad: 1,
  statedWeights,
});
const pool2x2 = (name: string) => ({ name, op: 'maxpool' as const, kernel: 2, stride: 2 });

/** VGG-16 (Caffe), 224x224. */
export const NCNN_VGG16: ChainNetwork = {
  id: 'ncnn-vgg16',
  description: "ncnn benchmark's vgg16: VGG-16 at 224x224, batch 1",
  input: [3, 224, 224],
  source: `${NCNN} benchmark/vgg16.param at commit 1b032dfc83eaa4ec2e754ef0e979dc1ed7f0078a`,
  layers: [
    conv3x3('conv1_1', 64, 1728),
    conv3x3('conv1_2', 64, 36864),
    pool2x2('pool1'),
    conv3x3('conv2_1', 128, 73728),
    conv3x3('conv2_2', 128, 147456),
    pool2x2('pool2'),
    conv3x3('conv3_1', 256, 294912),
    conv3x3('conv3_2', 256, 589824),
    conv3x3('conv3_3', 256, 589824),
    pool2x2('pool3'),
    conv3x3('conv4_1', 512, 1179648),
    conv3x3('conv4_2', 512, 2359296),
    conv3x3('conv4_3', 512, 2359296),
    pool2x2('pool4'),
    conv3x3('conv5_1', 512, 2359296),
    conv3x3('conv5_2', 512, 2359296),
    conv3x3('conv5_3', 512, 2359296),
    pool2x2('pool5'),
    { name: 'fc6', op: 'fc', out: 4096, statedWeights: 102760448 },
    { name: 'fc7', op: 'fc', out: 4096, statedWeights: 16777216 },
    { name: 'fc8', op: 'fc', out: 1000, statedWeights: 4096000 },
  ],
};

export const NCNN_CHAIN_NETWORKS: readonly ChainNetwork[] = [NCNN_ALEXNET, NCNN_VGG16];
