import { describe, expect, it } from 'vitest';
import { anytimeProfileOf, stopDistribution } from '../../../dnn/anytimeProfile.js';
import { networkById } from '../../../dnn/builtinNetworks.js';
import { cascadeCost } from '../../../models/anytime.js';
import type { Configuration } from '../../../models/types.js';
import { createRandom } from '../../../sim/random.js';
import { simulate } from '../../../sim/simulate.js';
import { boardRig, scenario, spyPolicy } from '../helpers.js';

/** All four A15 cores at 1400 MHz, at most 4 groups, stopping at a top-1 probability of 0.9. */
const ANYTIME: Configuration = {
  groups: 4,
  confidenceThreshold: 0.9,
  unit: 'a15',
  cores: 4,
  freqMHz: { a15: 1400, a7: 200 },
};

describe('anytime inference in the twin', () => {
  it("runs each inference as the cascade to where its drawn image stops: the model's cascade time for that g", () => {
    const draws = createRandom(11);
    const rig = boardRig({ initialConfig: ANYTIME, drawImage: () => draws.next() });
    for (let i = 0; i < 40; i++) rig.at(i * 50, () => rig.board.request(null));
    rig.scheduler.flush();
    expect(rig.log.inferences).toHaveLength(40);
    const seen = new Set<number>();
    for (const r of rig.log.inferences) {
      const want = cascadeCost(rig.platform, rig.dnn, ANYTIME, r.groups).timeMs;
      expect(Math.abs(r.serviceMs - want) / want).toBeLessThan(1e-9);
      expect(r).toMatchObject({ confidenceThreshold: 0.9, unit: 'a15' });
      expect(typeof r.correct).toBe('boolean');
      expect(r.confidence).toBeGreaterThan(0);
      // The answer's probability reached the threshold, or the cascade ran out of groups.
      if (r.groups < 4) expect(r.confidence).toBeGreaterThanOrEqual(0.9);
      seen.add(r.groups);
    }
    // Most images stop at g = 1 at 0.9: a run of 40 sees more than one g, or the draw is not per inference.
    expect(seen.size).toBeGreaterThan(1);
  });

  it('runs a fixed g exactly as before when no threshold is set', () => {
    const { confidenceThreshold: _, ...fixed } = ANYTIME;
    const rig = boardRig({ initialConfig: fixed, drawImage: () => 0.5 });
    rig.board.request(null);
    rig.scheduler.flush();
    const r = rig.log.inferences[0]!;
    expect(r.groups).toBe(4);
    expect(r.confidenceThreshold).toBeUndefined();
    expect(r.correct).toBeUndefined();
  });

  it("matches the measured stopping distribution's mean g and top-1 over a long run, within 4 standard errors", () => {
    // Each inference draws an image uniformly from the 10,000 measured ones, so the run's mean g is a
    // sample mean of the measured distribution: its standard error is the distribution's sd / sqrt(n).
    const s = scenario('xu3-default', {
      initialConfig: ANYTIME,
      budgets: [{ atS: 0 }],
      coworkloads: [],
      durationS: 120,
    });
    const { metrics } = simulate(s, spyPolicy().policy);
    const profile = anytimeProfileOf(networkById(s.dnn))!;
    const { share, top1 } = stopDistribution(profile, 0.9, 4);
    const mean = share.reduce((m, p, k) => m + p * (k + 1), 0);
    const variance = share.reduce((v, p, k) => v + p * (k + 1 - mean) ** 2, 0);
    const n = metrics.inferences;
    expect(n).toBeGreaterThan(3000);
    expect(Math.abs(metrics.meanGroups! - mean)).toBeLessThan(4 * Math.sqrt(variance / n));
    expect(Math.abs(metrics.meanAccuracy! - top1)).toBeLessThan(4 * Math.sqrt((top1 * (1 - top1)) / n));
  });
});
