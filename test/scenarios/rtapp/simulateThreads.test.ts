/**
 * The threads of hand-made rt-app files in virtual time, one behaviour per test: what each event does
 * to when threads run and how busy the cpus are (runScale 1: a run of d us takes d us).
 */
import { describe, expect, it } from 'vitest';
import { readRtapp } from '../../../scenarios/rtapp/readRtapp.js';
import { simulateThreads, type SimulatedLoad } from '../../../scenarios/rtapp/simulateThreads.js';

function simulate(
  text: string,
  o: { endUs?: number; windowUs?: number; cpus?: number[]; runScale?: (cpu: number) => number } = {},
): SimulatedLoad {
  return simulateThreads(readRtapp(text, 'w.json'), {
    runScale: o.runScale ?? (() => 1),
    defaultCpus: o.cpus ?? [0, 1, 2, 3],
    boardCpus: [0, 1, 2, 3, 4, 5, 6, 7],
    endUs: o.endUs ?? 10_000_000,
    windowUs: o.windowUs ?? 1000,
  });
}

/** Busy us of each cpu over the whole run. */
function busyPerCpu(load: SimulatedLoad): Record<number, number> {
  const out: Record<number, number> = {};
  for (const cpu of load.busy.cpus) {
    let us = 0;
    for (let k = 0; k < load.busy.count; k++) us += load.busy.busyUs(k, cpu);
    if (us > 0) out[cpu] = Math.round(us * 1e6) / 1e6;
  }
  return out;
}

/** The windows (of windowUs) in which a cpu is busy. */
function busyWindows(load: SimulatedLoad, cpu: number): number[] {
  return Array.from({ length: load.busy.count }, (_, k) => k).filter((k) => load.busy.busyUs(k, cpu) > 0);
}

function firstBusyWindow(load: SimulatedLoad, cpu: number): number {
  return busyWindows(load, cpu)[0] ?? Infinity;
}

describe('simulateThreads: run, runtime, sleep', () => {
  it('should keep a cpu busy for the runs and idle for the sleeps', () => {
    const load = simulate('{ "tasks": { "t": { "loop": 10, "cpus": [2], "run": 2000, "sleep": 8000 } } }');
    expect(busyPerCpu(load)).toEqual({ 2: 20000 });
    expect(load.stoppedUs).toBe(100000);
    expect(load.unfinished).toBe(0);
  });

  it('should scale a run by the cpu and leave a runtime as it is', () => {
    const load = simulate('{ "tasks": { "t": { "loop": 1, "cpus": [1], "run": 1000, "runtime": 1000 } } }', {
      runScale: () => 3,
    });
    expect(busyPerCpu(load)).toEqual({ 1: 4000 });
  });

  it('should start a task after its delay', () => {
    expect(firstBusyWindow(simulate('{ "tasks": { "t": { "loop": 1, "delay": 5000, "run": 1000 } } }'), 0)).toBe(5);
  });

  it('should stop at endUs, a thread still running counted as unfinished', () => {
    const load = simulate('{ "tasks": { "t": { "run": 1000, "sleep": 1000 } } }', { endUs: 10500 });
    expect(load.stoppedUs).toBe(10500);
    expect(busyPerCpu(load)).toEqual({ 0: 5500 });
    expect(load.unfinished).toBe(1);
  });
});

