import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { networkById } from '../../../dnn/builtinNetworks.js';
import { builtinPlatforms } from '../../../models/builtinPlatforms.js';
import { checkDecision } from '../../../sim/checkDecision.js';
import { observationArb } from '../../../testkit/arbitraries/observationArb.js';

const dnn = networkById('alexnet-cifar10-g4');

describe('observationArb', () => {
  for (const platform of builtinPlatforms()) {
    it(`gives ${platform.id} observations with a configuration valid in their power mode, telemetry for every unit, free cores in range`, () => {
      fc.assert(
        fc.property(observationArb(platform), (obs) => {
          expect(checkDecision(obs.config, platform, dnn, obs.powerMode).ok).toBe(true);
          expect(Object.keys(obs.telemetry.units)).toEqual(platform.units.map((u) => u.id));
          for (const u of platform.units) {
            expect(obs.freeCores[u.id]).toBeGreaterThanOrEqual(0);
            expect(obs.freeCores[u.id]).toBeLessThanOrEqual(u.cores);
            expect(obs.telemetry.units[u.id]!.utilisation).toBeGreaterThanOrEqual(0);
            expect(obs.telemetry.units[u.id]!.utilisation).toBeLessThanOrEqual(1);
          }
          for (const r of obs.inferences) expect(r.endMs - r.startMs).toBe(r.serviceMs);
        }),
      );
    });
  }
});
