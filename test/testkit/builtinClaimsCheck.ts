/**
 * The check behind the README's claims table: every built-in policy holds the properties it claims
 * on a set of built-in platforms. Two test files split the platforms between them (xu3 alone costs
 * about as much as the other two), so vitest checks them on two workers at once; builtinClaims.test.ts
 * checks that each is a built-in platform, checked by one file only.
 */
import { expect, it } from 'vitest';
import { builtinPolicies } from '../../policies/registry.js';
import { BUILTIN_CLAIMS } from '../../testkit/builtinClaims.js';
import { checkPolicy } from '../../testkit/checkPolicy.js';
import { tempDir } from './helpers.js';

/** The built-in platforms of each file: builtinClaims.test.ts, builtinClaimsNanoHost.test.ts. */
export const CLAIM_PLATFORMS = { first: ['odroid-xu3'], second: ['jetson-nano', 'host'] } as const;

const RUNS = 15;
const SEED = 2024;

/** One test per built-in policy: it holds its claims on each of the platforms. */
export function claimsHoldOn(platforms: readonly string[]): void {
  for (const factory of builtinPolicies) {
    const claims = BUILTIN_CLAIMS[factory.name]!;
    it(`${factory.name} holds ${claims.claims.join(', ')} on ${platforms.join(' and ')}`, () => {
      for (const platform of platforms) {
        // Arrange / Act
        const report = checkPolicy(() => factory.create(), {
          properties: claims.claims,
          numRuns: RUNS,
          seed: SEED,
          platform,
          outDir: tempDir(),
        });
        // Assert
        const failures = report.properties
          .filter((p) => !p.passed)
          .map((p) => `${platform} ${p.name}: ${p.counterexample!.message}`);
        expect(failures).toEqual([]);
      }
    });
  }
}
