/**
 * The agent's co-workloads on an emulated board add up as the simulator's do: the contention the
 * emulator is handed is the one contentionOf gives for the same loads (busiest-cpu share included).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { COWORKLOADS_FILE } from '../../../hil/emulator/emulatorMarker.js';
import { EmulatedLoads } from '../../../hil/emulator/emulatedCoworkloads.js';
import type { Contention } from '../../../models/types.js';
import type { Coworkload } from '../../../scenarios/types.js';
import { contentionOf } from '../../../sim/scenarioTimeline.js';

const root = mkdtempSync(join(tmpdir(), 'twinrtm-loads-'));
mkdirSync(dirname(join(root, COWORKLOADS_FILE)), { recursive: true });
afterAll(() => rmSync(root, { recursive: true, force: true }));

const CORES: Record<string, number> = { a7: 4, a15: 4 };
const handed = (): Contention =>
  (JSON.parse(readFileSync(join(root, COWORKLOADS_FILE), 'utf8')) as { contention: Contention }).contention;

const load = fc.record(
  {
    unit: fc.constantFrom('a7', 'a15'),
    cores: fc.integer({ min: 1, max: 4 }),
    utilisation: fc.double({ min: 0, max: 1, noNaN: true }),
    busiestShare: fc.double({ min: 0, max: 1, noNaN: true }),
  },
  { requiredKeys: ['unit', 'cores', 'utilisation'] },
);

describe("an emulated board's named co-workloads", () => {
  it("hand the emulator contentionOf's contention for the loads running, busiest-cpu share included", () => {
    fc.assert(
      fc.property(fc.array(load, { minLength: 1, maxLength: 6 }), fc.nat(), (loads, stopAt) => {
        const loadsOf = new EmulatedLoads(root, (unit) => CORES[unit]!);
        const handles = loads.map((l) => loadsOf.start(l.unit, l.cores, l.utilisation, l.busiestShare));
        // One of them stops: the rest are what the emulator sees.
        const stopped = stopAt % loads.length;
        handles[stopped]!.stop();
        const running = loads.filter((_, i) => i !== stopped);
        const expected = contentionOf(
          running.map(
            (l, i): Coworkload => ({
              name: `load ${i}`,
              startS: 0,
              endS: null,
              ...l,
              memoryIntensity: 0,
              gpuShare: 0,
            }),
          ),
          (unit) => CORES[unit]!,
          () => false,
        );
        const { memoryPressure: _m, gpuShare: _g, ...cpuSide } = expected;
        expect(handed()).toEqual(running.length === 0 ? {} : cpuSide);
      }),
    );
  });
});
