import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { builtinPolicies } from '../../policies/registry.js';
import { BUILTIN_CLAIMS } from '../../testkit/builtinClaims.js';
import { checkPolicy } from '../../testkit/checkPolicy.js';
import { PROPERTY_NAMES } from '../../testkit/types.js';
import { tempDir } from './helpers.js';

const PLATFORMS = ['odroid-xu3', 'jetson-nano', 'host'];
const RUNS = 15;
const SEED = 2024;

describe('every built-in policy keeps the claims of the README table', () => {
  for (const factory of builtinPolicies) {
    const claims = BUILTIN_CLAIMS[factory.name]!;
    it(`${factory.name} holds ${claims.claims.join(', ')} on every built-in platform`, () => {
      for (const platform of PLATFORMS) {
        // Arrange / Act
        const report = checkPolicy(() => factory.create(), { properties: claims.claims, numRuns: RUNS, seed: SEED, platform, outDir: tempDir() });
        // Assert
        const failures = report.properties.filter((p) => !p.passed).map((p) => `${platform} ${p.name}: ${p.counterexample!.message}`);
        expect(failures).toEqual([]);
      }
    });
  }

  it('has an entry for every built-in policy and none for another', () => {
    expect(Object.keys(BUILTIN_CLAIMS).sort()).toEqual(builtinPolicies.map((f) => f.name).sort());
  });

  it('gives a reason for every property a policy does not claim, and none for one it claims', () => {
    for (const [name, c] of Object.entries(BUILTIN_CLAIMS)) {
      const unclaimed = PROPERTY_NAMES.filter((p) => !c.claims.includes(p));
      expect({ name, reasons: Object.keys(c.notClaimed).sort() }).toEqual({ name, reasons: [...unclaimed].sort() });
    }
  });

  it('has no policy that is not budget-aware claim safe', () => {
    for (const f of builtinPolicies.filter((f) => !f.budgetAware)) expect(BUILTIN_CLAIMS[f.name]!.claims).not.toContain('safe');
  });

  it('is the table the README shows', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const start = readme.indexOf('## Testing a governor: the test kit');
    const section = readme.slice(start, readme.indexOf('\n## ', start + 1));
    const rows = section.split('\n').filter((line) => /^\| `[a-z0-9.-]+` \|/.test(line));
    const table: Record<string, string[]> = {};
    for (const row of rows) {
      const cells = row.split('|').slice(1, -1).map((c) => c.trim());
      table[cells[0]!.replace(/`/g, '')] = PROPERTY_NAMES.filter((_, i) => cells[i + 1]!.startsWith('yes'));
    }
    const expected = Object.fromEntries(Object.entries(BUILTIN_CLAIMS).map(([n, c]) => [n, PROPERTY_NAMES.filter((p) => c.claims.includes(p))]));
    expect(table).toEqual(expected);
  });
});
