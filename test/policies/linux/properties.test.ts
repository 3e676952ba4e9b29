import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { builtinPlatforms, platformById } from '../../../models/builtinPlatforms.js';
import { allowedFreqs, checkConfiguration, powerModeOf } from '../../../models/checkConfiguration.js';
import { configurationSpace } from '../../../models/configurationSpace.js';
import type { Configuration, Platform } from '../../../models/types.js';
import { linuxGovernors } from '../../../policies/linux/index.js';
import type { PolicyFactory } from '../../../policies/types.js';
import { dnn, drive, type Step } from './observation.js';

interface Governor {
  label: string;
  factory: PolicyFactory;
  tunables?: Record<string, number>;
}

const byName = (name: string) => linuxGovernors.find((g) => g.name === name)!;
const GOVERNORS: Governor[] = [
  ...linuxGovernors.map((factory) => ({ label: factory.name, factory })),
  { label: 'ondemand sdf 3', factory: byName('ondemand'), tunables: { samplingDownFactor: 3 } },
  { label: 'ondemand jiffy idle (up_threshold 80)', factory: byName('ondemand'), tunables: { idleMicroAccounting: 0 } },
  {
    label: 'ondemand powersave_bias 150',
    factory: byName('ondemand'),
    tunables: { powersaveBias: 150, samplingMs: 30 },
  },
  {
    label: 'ondemand-3.10 jiffy idle, powersave_bias 150',
    factory: byName('ondemand-3.10'),
    tunables: { idleMicroAccounting: 0, powersaveBias: 150 },
  },
  { label: 'conservative sdf 3', factory: byName('conservative'), tunables: { samplingDownFactor: 3 } },
  { label: 'conservative step 2 %', factory: byName('conservative'), tunables: { freqStepPct: 2 } },
  { label: 'schedutil 25 ms', factory: byName('schedutil'), tunables: { rateLimitUs: 25_000 } },
  {
    label: 'interactive hispeed 500',
    factory: byName('interactive'),
    tunables: { hispeedFreqMHz: 500, aboveHispeedDelayMs: 40 },
  },
  {
    label: 'interactive target_loads "85 1000000:90 1700000:99", above_hispeed_delay "20 1400000:60"',
    factory: byName('interactive'),
    tunables: {
      hispeedFreqMHz: 1000,
      targetLoadPct: 85,
      targetLoadFromMHz1: 1000,
      targetLoadPct1: 90,
      targetLoadFromMHz2: 1700,
      targetLoadPct2: 99,
      aboveHispeedDelayFromMHz1: 1400,
      aboveHispeedDelayMs1: 60,
    },
  },
];
const READERS = GOVERNORS.filter((g) => !['performance', 'powersave', 'userspace'].includes(g.label));
const RAMPERS = linuxGovernors.filter((g) => g.name !== 'powersave' && g.name !== 'userspace');

const modesOf = (p: Platform): (string | null)[] =>
  p.powerModes.length === 0 ? [null] : p.powerModes.map((m) => m.id);

function allowed(platform: Platform, mode: string | null, unit: string): number[] {
  const u = platform.units.find((x) => x.id === unit)!;
  return allowedFreqs(
    u.opps.points.map((p) => p.freqMHz),
    powerModeOf(platform, mode ?? undefined)?.limits[unit],
  );
}

const spaces = new Map<string, Configuration[]>();
function startConfig(platform: Platform, mode: string | null, index: number): Configuration {
  const key = `${platform.id}/${mode}`;
  let space = spaces.get(key);
  if (!space) {
    space = configurationSpace(platform, dnn, mode ?? undefined);
    spaces.set(key, space);
  }
  return space[index % space.length]!;
}

/** A reading: mostly a valid share, sometimes a failed sensor (NaN, missing, out of range). */
const readingArb = fc.oneof(
  { weight: 6, arbitrary: fc.double({ min: 0, max: 1, noNaN: true }) },
  { weight: 1, arbitrary: fc.constantFrom(NaN, undefined, -0.5, 1.5, Infinity) },
);

interface Run {
  /** An id, not the object, so a counterexample prints short. */
  platformId: string;
  config: Configuration;
  startMode: string | null;
  periodMs: number;
  steps: Step[];
}

/** A platform, a start configuration, a control period and a sequence of readings and power modes. */
const runArb = (options: { modeChanges: boolean; maxSteps?: number }): fc.Arbitrary<Run> =>
  fc
    .tuple(
      fc.constantFrom(...builtinPlatforms().map((p) => p.id)),
      fc.nat(),
      fc.nat(),
      fc.constantFrom(5, 10, 20, 50, 100),
    )
    .chain(([platformId, modeIndex, configIndex, periodMs]) => {
      const platform = platformById(platformId);
      const modes = modesOf(platform);
      const startMode = modes[modeIndex % modes.length]!;
      const util = fc.record(Object.fromEntries(platform.units.map((u) => [u.id, readingArb])));
      const mode = options.modeChanges ? fc.constantFrom(...modes) : fc.constant(startMode);
      // Now and then a broken clock: NaN, or a jump back to before the run started.
      const timeMs = fc.oneof(
        { weight: 12, arbitrary: fc.constant(undefined) },
        { weight: 1, arbitrary: fc.constantFrom(NaN, -5, 0) },
      );
      const step = fc.record({ util, powerMode: mode, timeMs }) as fc.Arbitrary<Step>;
      return fc.array(step, { minLength: 1, maxLength: options.maxSteps ?? 30 }).map((steps) => ({
        platformId,
        config: startConfig(platform, startMode, configIndex),
        startMode,
        periodMs,
        steps,
      }));
    });

