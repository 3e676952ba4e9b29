/**
 * The test kit on deadline-step, as a user runs it from their own vitest suite: `checkPolicy` runs
 * each property the governor claims over generated scenarios (on the Odroid-XU3 and perturbed
 * variants of it), and a failure comes back shrunk, with a one-line message and the files that
 * replay it through `twinrtm simulate`.
 *
 * Run it: npx vitest run --root examples/governor
 *
 * What deadline-step does not claim, and why:
 * - safe: it is not model-based: it never reads the budgets' power and energy, and it keeps the
 *   groups and the mapping, so a budget only another configuration meets stays broken.
 * - stable: it moves one operating point per control period, so from a clock far from its target it
 *   can still be stepping after the 20 periods the property allows.
 */
import { checkPolicy, type PropertyName } from 'twinrtm/testkit';
import { describe, expect, it } from 'vitest';
import { createDeadlineGovernor } from './deadlineGovernor.js';

const CLAIMS: PropertyName[] = ['valid', 'monotone', 'deterministic', 'robust'];

describe('deadline-step under the test kit', () => {
  it.each(CLAIMS)('holds %s', (property) => {
    const report = checkPolicy(createDeadlineGovernor, {
      properties: [property],
      // 10 cases keep the suite quick; `twinrtm check` runs 50, and a release deserves a few hundred.
      numRuns: 10,
      // A fixed seed makes the suite repeatable; vary it (or leave it out) to explore further.
      seed: 42,
      // How `twinrtm simulate --policy` names the file, for the replay commands of a failure.
      policyRef: './examples/governor/deadlineGovernor.ts',
    });
    const verdict = report.properties[0]!;
    // On a failure the message says what broke, and verdict.counterexample.replay how to see it.
    expect(verdict.counterexample?.message ?? null).toBeNull();
    expect(verdict).toMatchObject({ name: property, passed: true, runs: 10 });
  });
});
