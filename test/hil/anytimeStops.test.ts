import { describe, expect, it } from 'vitest';
import { anytimeProfileOf, stopDistribution } from '../../dnn/anytimeProfile.js';
import { networkById } from '../../dnn/builtinNetworks.js';
import { anytimeStops } from '../../hil/anytimeStops.js';
import type { TraceEvent } from '../../sim/traceEvents.js';

const dnn = networkById('alexnet-cifar10-g4');

function inference(groups: number, extra: { confidenceThreshold?: number; groupLimit?: number } = {}): TraceEvent {
  return {
    t: 0,
    kind: 'inference',
    arrivalMs: 0,
    startMs: 0,
    endMs: 1,
    latencyMs: 1,
    serviceMs: 1,
    energyMJ: 1,
    groups,
    unit: 'a15',
    cores: 4,
    freqMHz: 1000,
    deadlineMet: true,
    ...extra,
  };
}

describe("a run's anytime stops against the twin's", () => {
  it('counts the stops per threshold and limit, beside the measured shares and the sampling error of the mean', () => {
    const events = [
      inference(1, { confidenceThreshold: 0.9, groupLimit: 4 }),
      inference(1, { confidenceThreshold: 0.9, groupLimit: 4 }),
      inference(4, { confidenceThreshold: 0.9, groupLimit: 4 }),
      inference(2, { confidenceThreshold: 0.5, groupLimit: 2 }),
      inference(3),
    ];
    const rows = anytimeStops(events, dnn);
    expect(rows.map((r) => [r.threshold, r.groupLimit, r.measured])).toEqual([
      [0.9, 4, [2, 0, 0, 1]],
      [0.5, 2, [0, 1]],
    ]);
    const { share } = stopDistribution(anytimeProfileOf(dnn)!, 0.9, 4);
    const mean = share.reduce((m, p, k) => m + p * (k + 1), 0);
    const sd = Math.sqrt(share.reduce((v, p, k) => v + p * (k + 1 - mean) ** 2, 0));
    expect(rows[0]).toMatchObject({ inferences: 3, expected: share, meanGroups: { measured: 2, expected: mean } });
    expect(rows[0]!.meanGroups.standardError).toBeCloseTo(sd / Math.sqrt(3), 12);
  });

  it('has nothing to say of a run without anytime inference', () => {
    expect(anytimeStops([inference(4), inference(2)], dnn)).toEqual([]);
  });

  it('has no shares to compare with for a network without measured images', () => {
    const rows = anytimeStops(
      [inference(1, { confidenceThreshold: 0.9, groupLimit: 4 })],
      networkById('alexnet-cifar10-g4-cumulative'),
    );
    expect(rows[0]).toMatchObject({ expected: null, meanGroups: { measured: 1, expected: null, standardError: null } });
  });
});
