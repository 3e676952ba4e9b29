import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { builtinPlatforms } from '../../models/builtinPlatforms.js';
import { builtinPolicies } from '../../policies/registry.js';
import { BUILTIN_CLAIMS } from '../../testkit/builtinClaims.js';
import { PROPERTY_NAMES } from '../../testkit/types.js';
import { CLAIM_PLATFORMS, claimsHoldOn } from './builtinClaimsCheck.js';

describe('every built-in policy keeps the claims of the README table', () => {
  // The other platforms are builtinClaimsNanoHost.test.ts's.
  claimsHoldOn(CLAIM_PLATFORMS.first);

  it('is checked on built-in platforms, each by one of this file and builtinClaimsNanoHost.test.ts', () => {
    const checked = [...CLAIM_PLATFORMS.first, ...CLAIM_PLATFORMS.second];
    expect(new Set(checked).size).toBe(checked.length);
    expect(builtinPlatforms().map((p) => p.id)).toEqual(expect.arrayContaining(checked));
  });

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
    for (const f of builtinPolicies.filter((f) => !f.budgetAware))
      expect(BUILTIN_CLAIMS[f.name]!.claims).not.toContain('safe');
  });

  it('is the table the README shows', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const start = readme.indexOf('## Testing a governor: the test kit');
    const section = readme.slice(start, readme.indexOf('\n## ', start + 1));
    const rows = section.split('\n').filter((line) => /^\| `[a-z0-9.-]+` \|/.test(line));
    const table: Record<string, string[]> = {};
    for (const row of rows) {
      const cells = row
        .split('|')
        .slice(1, -1)
        .map((c) => c.trim());
      table[cells[0]!.replace(/`/g, '')] = PROPERTY_NAMES.filter((_, i) => cells[i + 1]!.startsWith('yes'));
    }
    const expected = Object.fromEntries(
      Object.entries(BUILTIN_CLAIMS).map(([n, c]) => [n, PROPERTY_NAMES.filter((p) => c.claims.includes(p))]),
    );
    expect(table).toEqual(expected);
  });
});
