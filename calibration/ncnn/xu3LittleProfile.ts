/**
 * The XU3's LITTLE (Cortex-A7) ncnn profile. ncnn's table has no Exynos 5422 or Odroid-XU section,
 * so the rows of the two boards with four Cortex-A7 cores stand in: the AXERA AX620A (1.0 GHz) and
 * the Banana Pi M2 Zero 2 (Allwinner H2+, 1.2 GHz); the i.MX7 Dual has two A7 cores and is left out.
 * Their alexnet, resnet18 and squeezenet rows (CPU, 1 and 4 threads; neither board has vgg16 rows)
 * are copied into cortex-a7-ncnn.csv (SOURCE.md). The fit is per cycle, each row at its board's
 * clock, so the block applies at the XU3's A7 clocks (200-1400 MHz).
 */
import { readFileSync } from 'node:fs';
import { platformById } from '../../models/builtinPlatforms.js';
import { fitNcnn, type NcnnFit } from './fitNcnn.js';
import { ncnnNetworks } from './networks.js';

export const A7_NCNN_CITATION =
  'Tencent/ncnn benchmark/README.md (BSD-3-Clause) at commit a4d2ea1d4422c9e849f166fd7a4aefb52f942f6a, sections "AXERA AX620A (Cortex-A7 1.0GHz * 4)" and "Banana Pi M2 Zero 2 AllWinner H2+, Cortex-A7 (ARMv7-A) (1.2GHz x 4)"';

/** Each stand-in board's clock, MHz: the nominal clock its heading states (benchncnn does not set clocks). */
export const A7_BOARD_CLOCKS_MHZ: Readonly<Record<string, number>> = {
  'AXERA AX620A (Cortex-A7 1.0GHz * 4)': 1000,
  'Banana Pi M2 Zero 2 AllWinner H2+, Cortex-A7 (ARMv7-A) (1.2GHz x 4)': 1200,
};

export function xu3LittleNcnnProfile(): NcnnFit {
  const table = readFileSync(new URL('./cortex-a7-ncnn.csv', import.meta.url), 'utf8');
  return fitNcnn({
    platform: platformById('odroid-xu3'),
    cpuUnit: 'a7',
    freqMHz: {},
    sectionFreqMHz: A7_BOARD_CLOCKS_MHZ,
    networks: ncnnNetworks(),
    table,
    citation: A7_NCNN_CITATION,
    date: '2026-12-04',
    clockNote:
      "of two stand-in boards with four Cortex-A7 cores (no Exynos 5422 rows exist), each row at its heading's clock: AX620A 1000 MHz, Banana Pi M2 Zero 2 (H2+) 1200 MHz; " +
      "fitted per cycle, so it applies at the XU3's A7 clocks. The H2+ board is 10-16 % slower than the AX620A on one thread and 28-53 % on four, at a 20 % higher stated clock " +
      '(its clock may be lower under load, its memory slower): the spread between the boards is most of the error',
    reproduce: 'npx tsx calibration/ncnn/printProfile.ts odroid-xu3-a7',
  });
}
