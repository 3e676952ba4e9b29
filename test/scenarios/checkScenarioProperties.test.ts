import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkScenario } from '../../scenarios/checkScenario.js';
import { scenarioFileArb } from './arbitraries.js';

const RUNS = 200;

/** Every object and array reachable from a value. */
function objectsIn(value: unknown, into = new Set<object>()): Set<object> {
  if (typeof value === 'object' && value !== null && !into.has(value)) {
    into.add(value);
    for (const child of Object.values(value)) objectsIn(child, into);
  }
  return into;
}

describe('checkScenario properties over generated valid scenarios', () => {
  it('accepts every generated scenario and never mutates its input', () => {
    fc.assert(
      fc.property(scenarioFileArb, (file) => {
        const before = structuredClone(file);
        checkScenario(file, 'generated.json');
        expect(file).toStrictEqual(before);
      }),
      { numRuns: RUNS },
    );
  });

  it('is idempotent: checking a checked scenario gives an equal scenario', () => {
    fc.assert(
      fc.property(scenarioFileArb, (file) => {
        const once = checkScenario(file, 'generated.json');
        expect(checkScenario(once, 'generated.json')).toStrictEqual(once);
      }),
      { numRuns: RUNS },
    );
  });

  it('shares no object or array with its input', () => {
    fc.assert(
      fc.property(scenarioFileArb, (file) => {
        const inInput = objectsIn(file);
        const shared = [...objectsIn(checkScenario(file, 'generated.json'))].filter((o) => inInput.has(o));
        expect(shared).toEqual([]);
      }),
      { numRuns: RUNS },
    );
  });
});
