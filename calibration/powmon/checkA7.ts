/**
 * The twin's A7 power block against GemStone's published gs-A7 model (Walker et al., ISPASS 2018):
 * no raw A7 runs are public (SOURCE.md), so the A7 is checked, not fitted.
 */
import type { Platform } from '../../models/types.js';
import type { GemstoneModel } from './gemstoneParams.js';

/** How the platform's A7 power block compares with GemStone's gs-A7 model file. */
export interface A7Check {
  /** The model file compared with. */
  file: string;
  /** Coefficients and betas that differ from the file's, by path; empty when the block is the file's. */
  differences: string[];
}

/** Compares the platform's Powmon-form a7 block (static coefficients and betas) with gs-A7's, value by value. */
export function checkA7(platform: Platform, gsA7: GemstoneModel, file: string): A7Check {
  const power = platform.units.find((u) => u.id === 'a7')?.power;
  if (power?.form !== 'powmon') return { file, differences: ['the platform has no Powmon-form a7 unit'] };
  const differences: string[] = [];
  gsA7.static.forEach((c, i) => {
    if (power.static.coefficients[i] !== c) differences.push(`static.coefficients[${i}]`);
  });
  const betas = power.betas.values;
  for (const e of new Set([...Object.keys(betas), ...Object.keys(gsA7.betas)])) {
    if (betas[e] !== gsA7.betas[e]) differences.push(`betas.${e}`);
  }
  return { file, differences };
}
