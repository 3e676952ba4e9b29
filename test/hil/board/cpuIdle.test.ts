import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { createBoardAdapter } from '../../../hil/board/adapter.js';
import { idleVerdict, readCpuIdle } from '../../../hil/board/cpuIdle.js';
import { createSysfsRoot } from '../../../hil/board/sysfsRoot.js';
import { createUtilisationMeter } from '../../../hil/board/utilisationMeter.js';
import { fakeClock } from './fakeClock.js';
import { fakeKernel } from './fakeKernel.js';
import {
  IDLE_ROW,
  makeRoot,
  procStat,
  removeTrees,
  writeCpuIdle,
  writeFiles,
  xu3Tree,
  type IdleState,
} from './fakeTrees.js';

afterEach(removeTrees);

/** Two states, as an ARM cpu has them (WFI and a deeper one). */
const STATES: IdleState[] = [
  { name: 'WFI', timeUs: 1_000_000, usage: 5000 },
  { name: 'C1', timeUs: 3_000_000, usage: 900 },
];

/** Moves one cpu's counters on: idle µs and entries added to each state. */
function addIdle(root: string, cpu: number, addUs: [number, number], addUsage: [number, number] = [1, 1]): void {
  STATES.forEach((s, k) => {
    const dir = `/sys/devices/system/cpu/cpu${cpu}/cpuidle/state${k}`;
    writeFiles(root, {
      [`${dir}/time`]: String(s.timeUs + addUs[k]!),
      [`${dir}/usage`]: String(s.usage! + addUsage[k]!),
    });
  });
}

function xu3WithIdle(cpus: number[] = [0, 1, 2, 3, 4, 5, 6, 7]) {
  const root = xu3Tree('vendor');
  writeCpuIdle(root, cpus, STATES);
  const clock = fakeClock();
  const board = createBoardAdapter('odroid-xu3', fakeKernel(root), {
    isRoot: true,
    nowMs: clock.nowMs,
    sleep: clock.sleep,
  });
  return { root, clock, board };
}

describe('utilisation from cpuidle residency', () => {
  it('should resolve a 10 ms interval that /proc/stat cannot: 1 - idle µs / wall µs, busiest cpu per unit', () => {
    // Arrange: /proc/stat does not move; in 10 ms cpu5 idles 3 ms, cpu1 8 ms, the others all 10 ms.
    const { root, clock, board } = xu3WithIdle();
    clock.advance(10);
    for (let cpu = 0; cpu < 8; cpu++)
      addIdle(root, cpu, cpu === 5 ? [2000, 1000] : cpu === 1 ? [8000, 0] : [4000, 6000]);
    // Act
    const u = board.telemetry().utilisation;
    // Assert
    expect(u.a15).toBeCloseTo(0.7, 12);
    expect(u.a7).toBeCloseTo(0.2, 12);
  });

  it('should say which source each unit uses', () => {
    const { board } = xu3WithIdle([0, 1, 2, 3, 4, 5]);
    const notes = board.capabilities().notes;
    expect(notes).toContain('a7: utilisation from cpuidle residency (cpuN/cpuidle/stateK/time, µs) for cpu 0-3');
    expect(notes).toContain(
      'a15: utilisation from cpuidle residency (cpuN/cpuidle/stateK/time, µs) for cpu 4-5; /proc/stat jiffies (10 ms resolution) for cpu 6-7',
    );
  });

  it('should let /proc/stat decide an interval in which a cpu left no idle state (busy, or asleep throughout)', () => {
    // Arrange: cpu4 and cpu5 leave no idle state in 20 ms; /proc/stat says cpu4 ran and cpu5 slept.
    const { root, clock, board } = xu3WithIdle();
    const rows = Array.from({ length: 8 }, () => [...IDLE_ROW]);
    rows[4]![0]! += 2;
    rows[5]![3]! += 2;
    clock.advance(20);
    writeFiles(root, { '/proc/stat': procStat(rows) });
    for (const cpu of [0, 1, 2, 3, 6, 7]) addIdle(root, cpu, [10000, 10000]);
    // Act
    const first = board.telemetry().utilisation;
    // Assert: a15's busiest cpu is cpu4, busy throughout.
    expect(first.a15).toBe(1);
    // Without cpu4, the sleeping cpu5 must read idle, not busy.
    for (const cpu of [0, 1, 2, 3, 4, 6, 7]) addIdle(root, cpu, [20000, 20000]);
    rows[5]![3]! += 2;
    clock.advance(20);
    writeFiles(root, { '/proc/stat': procStat(rows) });
    expect(board.telemetry().utilisation.a15).toBe(0);
  });

  it('should count a cpu as busy when no idle state was left and no jiffy passed', () => {
    const { root, clock, board } = xu3WithIdle();
    clock.advance(5);
    for (let cpu = 0; cpu < 8; cpu++) if (cpu !== 6) addIdle(root, cpu, [2500, 2500]);
    expect(board.telemetry().utilisation).toEqual({ a7: 0, a15: 1 });
  });

  it('should give null, not a negative value, when a counter went backwards (a cpu re-onlined)', () => {
    const { root, clock, board } = xu3WithIdle([4, 5, 6, 7]);
    clock.advance(10);
    for (const cpu of [4, 5, 6, 7]) addIdle(root, cpu, [-900_000, -2_000_000], [-10, -10]);
    expect(board.telemetry().utilisation.a15).toBeNull();
    clock.advance(10);
    for (const cpu of [4, 5, 6, 7]) addIdle(root, cpu, [-900_000 + 5000, -2_000_000], [-9, -10]);
    expect(board.telemetry().utilisation.a15).toBeCloseTo(0.5, 12);
  });

  it('should sum every state and leave usage null when a state has none', () => {
    const root = makeRoot();
    writeCpuIdle(
      root,
      [0],
      [
        { name: 'WFI', timeUs: 10, usage: 2 },
        { name: 'C1', timeUs: 32 },
      ],
    );
    expect(readCpuIdle(createSysfsRoot(root), 0)).toEqual({ timeUs: 42, usage: null });
    expect(readCpuIdle(createSysfsRoot(root), 1)).toBeNull();
  });
});

