/**
 * fast-check arbitraries over the built-in platforms: a valid configuration from a platform's space,
 * and contention and temperature around it.
 */
import fc from 'fast-check';
import { networkById } from '../../dnn/builtinNetworks.js';
import type { Dnn } from '../../dnn/types.js';
import { builtinPlatforms } from '../../models/builtinPlatforms.js';
import { configurationSpace } from '../../models/configurationSpace.js';
import type { Configuration, Contention, Platform } from '../../models/types.js';

export const DNNS: readonly Dnn[] = [networkById('alexnet-cifar10-g4'), networkById('alexnet-cifar10-g4-cumulative')];

export interface Case {
  platform: Platform;
  dnn: Dnn;
  config: Configuration;
  powerMode: string | undefined;
}

const spaces = new Map<string, Configuration[]>();
function spaceOf(platform: Platform, dnn: Dnn, powerMode: string | undefined): Configuration[] {
  const key = `${platform.id}/${dnn.id}/${powerMode}`;
  let space = spaces.get(key);
  if (!space) {
    space = configurationSpace(platform, dnn, powerMode);
    spaces.set(key, space);
  }
  return space;
}

/** A platform, a DNN, a power mode of the platform and a valid configuration under it. */
export const caseArb: fc.Arbitrary<Case> = fc
  .tuple(fc.constantFrom(...builtinPlatforms()), fc.constantFrom(...DNNS), fc.nat(), fc.nat())
  .map(([platform, dnn, modeIndex, configIndex]) => {
    const modes = platform.powerModes.map((m) => m.id);
    const powerMode = modes.length === 0 ? undefined : modes[modeIndex % modes.length];
    const space = spaceOf(platform, dnn, powerMode);
    return { platform, dnn, powerMode, config: space[configIndex % space.length]! };
  });

/** Contention on a platform: cores held (and their utilisation) per unit, memory pressure, GPU share. */
export function contentionArb(platform: Platform): fc.Arbitrary<Contention> {
  const perUnit = platform.units.map((u) =>
    fc.record({ busy: fc.integer({ min: 0, max: u.cores }), util: fc.double({ min: 0, max: 1, noNaN: true }) }),
  );
  return fc
    .record({
      units: fc.tuple(...perUnit),
      memoryPressure: fc.double({ min: 0, max: 1, noNaN: true }),
      gpuShare: fc.double({ min: 0, max: 1, noNaN: true }),
    })
    .map(({ units, memoryPressure, gpuShare }) => ({
      busyCores: Object.fromEntries(platform.units.map((u, i) => [u.id, units[i]!.busy])),
      busyUtilisation: Object.fromEntries(platform.units.map((u, i) => [u.id, units[i]!.util])),
      memoryPressure,
      gpuShare,
    }));
}

/** A case with contention and, half the time, a die temperature. */
export const loadedCaseArb = caseArb.chain((c) =>
  fc
    .record({
      contention: contentionArb(c.platform),
      temperatureC: fc.option(fc.double({ min: 0, max: 110, noNaN: true }), { nil: undefined }),
    })
    .map((extra) => ({ ...c, ...extra })),
);
