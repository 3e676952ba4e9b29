/**
 * The Jetson Nano's ncnn profile: fitNcnn on the Nano's alexnet, vgg16, resnet18 and squeezenet rows of ncnn's published
 * benchmark table, copied with their README line numbers into jetson-nano-ncnn.csv (SOURCE.md).
 */
import { readFileSync } from 'node:fs';
import { platformById } from '../../models/builtinPlatforms.js';
import { fitNcnn, type NcnnFit } from './fitNcnn.js';
import { ncnnNetworks } from './networks.js';

export const NANO_NCNN_CITATION =
  'Tencent/ncnn benchmark/README.md (BSD-3-Clause) at commit a4d2ea1d4422c9e849f166fd7a4aefb52f942f6a, section "NVIDIA Jetson Nano"';

/** Fits the Nano's a57 (CPU rows, 1 and 4 threads) and gpu (Vulkan rows) ncnn blocks. */
export function nanoNcnnProfile(): NcnnFit {
  const table = readFileSync(new URL('./jetson-nano-ncnn.csv', import.meta.url), 'utf8');
  return fitNcnn({
    platform: platformById('jetson-nano'),
    cpuUnit: 'a57',
    gpuUnit: 'gpu',
    freqMHz: { a57: 1479, gpu: 921.6 },
    networks: ncnnNetworks(),
    table,
    citation: NANO_NCNN_CITATION,
    date: '2026-12-04',
  });
}