describe('cpuidle utilisation properties', () => {
  const counters = fc.record({
    timeUs: fc.nat({ max: 2 ** 40 }),
    usage: fc.option(fc.nat({ max: 2 ** 31 }), { nil: null }),
  });

  it('should stay in 0..1 for any counters and wall time, and be unknown when a counter went backwards', () => {
    fc.assert(
      fc.property(counters, counters, fc.integer({ min: -1000, max: 2 ** 40 }), (a, b, wallUs) => {
        const v = idleVerdict(a, b, wallUs);
        if (v.kind === 'utilisation') expect(v.value >= 0 && v.value <= 1).toBe(true);
        const backwards = b.timeUs < a.timeUs || (a.usage !== null && b.usage !== null && b.usage < a.usage);
        if (backwards || wallUs <= 0) expect(v.kind).toBe('unknown');
      }),
    );
  });

  it('should give every cpu 0..1 or null through the meter, null exactly for an interval whose counter went back', () => {
    const step = fc.record({
      wallMs: fc.integer({ min: 0, max: 100 }),
      idleUs: fc.integer({ min: -5000, max: 200_000 }),
      entries: fc.integer({ min: -3, max: 50 }),
    });
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 12 }), (steps) => {
        const root = makeRoot();
        writeFiles(root, { '/proc/stat': procStat([IDLE_ROW]) });
        let time = 1_000_000;
        let usage = 100;
        writeCpuIdle(root, [0], [{ name: 'WFI', timeUs: time, usage }]);
        const clock = fakeClock();
        const meter = createUtilisationMeter(createSysfsRoot(root), [0], clock.nowMs);
        for (const s of steps) {
          time = Math.max(0, time + s.idleUs);
          const wentBack = s.idleUs < 0 || s.entries < 0;
          usage = Math.max(0, usage + s.entries);
          writeCpuIdle(root, [0], [{ name: 'WFI', timeUs: time, usage }]);
          clock.advance(s.wallMs);
          const u = meter.sample().get(0)!;
          if (u !== null) expect(u >= 0 && u <= 1).toBe(true);
          if (wentBack) expect(u).toBeNull();
        }
      }),
      { numRuns: 40 },
    );
  });
});
