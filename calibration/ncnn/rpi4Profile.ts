/**
 * The Raspberry Pi 4's ncnn profile: fitNcnn on the Pi 4's alexnet, vgg16, resnet18 and squeezenet rows of ncnn's
 * published benchmark table (CPU, 4 and 1 threads), copied with their README line numbers into
 * raspberry-pi-4-ncnn.csv (SOURCE.md). The board has no Vulkan rows, so only the a72 cluster is fitted.
 */
import { readFileSync } from 'node:fs';
import { platformById } from '../../models/builtinPlatforms.js';
import { fitNcnn, type NcnnFit } from './fitNcnn.js';
import { ncnnNetworks } from './networks.js';

export const RPI4_NCNN_CITATION =
  'Tencent/ncnn benchmark/README.md (BSD-3-Clause) at commit a4d2ea1d4422c9e849f166fd7a4aefb52f942f6a, section "Raspberry Pi 4 Model B Broadcom BCM2711B0, Cortex-A72 (ARMv8) (1.8GHz x 4)"';

/**
 * The clock the rows are taken at: the heading's 1.8 GHz, the top operating point a busy board's
 * governor holds. The same networks' single-thread times on the RK3399's Cortex-A72 at 1.8 GHz
 * (README section "Rockchip RK3399", powersave 2) are within 1-8 % of these (squeezenet 71.83 vs
 * 73.96 ms, googlenet 228.64 vs 235.94, resnet18 176.85 vs 191.10, resnet50 504.18 vs 534.11,
 * vgg16 1062.34 vs 1071.85; alexnet is the exception, 165.30 vs 139.40), where a 1.5 GHz clock
 * would make them about 20 % slower.
 */
export const RPI4_CLOCK_MHZ = 1800;

export function rpi4NcnnProfile(): NcnnFit {
  const table = readFileSync(new URL('./raspberry-pi-4-ncnn.csv', import.meta.url), 'utf8');
  return fitNcnn({
    platform: platformById('raspberry-pi-4'),
    cpuUnit: 'a72',
    freqMHz: { a72: RPI4_CLOCK_MHZ },
    networks: ncnnNetworks(),
    table,
    citation: RPI4_NCNN_CITATION,
    date: '2026-12-04',
    clockNote:
      `at ${RPI4_CLOCK_MHZ} MHz (benchncnn leaves clocks to the governor: the heading's 1.8 GHz, the top point a busy board holds with arm_boost; ` +
      "the RK3399's Cortex-A72 at 1.8 GHz in the same table runs squeezenet, googlenet, resnet18, resnet50 and vgg16 on one thread within 1-8 % of these times (alexnet 19 % slower), where 1.5 GHz would be about 20 % slower)",
    reproduce: 'npx tsx calibration/ncnn/printProfile.ts raspberry-pi-4',
  });
}