const driveRun = (g: Governor, r: Run) =>
  drive(g.factory.create(g.tunables), platformById(r.platformId), r.config, r.steps, {
    periodMs: r.periodMs,
    powerMode: r.startMode,
  });

describe('Linux governors: properties', () => {
  it.each(GOVERNORS.map((g) => [g.label, g] as const))(
    '%s only ever returns operating points the power mode in force allows',
    (_label, g) => {
      fc.assert(
        fc.property(runArb({ modeChanges: true }), (r) => {
          driveRun(g, r).decisions.forEach((d, i) => {
            if (!d) return;
            const mode = r.steps[i]!.powerMode ?? null;
            const platform = platformById(r.platformId);
            for (const u of platform.units) expect(allowed(platform, mode, u.id)).toContain(d.freqMHz[u.id]);
          });
        }),
      );
    },
  );

  it.each(GOVERNORS.map((g) => [g.label, g] as const))('%s never changes groups, unit or cores', (_label, g) => {
    fc.assert(
      fc.property(runArb({ modeChanges: true }), (r) => {
        for (const d of driveRun(g, r).decisions) {
          if (d) expect([d.groups, d.unit, d.cores]).toEqual([r.config.groups, r.config.unit, r.config.cores]);
        }
      }),
    );
  });

  it.each(GOVERNORS.map((g) => [g.label, g] as const))(
    '%s returns configurations checkConfiguration accepts unchanged under a fixed power mode',
    (_label, g) => {
      fc.assert(
        fc.property(runArb({ modeChanges: false }), (r) => {
          for (const d of driveRun(g, r).decisions) {
            if (d) expect(checkConfiguration(platformById(r.platformId), dnn, d, r.startMode ?? undefined)).toEqual(d);
          }
        }),
      );
    },
  );

  it.each(GOVERNORS.map((g) => [g.label, g] as const))(
    '%s makes the same decisions for the same observations after reset',
    (_label, g) => {
      fc.assert(
        fc.property(runArb({ modeChanges: true }), (r) => {
          const policy = g.factory.create(g.tunables);
          const options = { periodMs: r.periodMs, powerMode: r.startMode };
          const platform = platformById(r.platformId);
          const first = drive(policy, platform, r.config, r.steps, options);
          const second = drive(policy, platform, r.config, r.steps, options);
          expect(second.decisions).toEqual(first.decisions);
        }),
      );
    },
  );

  it.each(GOVERNORS.map((g) => [g.label, g] as const))(
    '%s decides on a jittered clock as on the control grid (a tick up to half a period early or late)',
    (_label, g) => {
      fc.assert(
        fc.property(
          runArb({ modeChanges: true }),
          fc.array(fc.double({ min: -0.49, max: 0.49, noNaN: true }), { minLength: 30, maxLength: 30 }),
          (r, jitter) => {
            const onGrid = r.steps.map((s, i) => ({ ...s, timeMs: i * r.periodMs }));
            const jittered = onGrid.map((s, i) => ({ ...s, timeMs: s.timeMs + jitter[i]! * r.periodMs }));
            expect(driveRun(g, { ...r, steps: jittered }).decisions).toEqual(
              driveRun(g, { ...r, steps: onGrid }).decisions,
            );
          },
        ),
      );
    },
  );

  it.each(READERS.map((g) => [g.label, g] as const))(
    '%s keeps the frequency of a unit that has no valid reading',
    (_label, g) => {
      fc.assert(
        fc.property(runArb({ modeChanges: false }), fc.constantFrom(NaN, undefined, -1, 2), (r, bad) => {
          const blind = platformById(r.platformId).units[0]!.id;
          const steps = r.steps.map((s) => ({ ...s, util: { ...s.util, [blind]: bad } }));
          for (const c of driveRun(g, { ...r, steps }).configs) expect(c.freqMHz[blind]).toBe(r.config.freqMHz[blind]);
        }),
      );
    },
  );

  it.each(RAMPERS.map((f) => [f.name, f] as const))(
    '%s drives every unit to its scaling max within 25 samples of sustained util 1',
    (_name, factory) => {
      fc.assert(
        fc.property(runArb({ modeChanges: false, maxSteps: 1 }), (r) => {
          // 20 ms between observations: every governor samples at each one with its defaults.
          const platform = platformById(r.platformId);
          const steps = Array.from({ length: 30 }, () => ({
            util: Object.fromEntries(platform.units.map((u) => [u.id, 1])),
            powerMode: r.startMode,
          }));
          const d = drive(factory.create(), platform, r.config, steps, { periodMs: 20, powerMode: r.startMode });
          for (const c of d.configs.slice(24)) {
            for (const u of platform.units) expect(c.freqMHz[u.id]).toBe(allowed(platform, r.startMode, u.id).at(-1));
          }
        }),
      );
    },
  );
});

describe('linuxGovernors', () => {
  it('lists performance, powersave, userspace, ondemand, ondemand-3.10, conservative, schedutil, interactive in that order', () => {
    expect(linuxGovernors.map((g) => g.name)).toEqual([
      'performance',
      'powersave',
      'userspace',
      'ondemand',
      'ondemand-3.10',
      'conservative',
      'schedutil',
      'interactive',
    ]);
  });

  it('claims no budget awareness for any of them', () => {
    expect(linuxGovernors.every((g) => !g.budgetAware)).toBe(true);
  });
});