describe('simulateThreads: timers', () => {
  it('should wake a thread every period, the run inside the period', () => {
    const load = simulate(
      '{ "tasks": { "t": { "loop": 10, "run": 3000, "timer": { "ref": "unique", "period": 10000 } } } }',
    );
    expect(busyPerCpu(load)).toEqual({ 0: 30000 });
    expect(load.stoppedUs).toBe(100000);
  });

  // One late period (a 25 ms run in a 10 ms period), then five short ones.
  const late = (mode: string) =>
    `{ "tasks": { "t": { "loop": 1, "phases": { "slow": { "run": 25000, "timer": { "ref": "unique", "period": 10000, "mode": "${mode}" } }, "fast": { "loop": 5, "run": 1000, "timer": { "ref": "unique", "period": 10000, "mode": "${mode}" } } } } } }`;

  it('should restart a relative timer from the late wake-up', () => {
    expect(simulate(late('relative')).stoppedUs).toBe(75000);
  });

  it('should keep an absolute timer on its grid, catching up without sleeping', () => {
    expect(simulate(late('absolute')).stoppedUs).toBe(60000);
  });

  it('should share a timer that is not unique between the threads naming it', () => {
    const shared = (ref: string) =>
      simulate(
        `{ "tasks": { "t": { "instance": 2, "loop": 10, "run": 1000, "timer": { "ref": "${ref}", "period": 10000 } } } }`,
      ).stoppedUs;
    expect(shared('unique')).toBe(100000);
    expect(shared('tick')).toBe(200000);
  });
});

describe('simulateThreads: events that block and wake', () => {
  it('should hold threads at a barrier until every use of it is reached', () => {
    const load = simulate(
      '{ "tasks": { "a": { "loop": 1, "cpus": [0], "run": 1000, "barrier": "b", "run1": 1000 }, "b": { "loop": 1, "cpus": [1], "run": 5000, "barrier": "b" } } }',
    );
    expect(busyPerCpu(load)).toEqual({ 0: 2000, 1: 5000 });
    // a runs 0-1 ms, waits at the barrier until b reaches it at 5 ms, then runs 5-6 ms.
    expect(busyWindows(load, 0)).toEqual([0, 5]);
    expect(load.stoppedUs).toBe(6000);
  });

  it('should run what a lock guards one thread at a time', () => {
    const text =
      '{ "tasks": { "a": { "loop": 1, "cpus": [0], "lock": "m", "run": 5000, "unlock": "m" }, "b": { "loop": 1, "cpus": [1], "lock": "m", "run": 5000, "unlock": "m" } } }';
    expect(simulate(text).stoppedUs).toBe(10000);
  });

  it('should wake a waiting thread on signal, once it has its mutex back', () => {
    const text =
      '{ "tasks": { "a": { "loop": 1, "cpus": [0], "lock": "m", "wait": { "ref": "c", "mutex": "m" }, "unlock": "m", "run": 1000 }, "b": { "loop": 1, "cpus": [1], "sleep": 3000, "signal": "c" } } }';
    const load = simulate(text);
    expect(firstBusyWindow(load, 0)).toBe(3);
    expect(load.stoppedUs).toBe(4000);
  });

  it('should wake every waiter on broad, and one on signal', () => {
    const waiters = '"a": { "loop": 1, "instance": 2, "suspend": "c", "run": 1000 }';
    expect(simulate(`{ "tasks": { ${waiters}, "w": { "loop": 1, "sleep": 1000, "broad": "c" } } }`).unfinished).toBe(0);
    expect(simulate(`{ "tasks": { ${waiters}, "w": { "loop": 1, "sleep": 1000, "signal": "c" } } }`).unfinished).toBe(
      1,
    );
  });

  it("should resume a suspended thread, a bare suspend waiting on the task's own name", () => {
    const load = simulate(
      '{ "tasks": { "a": { "loop": 1, "cpus": [0], "suspend", "run": 1000 }, "b": { "loop": 1, "cpus": [1], "sleep": 2000, "resume": "a" } } }',
    );
    expect(firstBusyWindow(load, 0)).toBe(2);
    expect(load.unfinished).toBe(0);
  });

  it('should lose a resume that comes before the suspend, as a condition variable does', () => {
    const load = simulate(
      '{ "tasks": { "a": { "loop": 1, "sleep": 2000, "suspend", "run": 1000 }, "b": { "loop": 1, "resume": "a" } } }',
    );
    expect(load.unfinished).toBe(1);
    expect(busyPerCpu(load)).toEqual({});
  });

  it('should signal and wait in one sync, as the browser example uses it', () => {
    const text =
      '{ "tasks": { "a": { "loop": 2, "cpus": [0], "lock": "m", "sync": { "ref": "q", "mutex": "m" }, "unlock": "m", "run": 1000 }, "b": { "loop": 2, "cpus": [1], "lock": "m", "sync": { "ref": "q", "mutex": "m" }, "unlock": "m", "run": 1000 } } }';
    const load = simulate(text);
    expect(load.unfinished).toBe(1);
    expect(busyPerCpu(load)[0]! + busyPerCpu(load)[1]!).toBe(3000);
  });

  it('should refuse a workload busy beyond the windows it may fill, naming what to change', () => {
    expect(() =>
      simulate('{ "tasks": { "t": { "loop": 1, "run": 2000000000 } } }', { windowUs: 1000, endUs: 1e12 }),
    ).toThrow(/is still busy after 200,000 windows of 1 ms \(0\.0556 h\): take longer windows/);
  });

  it('should let yield take no time', () => {
    expect(simulate('{ "tasks": { "t": { "loop": 3, "run": 1000, "yield": "" } } }').stoppedUs).toBe(3000);
  });
});

