/**
 * A perturbed variant of a platform: the same units, operating points, rails and modes, with its
 * priors scaled, so a governor is tested on boards that differ from the one it was written for
 * as much as an uncalibrated model may differ from the real board.
 */
import { checkPlatform } from '../models/checkPlatform.js';
import type { Platform, Provenance } from '../models/types.js';

/** Scale factors for one unit, as whole percent changes (0 = as built in; 12 = x1.12). */
export interface UnitPerturbation {
  /** Speed: work per cycle and memory bandwidth (positive: faster). */
  speedPct: number;
  /** Dynamic power of a busy core (Powmon betas, or the CMOS core power). */
  dynamicPct: number;
  /** Static power (the Powmon polynomial as a whole, or the CMOS static power). */
  staticPct: number;
}

/** How a variant departs from its base platform. */
export interface Perturbation {
  /** Per unit id; a unit left out is as built in. */
  units: Record<string, UnitPerturbation>;
  /** Idle power of the rest of the board (memory, SoC base). */
  idlePct: number;
}

const factor = (pct: number) => 1 + pct / 100;

/** The block now holds a scaled value: its provenance says so, replacing the source it had. */
function restate<T extends Provenance>(block: T, pct: number): void {
  const was =
    block.source ??
    block.prior ??
    (block.calibration ? `calibration ${block.calibration.dataSha256.slice(0, 12)}` : 'unknown');
  delete block.source;
  delete block.calibration;
  block.prior = `x${factor(pct)} of the built-in value by the twinrtm test kit (built in: ${was})`;
}

/**
 * The base platform with its perf and power parameters scaled.
 *
 * In plain words: each unit runs speedPct faster (work per cycle and bandwidth), its busy cores
 * draw dynamicPct more, its static power is staticPct more; the rest of the board idles idlePct
 * higher. Operating points, voltages, rails, power modes and thermal trips are unchanged, and the id
 * stays the base's, so scenarios that name the base run on the variant with `--platform-file`.
 *
 * @param base - a checked platform (built in or from a file)
 * @param perturbation - whole-percent changes; keep them above -100
 * @returns a new platform, checked with models/checkPlatform.ts
 * @throws DataFileError when the result is not a valid platform (a factor at or below -100 %)
 */
export function perturbPlatform(base: Platform, perturbation: Perturbation): Platform {
  const p = structuredClone(base) as Platform;
  p.name = `${base.name} (perturbed by the test kit)`;
  for (const unit of p.units) {
    const u = perturbation.units[unit.id];
    if (!u) continue;
    if (u.speedPct !== 0) {
      for (const perf of Object.values(unit.perf)) {
        perf.workPerCycle *= factor(u.speedPct);
        if (perf.bandwidthGBs !== null) perf.bandwidthGBs *= factor(u.speedPct);
        restate(perf, u.speedPct);
      }
    }
    const power = unit.power;
    if (power.form === 'powmon') {
      if (u.dynamicPct !== 0) {
        for (const k of Object.keys(power.betas.values)) power.betas.values[k]! *= factor(u.dynamicPct);
        restate(power.betas, u.dynamicPct);
      }
      if (u.staticPct !== 0) {
        // The whole polynomial scales, so its sign (checked positive) is kept.
        power.static.coefficients = power.static.coefficients.map((c) => c * factor(u.staticPct));
        restate(power.static, u.staticPct);
      }
    } else {
      if (u.dynamicPct !== 0) {
        power.dynamic.coreWAtRef *= factor(u.dynamicPct);
        restate(power.dynamic, u.dynamicPct);
      }
      if (u.staticPct !== 0) {
        power.staticW.value *= factor(u.staticPct);
        restate(power.staticW, u.staticPct);
      }
    }
  }
  if (perturbation.idlePct !== 0) {
    for (const o of p.others) {
      if (o.idleW === 0) continue;
      o.idleW *= factor(perturbation.idlePct);
      restate(o, perturbation.idlePct);
    }
  }
  return checkPlatform(p, `${base.id} perturbed by the test kit`);
}
