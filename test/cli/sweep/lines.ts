/** Synthetic result lines for the tests of merge, parsing and summary. */
import type { Metrics } from '../../../sim/metrics.js';
import type { RunKey } from '../../../cli/sweep/keys.js';
import type { OkLine, SweepStamp } from '../../../cli/sweep/resultLine.js';

export function metrics(overrides: Partial<Metrics> = {}): Metrics {
  return {
    inferences: 100,
    dropped: 0,
    deadlineMissRate: 0.1,
    latencyMs: { p50: 10, p95: 20, p99: 30 },
    meanAccuracy: null,
    meanConfidence: null,
    meanGroups: 4,
    energyPerInferenceMJ: 50,
    avgPowerW: 2,
    peakPowerW: 3,
    overPowerCapFraction: null,
    reconfigurations: 5,
    rejectedDecisions: 0,
    decisionUs: { p50: 1, p99: 2 },
    simulatedS: 1,
    wallMs: 3,
    events: 1000,
    ...overrides,
  };
}

export function okLine(key: Partial<RunKey>, stamp: Partial<SweepStamp> = {}, m: Partial<Metrics> = {}): OkLine {
  return {
    key: { policy: 'rtm', scenario: 's', durationS: 1, seed: 1, ...key },
    sweep: { matrix: 'aaaa', shard: '0/1', runs: 1, shardRuns: 1, ...stamp },
    policyName: key.policy ?? 'rtm',
    metrics: metrics(m),
  };
}