describe('simulateThreads: sharing a cpu', () => {
  it('should run a SCHED_FIFO thread before a SCHED_OTHER one on the same cpu', () => {
    const text =
      '{ "tasks": { "rt": { "loop": 1, "cpus": [0], "policy": "SCHED_FIFO", "priority": 50, "run": 5000, "sleep": 20000 }, "other": { "loop": 1, "cpus": [0], "run": 5000 } } }';
    expect(simulate(text).stoppedUs).toBe(25000);
  });

  it('should share fairly between equal SCHED_OTHER threads, the cpu busy all the while', () => {
    const load = simulate(
      '{ "tasks": { "a": { "loop": 1, "cpus": [0], "run": 5000, "sleep": 20000 }, "b": { "loop": 1, "cpus": [0], "run": 5000 } } }',
    );
    expect(load.stoppedUs).toBe(30000);
    expect(busyPerCpu(load)).toEqual({ 0: 10000 });
  });

  it('should give a thread of nice 0 1.25^5 times the share of one at nice 5', () => {
    const load = simulate(
      '{ "tasks": { "a": { "loop": 1, "cpus": [0], "run": 3000, "sleep": 50000 }, "b": { "loop": 1, "cpus": [0], "priority": 5, "run": 3000 } } }',
    );
    const shareA = 1 / (1 + 1 / 1.25 ** 5);
    expect(load.stoppedUs).toBeCloseTo(3000 / shareA + 50000, 6);
  });

  it('should run SCHED_DEADLINE threads before real-time ones', () => {
    const text =
      '{ "tasks": { "dl": { "loop": 1, "cpus": [0], "policy": "SCHED_DEADLINE", "run": 5000, "sleep": 20000 }, "rt": { "loop": 1, "cpus": [0], "policy": "SCHED_FIFO", "priority": 99, "run": 5000 } } }';
    expect(simulate(text).stoppedUs).toBe(25000);
  });
});

describe('simulateThreads: placement', () => {
  it('should spread threads without cpus over the allowed cpus, the fewest threads first, then the lowest number', () => {
    const load = simulate('{ "tasks": { "t": { "instance": 6, "loop": 1, "run": 1000 } } }', { cpus: [4, 5, 6, 7] });
    expect(busyPerCpu(load)).toEqual({ 4: 2000, 5: 2000, 6: 1000, 7: 1000 });
  });

  it("should move a thread when a phase's cpus exclude the one it is on, and keep it otherwise", () => {
    const text =
      '{ "tasks": { "t": { "loop": 1, "cpus": [1, 2], "phases": { "a": { "run": 1000 }, "b": { "cpus": [3], "run": 1000 }, "c": { "run": 1000 } } } } }';
    expect(busyPerCpu(simulate(text))).toEqual({ 1: 2000, 3: 1000 });
  });
});
