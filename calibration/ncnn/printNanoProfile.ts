/**
 * `npx tsx calibration/ncnn/printNanoProfile.ts`: prints the Nano's fitted ncnn blocks (what
 * models/platforms/jetson-nano.json holds under each unit's runtimes.ncnn) and each row's error.
 */
import { nanoNcnnProfile } from './nanoProfile.js';

const fit = nanoNcnnProfile();
process.stdout.write(`${JSON.stringify(fit.profiles, null, 2)}\n`);
for (const r of fit.rows) {
  const pct = (100 * (r.fittedMs - r.measuredMs)) / r.measuredMs;
  process.stderr.write(
    `${r.unit} ${r.model} x${r.cores}: measured ${r.measuredMs} ms, fitted ${r.fittedMs.toFixed(2)} ms (${pct.toFixed(1)} %)\n`,
  );
}
