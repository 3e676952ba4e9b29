import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatResultLine } from '../../../cli/sweep/resultLine.js';
import { runJson } from '../run.js';
import { defaultBy, parseBy, summarise } from '../../../cli/sweep/summary.js';
import { summaryText } from '../../../cli/sweep/summaryText.js';
import { okLine } from './lines.js';

const lines = [
  ...[0.1, 0.12, 0.11].map((miss, seed) =>
    okLine({ policy: 'rtm', seed }, {}, { deadlineMissRate: miss, energyPerInferenceMJ: 40 + seed }),
  ),
  ...[0.5, 0.55, 0.6].map((miss, seed) =>
    okLine({ policy: 'schedutil', seed }, {}, { deadlineMissRate: miss, energyPerInferenceMJ: 41 - seed }),
  ),
  ...[0.4, 0.45].map((miss, seed) =>
    okLine(
      { policy: 'schedutil', tunables: { rateLimitUs: 1000 }, seed },
      {},
      { deadlineMissRate: miss, energyPerInferenceMJ: 39 },
    ),
  ),
  {
    key: { policy: 'rtm', scenario: 's', durationS: 1, seed: 9 },
    sweep: { matrix: 'aaaa', shard: '0/1', runs: 1, shardRuns: 1 },
    error: 'InputError: boom',
  },
];

describe('sweep summary', () => {
  const s = summarise(lines, ['policy', 'scenario'], ['deadlineMissRate', 'energyPerInferenceMJ']);

  it('gives each group (a tunable variant is its own) the mean and Student t interval of every metric', () => {
    expect(s.groups.map((g) => g.group.policy)).toEqual(['rtm', 'schedutil', 'schedutil(rateLimitUs=1000)']);
    const rtm = s.groups[0]!;
    expect(rtm.runs).toBe(3);
    expect(rtm.metrics.deadlineMissRate!.mean).toBeCloseTo(0.11, 12);
    expect(rtm.metrics.deadlineMissRate!.halfWidth).toBeCloseTo(4.30265273 * (0.01 / Math.sqrt(3)), 6);
    expect(Object.keys(rtm.metrics)).toContain('latencyMs.p95');
    expect(rtm.metrics.meanAccuracy).toEqual({ n: 0, mean: null, halfWidth: null });
  });

  it('names the best policy per scenario with Welch against the runner-up', () => {
    const miss = s.best.find((b) => b.metric === 'deadlineMissRate')!;
    expect(miss).toMatchObject({
      context: { scenario: 's' },
      better: 'lower',
      best: 'rtm',
      runnerUp: 'schedutil(rateLimitUs=1000)',
      significant: true,
    });
    expect(miss.p).toBeLessThan(0.05);
    const energy = s.best.find((b) => b.metric === 'energyPerInferenceMJ')!;
    expect(energy).toMatchObject({ best: 'schedutil(rateLimitUs=1000)', runnerUp: 'schedutil', significant: false });
  });

  it('counts failed runs apart and says so', () => {
    expect(s.failed).toEqual([{ key: lines[8]!.key, error: 'InputError: boom' }]);
    expect(summaryText(s)).toContain('1 of 9 runs failed and are left out');
    expect(summaryText(s)).toMatch(/deadlineMissRate \(lower is better\)\s+s\s+rtm/);
  });

  it('refuses a field it cannot group by and an unknown metric', () => {
    expect(() => parseBy('--by', ['policy', 'seeds'])).toThrow(
      "--by 'seeds' is not a field to group by (valid: policy, scenario, platformFile, durationS)",
    );
    expect(() => summarise(lines, ['policy'], ['missRate'])).toThrow(
      "--best 'missRate' is not a metric of these runs (valid: inferences,",
    );
  });

  it('by default groups by policy, scenario and every other key field but the seed that varies', () => {
    const mixed = [
      ...[1, 2].map((seed) => okLine({ seed, durationS: 10 }, {}, { energyPerInferenceMJ: 10 })),
      ...[1, 2].map((seed) => okLine({ seed, durationS: 60 }, {}, { energyPerInferenceMJ: 30 })),
    ];
    expect(defaultBy(lines)).toEqual(['policy', 'scenario']);
    expect(defaultBy(mixed)).toEqual(['policy', 'scenario', 'durationS']);
    expect(defaultBy([...lines, okLine({ platformFile: 'cal.json' })])).toEqual(['policy', 'scenario', 'platformFile']);
    // Runs of 10 s and of 60 s are not seeds of one group: two groups, each with its own mean.
    const groups = summarise(mixed, defaultBy(mixed)).groups;
    expect(groups.map((g) => [g.group.durationS, g.runs, g.metrics.energyPerInferenceMJ!.mean])).toEqual([
      [10, 2, 10],
      [60, 2, 30],
    ]);
  });

  it('from the command line, without --by, keeps runs of different durations apart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'twinrtm-summary-'));
    try {
      const file = join(dir, 'r.jsonl');
      const mixed = [10, 60].flatMap((durationS) =>
        [1, 2].map((seed) => okLine({ seed, durationS }, { runs: 4, shardRuns: 4 })),
      );
      writeFileSync(file, mixed.map(formatResultLine).join(''));
      const summary = await runJson('sweep', 'summary', file, '--json');
      expect(summary.by).toEqual(['policy', 'scenario', 'durationS']);
      expect(summary.groups).toHaveLength(2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
