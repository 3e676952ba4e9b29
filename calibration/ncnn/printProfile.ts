/**
 * `npx tsx calibration/ncnn/printProfile.ts jetson-nano|raspberry-pi-4|odroid-xu3-a7`: prints a fitted
 * ncnn profile (the Nano's runtimes.ncnn blocks; the Pi 4's a72 perf blocks; the XU3 a7's runtimes.ncnn)
 * and each row's error.
 */
import { nanoNcnnProfile } from './nanoProfile.js';
import { rpi4NcnnProfile } from './rpi4Profile.js';
import { xu3LittleNcnnProfile } from './xu3LittleProfile.js';

const fits = {
  'jetson-nano': nanoNcnnProfile,
  'raspberry-pi-4': rpi4NcnnProfile,
  'odroid-xu3-a7': xu3LittleNcnnProfile,
};
const name = process.argv[2] ?? '';
if (!(name in fits)) {
  process.stderr.write(`printProfile: expected one of ${Object.keys(fits).join(', ')}, got '${name}'\n`);
  process.exit(2);
}
const fit = fits[name as keyof typeof fits]();
process.stdout.write(`${JSON.stringify(fit.profiles, null, 2)}\n`);
for (const r of fit.rows) {
  const pct = (100 * (r.fittedMs - r.measuredMs)) / r.measuredMs;
  process.stderr.write(
    `${r.unit} ${r.model} x${r.cores}: measured ${r.measuredMs} ms, fitted ${r.fittedMs.toFixed(2)} ms (${pct.toFixed(1)} %)\n`,
  );
}
