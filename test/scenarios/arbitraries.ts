/**
 * fast-check arbitraries over valid scenario files: a platform, DNN, power mode and starting
 * configuration from the models' arbitraries, then a duration and timelines that fit inside it, with
 * optional fields left out at random so that default filling is exercised too.
 * Records get ordinary prototypes, as JSON.parse gives, so that deep equality compares like with like.
 */
import fc from 'fast-check';
import type { Platform } from '../../models/types.js';
import { caseArb } from '../models/arbitraries.js';

const positive = fc.double({ min: 0.001, max: 1e4, noNaN: true });
const fraction = fc.double({ min: 0, max: 1, noNaN: true });

/** A budget, a null (removing it) or nothing (left as it was). */
function budgetField(value: fc.Arbitrary<number>): fc.Arbitrary<number | null> {
  return fc.option(value, { nil: null });
}

/** Budget changes at times in [0, durationS], in time order. */
function budgetsArb(durationS: number): fc.Arbitrary<Record<string, unknown>[]> {
  return (
    fc
      .array(
        fc.record(
          {
            at: fraction,
            latencyMs: budgetField(positive),
            powerW: budgetField(positive),
            energyPerInferenceMJ: budgetField(positive),
            minAccuracy: budgetField(fraction),
          },
          { requiredKeys: ['at'], noNullPrototype: true },
        ),
        { maxLength: 5 },
      )
      // Products of ascending fractions and a positive duration stay ascending and within the duration.
      .map((changes) =>
        changes.sort((a, b) => a.at - b.at).map(({ at, ...budgets }) => ({ atS: at * durationS, ...budgets })),
      )
  );
}

function coworkloadsArb(platform: Platform, durationS: number): fc.Arbitrary<Record<string, unknown>[]> {
  const one = fc.constantFrom(...platform.units).chain((unit) =>
    fc.record(
      {
        name: fc.string({ minLength: 1, maxLength: 8 }),
        // Below 1, so the start is before the end of the run.
        start: fc.double({ min: 0, max: 0.99, noNaN: true }),
        endAfter: fc.option(fc.double({ min: 0.01, max: 100, noNaN: true }), { nil: null }),
        unit: fc.constant(unit.id),
        cores: fc.integer({ min: 1, max: unit.cores }),
        utilisation: fraction,
        memoryIntensity: fraction,
        gpuShare: fraction,
      },
      { requiredKeys: ['name', 'start', 'unit'], noNullPrototype: true },
    ),
  );
  return fc.array(one, { maxLength: 4 }).map((list) =>
    list.map(({ start, endAfter, ...rest }) => {
      const startS = start * durationS;
      return {
        ...rest,
        startS,
        ...(endAfter === undefined ? {} : { endS: endAfter === null ? null : startS + endAfter }),
      };
    }),
  );
}

const requestsArb: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
  fc.record({ kind: fc.constant('periodic'), fps: positive }, { noNullPrototype: true }),
  fc.record({ kind: fc.constant('poisson'), ratePerS: positive }, { noNullPrototype: true }),
  fc.record(
    { kind: fc.constant('closed-loop'), thinkMs: fc.double({ min: 0, max: 1e3, noNaN: true }) },
    { requiredKeys: ['kind'], noNullPrototype: true },
  ),
  fc.record(
    {
      kind: fc.constant('trace'),
      arrivalsMs: fc
        .array(fc.double({ min: 0, max: 1e6, noNaN: true }), { maxLength: 10 })
        .map((a) => a.sort((x, y) => x - y)),
    },
    { noNullPrototype: true },
  ),
);

/** A valid scenario file as a user might write it: required fields, and some of the optional ones. */
export const scenarioFileArb: fc.Arbitrary<Record<string, unknown>> = fc
  .record({ c: caseArb, durationS: fc.double({ min: 0.1, max: 600, noNaN: true }), dropIdleFreqs: fc.boolean() })
  .chain(({ c, durationS, dropIdleFreqs }) => {
    const freqMHz = dropIdleFreqs ? { [c.config.unit]: c.config.freqMHz[c.config.unit]! } : { ...c.config.freqMHz };
    const modes = c.platform.powerModes.map((m) => m.id);
    return fc.record(
      {
        id: fc.constant('generated'),
        description: fc.constant('a generated scenario'),
        platform: fc.constant(c.platform.id),
        dnn: fc.constant(c.dnn.id),
        durationS: fc.constant(durationS),
        requests: requestsArb,
        initialConfig: fc.constant({ ...c.config, freqMHz }),
        ...(c.powerMode === undefined ? {} : { powerMode: fc.constant(c.powerMode) }),
        seed: fc.nat(),
        // At most 100 ms, inside the shortest generated run.
        controlPeriodMs: fc.double({ min: 0.1, max: 100, noNaN: true }),
        sensor: fc.record(
          {
            periodMs: fc.double({ min: 0.1, max: 100, noNaN: true }),
            noise: fc.record(
              { powerRelative: fraction, utilisation: fraction, temperatureC: fraction },
              { requiredKeys: [], noNullPrototype: true },
            ),
          },
          { requiredKeys: [], noNullPrototype: true },
        ),
        ambientC: fc.double({ min: -20, max: 60, noNaN: true }),
        queueLimit: fc.nat({ max: 20 }),
        budgets: budgetsArb(durationS),
        coworkloads: coworkloadsArb(c.platform, durationS),
        powerModes:
          modes.length === 0
            ? fc.constant([])
            : fc
                .array(fc.record({ at: fraction, mode: fc.constantFrom(...modes) }), { maxLength: 3 })
                .map((list) => list.sort((a, b) => a.at - b.at).map(({ at, mode }) => ({ atS: at * durationS, mode }))),
        truth: fc.record({ timeFactor: positive, powerFactor: positive }, { requiredKeys: [], noNullPrototype: true }),
        migrationCostMs: fc.double({ min: 0, max: 100, noNaN: true }),
        defaultTransitionLatencyUs: fc.double({ min: 0, max: 1e4, noNaN: true }),
      },
      {
        requiredKeys: ['id', 'description', 'platform', 'dnn', 'durationS', 'requests', 'initialConfig'],
        noNullPrototype: true,
      },
    );
  });
