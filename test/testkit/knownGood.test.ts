import { describe, expect, it } from 'vitest';
import { checkPolicy } from '../../testkit/checkPolicy.js';
import { PROPERTY_NAMES } from '../../testkit/types.js';
import modelChooser from './fixtures/modelChooser.js';
import { tempDir } from './helpers.js';

const RUNS = 20;

describe('a known-good policy (the exact-model chooser) passes every property', () => {
  for (const platform of ['odroid-xu3', 'jetson-nano']) {
    for (const property of PROPERTY_NAMES) {
      it(`holds ${property} on ${platform} and its perturbed variants`, () => {
        // Arrange / Act
        const report = checkPolicy(modelChooser, {
          properties: [property],
          numRuns: RUNS,
          seed: 7,
          platform,
          outDir: tempDir(),
        });
        // Assert
        const verdict = report.properties[0]!;
        expect(verdict.counterexample?.message ?? null).toBeNull();
        expect(verdict).toMatchObject({ name: property, passed: true, runs: RUNS });
      });
    }
  }
});
