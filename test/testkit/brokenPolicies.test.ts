import { describe, expect, it } from 'vitest';
import { platformById } from '../../models/builtinPlatforms.js';
import { loadScenarioFile } from '../../scenarios/loadScenarioFile.js';
import { checkPolicy } from '../../testkit/checkPolicy.js';
import type { Counterexample, PropertyName } from '../../testkit/types.js';
import ignoresPowerCap from './fixtures/ignoresPowerCap.js';
import oscillates from './fixtures/oscillates.js';
import takesBusyCores from './fixtures/takesBusyCores.js';
import throwsOnNaN from './fixtures/throwsOnNaN.js';
import unseededRandom from './fixtures/unseededRandom.js';
import type { Policy } from '../../policies/types.js';
import { fixture, replayThroughCli, tempDir } from './helpers.js';

const SEED = 1;
const RUNS = 25;

/**
 * The counterexamples found so far, by fixture and property. The check is seeded, so it finds (and
 * shrinks to) the same counterexample each time: a fixture's tests share it, the first to ask
 * running the check, and each test still runs alone.
 */
const found = new Map<string, Counterexample>();

/** Checks one property of a fixture and returns its counterexample (failing the test when there is none). */
function caught(make: () => Policy, file: string, property: PropertyName): Counterexample {
  const known = found.get(`${file} ${property}`);
  if (known !== undefined) return known;
  // Arrange / Act
  const report = checkPolicy(make, {
    properties: [property],
    numRuns: RUNS,
    seed: SEED,
    outDir: tempDir(),
    policyRef: fixture(file),
  });
  // Assert
  const verdict = report.properties[0]!;
  expect(verdict.name).toBe(property);
  expect(verdict.passed).toBe(false);
  expect(verdict.counterexample).not.toBeNull();
  found.set(`${file} ${property}`, verdict.counterexample!);
  return verdict.counterexample!;
}

/** The properties of a fixture other than its defect: they hold, so the kit blames the right property. */
function holds(make: () => Policy, properties: PropertyName[]): void {
  const report = checkPolicy(make, { properties, numRuns: 10, seed: SEED, outDir: tempDir() });
  expect(report.properties.filter((p) => !p.passed).map((p) => `${p.name}: ${p.counterexample?.message}`)).toEqual([]);
}

describe('the kit catches a policy that ignores the power cap', () => {
  it('fails it on safe, naming the broken cap', () => {
    const ce = caught(ignoresPowerCap, 'ignoresPowerCap.ts', 'safe');
    expect(ce.message).toMatch(/breaks powerW/);
  });

  it('writes a counterexample that twinrtm simulate replays: the trace shows the cap broken and the board runs over it', async () => {
    const ce = caught(ignoresPowerCap, 'ignoresPowerCap.ts', 'safe');
    expect(() => loadScenarioFile(ce.scenarioFile)).not.toThrow();
    const replay = await replayThroughCli(ce);
    expect(replay.violation).toMatch(/breaks powerW/);
    expect(replay.metrics[0].overPowerCapFraction).toBeGreaterThan(0);
  });

  it('holds it to valid, stable, deterministic and robust, which it keeps', () => {
    holds(ignoresPowerCap, ['valid', 'stable', 'deterministic', 'robust']);
  });
});

describe('the kit catches a policy that oscillates between two configurations', () => {
  it('fails it on stable, naming the two configurations', () => {
    const ce = caught(oscillates, 'oscillates.ts', 'stable');
    expect(ce.message).toMatch(/still changes in period 21/);
  });

  it('writes a counterexample that twinrtm simulate replays: the trace keeps changing the configuration after K periods', async () => {
    const ce = caught(oscillates, 'oscillates.ts', 'stable');
    const replay = await replayThroughCli(ce);
    expect(replay.violation).toMatch(/still changes/);
    const late = replay.traces[0]!.filter((e) => e.kind === 'decision' && e.t > 200);
    expect(late.length).toBeGreaterThan(10);
  });

  it('holds it to valid, deterministic and robust, which it keeps', () => {
    holds(oscillates, ['valid', 'deterministic', 'robust']);
  });
});

describe('the kit catches a policy that asks for a core that is not free', () => {
  it('fails it on valid, naming the cores asked for and the cores free', () => {
    const ce = caught(takesBusyCores, 'takesBusyCores.ts', 'valid');
    expect(ce.message).toMatch(/asks for (\d+) cores of \w+ but only \d+ are free/);
  });

  it('writes a counterexample that twinrtm simulate replays: a decision in the trace takes more cores than the co-runners leave', async () => {
    const ce = caught(takesBusyCores, 'takesBusyCores.ts', 'valid');
    const replay = await replayThroughCli(ce);
    expect(replay.violation).toMatch(/are free/);
    const scenario = loadScenarioFile(ce.scenarioFile);
    const coresOf = (unit: string) => platformById(scenario.platform).units.find((u) => u.id === unit)!.cores;
    const greedy = replay.traces[0]!.filter((e) => {
      if (e.kind !== 'decision') return false;
      const held = scenario.coworkloads
        .filter((w) => w.unit === e.config.unit && w.startS * 1000 <= e.t && (w.endS === null || e.t < w.endS * 1000))
        .reduce((n, w) => n + w.cores, 0);
      return held > 0 && e.config.cores > coresOf(e.config.unit) - held;
    });
    expect(greedy.length).toBeGreaterThan(0);
  });

  it('holds it to stable and deterministic, which it keeps', () => {
    holds(takesBusyCores, ['stable', 'deterministic']);
  });
});

describe('the kit catches a policy that throws on NaN telemetry', () => {
  it('fails it on robust, naming the throw and the fault', () => {
    const ce = caught(throwsOnNaN, 'throwsOnNaN.ts', 'robust');
    expect(ce.message).toMatch(/decide\(\) threw: utilisation of \w+ is (NaN|undefined)/);
    expect(ce.policyFile).toMatch(/\.replay\.mts$/);
  });

  it('writes a counterexample that twinrtm simulate replays through its fault-injecting module: the trace shows decide() throwing', async () => {
    const ce = caught(throwsOnNaN, 'throwsOnNaN.ts', 'robust');
    const replay = await replayThroughCli(ce);
    expect(replay.violation).toMatch(/decide\(\) threw/);
    expect(replay.metrics[0].rejectedDecisions).toBeGreaterThan(0);
    expect(replay.traces[0]!.some((e) => e.kind === 'rejected' && /decide\(\) threw/.test(e.reason))).toBe(true);
  });

  it('passes it on valid, where the sensors never fail: the fault, not the simulator, trips it', () => {
    holds(throwsOnNaN, ['valid', 'deterministic']);
  });
});

describe('the kit catches a policy that draws unseeded random numbers', () => {
  it('fails it on deterministic, and two twinrtm simulate runs of the counterexample decide differently', async () => {
    const ce = caught(unseededRandom, 'unseededRandom.ts', 'deterministic');
    expect(ce.replay).toHaveLength(2);
    const replay = await replayThroughCli(ce);
    expect(replay.violation).toMatch(/the first run decided .*, the second/);
  });
});
