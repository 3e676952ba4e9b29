/**
 * A small trace with known content, for counting what the figures draw: 10 sensor reads, 5
 * inferences (one late), one drop, a co-runner and a power cap arriving.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const SMALL = { sensors: 10, inferences: 5, missed: 1, drops: 1 };

export function smallTraceLines(): string[] {
  const events: object[] = [
    {
      t: 0,
      kind: 'run',
      scenario: 'xu3-default',
      policy: 'rtm',
      seed: 1,
      platform: 'odroid-xu3',
      dnn: 'alexnet-cifar10-g4',
      units: ['a7', 'a15'],
      durationS: 1,
      board: { kind: 'twin' },
    },
    { t: 0, kind: 'budgets', budgets: { latencyMs: 20 } },
    {
      t: 0,
      kind: 'apply',
      config: { groups: 4, unit: 'a15', cores: 4, freqMHz: { a7: 200, a15: 2000 } },
      stallMs: 0.1,
    },
  ];
  const latencies = [10, 12, 25, 11, 13];
  for (let k = 1; k <= 10; k++) {
    const t = 100 * k;
    if (t === 300) events.push({ t, kind: 'coworkload', name: 'browser', event: 'start', unit: 'a15' });
    if (t === 500) {
      events.push({ t, kind: 'budgets', budgets: { latencyMs: 20, powerW: 3 } });
      events.push({
        t,
        kind: 'apply',
        config: { groups: 2, unit: 'a15', cores: 2, freqMHz: { a7: 200, a15: 1000 } },
        stallMs: 0.1,
      });
    }
    if (t === 600) events.push({ t, kind: 'drop', arrivalMs: 600 });
    if (t === 700) events.push({ t, kind: 'coworkload', name: 'browser', event: 'end', unit: 'a15' });
    const f = t < 500 ? 2000 : 1000;
    events.push({
      t,
      kind: 'sensor',
      freqMHz: { a7: 200, a15: f },
      utilisation: { a7: 0, a15: 0.5 },
      temperatureC: { a7: 40 + k, a15: 41 + k },
      powerW: 1 + k / 10,
      powerByRailW: {},
      truePowerW: 1 + k / 10,
      groups: t < 500 ? 4 : 2,
    });
    if (k % 2 === 0) {
      const latencyMs = latencies[k / 2 - 1]!;
      events.push({
        t: t + 50,
        kind: 'inference',
        arrivalMs: t + 50 - latencyMs,
        startMs: t + 50 - latencyMs,
        endMs: t + 50,
        latencyMs,
        serviceMs: latencyMs,
        energyMJ: 20,
        groups: t < 500 ? 4 : 2,
        unit: 'a15',
        cores: t < 500 ? 4 : 2,
        freqMHz: f,
        deadlineMet: latencyMs <= 20,
      });
    }
  }
  events.push({
    t: 1000,
    kind: 'end',
    metrics: {
      inferences: 5,
      dropped: 1,
      deadlineMissRate: 2 / 6,
      latencyMs: { p50: 12, p95: 25, p99: 25 },
      meanAccuracy: 0.92,
      meanGroups: 3,
      energyPerInferenceMJ: 20,
      avgPowerW: 1.5,
      peakPowerW: 2,
      overPowerCapFraction: 0,
      reconfigurations: 2,
      rejectedDecisions: 0,
      simulatedS: 1,
      events: 40,
    },
  });
  return events.map((e) => JSON.stringify(e));
}

export function writeSmallTrace(
  dir: string,
  name = 'small.jsonl',
  transform: (text: string) => string = (t) => t,
): string {
  const path = join(dir, name);
  writeFileSync(path, transform(`${smallTraceLines().join('\n')}\n`));
  return path;
}
