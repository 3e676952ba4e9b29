import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { SCENARIO_DEFAULTS } from '../../scenarios/checkScenario.js';
import schema from '../../scenarios/schema/scenario.schema.json' with { type: 'json' };

/** The `default` annotation at a path of schema keys. */
function defaultAt(...path: string[]): unknown {
  let node: any = schema;
  for (const key of path) node = node[key];
  return node.default;
}

describe('scenario schema', () => {
  it('compiles under Ajv strict mode with the discriminator on', () => {
    const ajv = new Ajv({ strict: true, strictRequired: false, allowUnionTypes: true, discriminator: true });
    expect(() => ajv.compile(schema)).not.toThrow();
  });

  it('states the same top-level defaults as the checker fills in', () => {
    const top = [
      'seed',
      'controlPeriodMs',
      'ambientC',
      'queueLimit',
      'migrationCostMs',
      'defaultTransitionLatencyUs',
    ] as const;
    expect(Object.fromEntries(top.map((k) => [k, defaultAt('properties', k)]))).toEqual(
      Object.fromEntries(top.map((k) => [k, SCENARIO_DEFAULTS[k]])),
    );
  });

  it('states the same sensor defaults as the checker fills in', () => {
    const noise = ['powerRelative', 'utilisation', 'temperatureC'] as const;
    expect(defaultAt('definitions', 'sensor', 'properties', 'periodMs')).toBe(SCENARIO_DEFAULTS.sensor.periodMs);
    expect(
      Object.fromEntries(
        noise.map((k) => [k, defaultAt('definitions', 'sensor', 'properties', 'noise', 'properties', k)]),
      ),
    ).toEqual(SCENARIO_DEFAULTS.sensor.noise);
  });

  it('states the same co-workload, truth and think-time defaults as the checker fills in', () => {
    const cw = Object.keys(SCENARIO_DEFAULTS.coworkload);
    expect(Object.fromEntries(cw.map((k) => [k, defaultAt('definitions', 'coworkload', 'properties', k)]))).toEqual(
      SCENARIO_DEFAULTS.coworkload,
    );
    expect(defaultAt('definitions', 'truth', 'properties', 'timeFactor')).toBe(SCENARIO_DEFAULTS.truth.timeFactor);
    expect(defaultAt('definitions', 'truth', 'properties', 'powerFactor')).toBe(SCENARIO_DEFAULTS.truth.powerFactor);
    expect(defaultAt('definitions', 'closedLoopRequests', 'properties', 'thinkMs')).toBe(SCENARIO_DEFAULTS.thinkMs);
  });

  it('forbids unknown fields in every object it describes', () => {
    const open: string[] = [];
    const walk = (node: unknown, at: string): void => {
      if (typeof node !== 'object' || node === null) return;
      const n = node as Record<string, unknown>;
      // A request stream is closed by whichever branch its kind selects, a co-workload by the branch
      // its rtapp key selects; freqMHz maps unit ids.
      if (n.type === 'object' && n.additionalProperties === undefined && n.oneOf === undefined && n.then === undefined)
        open.push(at);
      for (const [k, v] of Object.entries(n)) walk(v, `${at}/${k}`);
    };
    walk(schema, '#');
    expect(open).toEqual([]);
  });
});
