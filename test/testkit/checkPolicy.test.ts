import { existsSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../dnn/inputError.js';
import { createPolicy } from '../../policies/registry.js';
import { checkPolicy, policyProperty } from '../../testkit/checkPolicy.js';
import modelChooser from './fixtures/modelChooser.js';
import oscillates from './fixtures/oscillates.js';
import { tempDir } from './helpers.js';

describe('checkPolicy', () => {
  it('reports one verdict per property asked for, in the kit order, with its seed', () => {
    const report = checkPolicy(modelChooser, {
      properties: ['deterministic', 'valid'],
      numRuns: 3,
      seed: 11,
      outDir: tempDir(),
    });
    expect(report).toEqual({
      policy: 'model-chooser',
      platform: 'odroid-xu3',
      seed: 11,
      properties: [
        { name: 'valid', passed: true, runs: 3, seed: 11, counterexample: null },
        { name: 'deterministic', passed: true, runs: 3, seed: 11, counterexample: null },
      ],
    });
  });

  it('checks every property when none is named', () => {
    const report = checkPolicy(() => createPolicy('performance'), { numRuns: 1, seed: 3, outDir: tempDir() });
    expect(report.properties.map((p) => p.name)).toEqual([
      'valid',
      'safe',
      'monotone',
      'stable',
      'deterministic',
      'robust',
    ]);
  });

  it('records a seed when none is given', () => {
    const report = checkPolicy(modelChooser, { properties: ['valid'], numRuns: 1 });
    expect(Number.isInteger(report.seed)).toBe(true);
    expect(report.properties[0]!.seed).toBe(report.seed);
  });

  it('gives the same verdicts and counterexample for the same seed', () => {
    const a = checkPolicy(oscillates, { properties: ['stable'], numRuns: 10, seed: 5, outDir: tempDir() });
    const b = checkPolicy(oscillates, { properties: ['stable'], numRuns: 10, seed: 5, outDir: tempDir() });
    expect(b.properties[0]!.counterexample!.message).toBe(a.properties[0]!.counterexample!.message);
    expect(b.properties[0]!.counterexample!.path).toBe(a.properties[0]!.counterexample!.path);
  });

  it('accepts one Policy object as well as a factory, resetting it between runs', () => {
    const report = checkPolicy(modelChooser(), {
      properties: ['valid', 'deterministic'],
      numRuns: 5,
      seed: 2,
      outDir: tempDir(),
    });
    expect(report.properties.every((p) => p.passed)).toBe(true);
  });

  it('writes the counterexample files it reports, and names the replay commands', () => {
    const outDir = tempDir();
    const ce = checkPolicy(oscillates, {
      properties: ['stable'],
      numRuns: 10,
      seed: 5,
      outDir,
      policyRef: 'my-governor.ts',
    }).properties[0]!.counterexample!;
    for (const f of [ce.scenarioFile, ce.manifestFile]) expect(existsSync(f)).toBe(true);
    expect(ce.scenarioFile.startsWith(outDir)).toBe(true);
    expect(ce.replay).toHaveLength(1);
    expect(ce.replay[0]).toMatch(
      /^twinrtm simulate \S+\.scenario\.json --policy \S+my-governor\.ts( --platform-file \S+)? --trace \S+\.jsonl$/,
    );
  });

  it("reports a failure's { seed, path }, which fc.assert replays on policyProperty", () => {
    const ce = checkPolicy(oscillates, { properties: ['stable'], numRuns: 10, seed: 5, outDir: tempDir() })
      .properties[0]!.counterexample!;
    const details = fc.check(policyProperty(oscillates, 'stable'), {
      seed: ce.seed,
      path: ce.path,
      endOnFailure: true,
    });
    expect(details.failed).toBe(true);
    expect((details.errorInstance as Error).message).toBe(ce.message);
  });

  it('refuses an unknown property with an InputError listing the valid ones', () => {
    expect(() => checkPolicy(modelChooser, { properties: ['fast'] })).toThrow(InputError);
    expect(() => checkPolicy(modelChooser, { properties: ['fast'] })).toThrow(
      /unknown property 'fast' \(valid: valid, safe, monotone, stable, deterministic, robust\)/,
    );
  });

  it('refuses an unknown platform and a run count below 1', () => {
    expect(() => checkPolicy(modelChooser, { platform: 'pi5' })).toThrow(/unknown platform 'pi5'/);
    expect(() => checkPolicy(modelChooser, { numRuns: 0 })).toThrow(/numRuns 0/);
  });
});
