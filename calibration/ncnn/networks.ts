/**
 * The networks of ncnn's benchmark that the twin costs here, read from their param files (copied from
 * Tencent/ncnn's benchmark/ folder into params/, BSD-3-Clause: SOURCE.md), at the input size
 * benchncnn feeds each (benchmark/benchncnn.cpp: 227x227 for alexnet and squeezenet, 224x224 for the
 * others). Weights are random in benchncnn: only the shapes matter.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { Dnn } from '../../dnn/types.js';
import { type ParamNetworkInfo, paramNetwork } from './paramNetwork.js';

const NCNN = 'https://github.com/Tencent/ncnn benchmark/';

export const NCNN_NETWORKS: readonly (ParamNetworkInfo & { file: string })[] = [
  {
    file: 'alexnet.param',
    id: 'ncnn-alexnet',
    description: 'BVLC AlexNet (conv2, conv4, conv5 in two groups), 227x227',
    input: [3, 227, 227],
    source: `${NCNN}alexnet.param at commit 34077b506581e20d27a579c10edc5102cf24ad7a`,
  },
  {
    file: 'vgg16.param',
    id: 'ncnn-vgg16',
    description: 'VGG-16, 224x224',
    input: [3, 224, 224],
    source: `${NCNN}vgg16.param at commit 1b032dfc83eaa4ec2e754ef0e979dc1ed7f0078a`,
  },
  {
    file: 'resnet18.param',
    id: 'ncnn-resnet18',
    description: 'ResNet-18 (batch-norms folded into the convolutions), 224x224',
    input: [3, 224, 224],
    source: `${NCNN}resnet18.param at commit 2fe769f314d3710ef40e710c646647b7c2cf7b7a`,
  },
  {
    file: 'squeezenet.param',
    id: 'ncnn-squeezenet',
    description: 'SqueezeNet 1.1, 227x227',
    input: [3, 227, 227],
    source: `${NCNN}squeezenet.param at commit 60e826181213487de78b32eac14ceacb088627b9`,
  },
];

/**
 * Where the param files are: beside this module in the sources; from dist/calibration/ncnn/, which the
 * build does not copy them into, in the package's calibration/ncnn/params/ (package.json's files).
 */
const FOLDERS = [new URL('./params/', import.meta.url), new URL('../../../calibration/ncnn/params/', import.meta.url)];

/**
 * The twin networks of NCNN_NETWORKS, by id (`ncnn-<model>`).
 *
 * @throws Error when the param files are missing from this installation
 */
export function ncnnNetworks(): Map<string, Dnn> {
  const folder = FOLDERS.find((f) => NCNN_NETWORKS.every((n) => existsSync(new URL(n.file, f))));
  if (!folder) throw new Error(`ncnn's param files (calibration/ncnn/params/) are missing from this installation`);
  return new Map(NCNN_NETWORKS.map((n) => [n.id, paramNetwork(readFileSync(new URL(n.file, folder), 'utf8'), n)]));
}
