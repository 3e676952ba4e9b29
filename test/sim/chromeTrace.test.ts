import { describe, expect, it } from 'vitest';
import { createRtm } from '../../policies/rtm.js';
import { toChromeTrace, type ChromeTrace } from '../../sim/chromeTrace.js';
import { simulate } from '../../sim/simulate.js';
import type { TraceEvent } from '../../sim/traceEvents.js';
import { ofKind, scenario, traceCollector } from './helpers.js';

/** xu3-default's first 16 s under rtm: inferences, sensors, a co-runner starting, reconfigurations. */
function realRun(): { events: TraceEvent[]; chrome: ChromeTrace } {
  const t = traceCollector();
  simulate(scenario('xu3-default'), createRtm(), { durationS: 16, trace: t.sink });
  return { events: t.events, chrome: toChromeTrace(t.events) };
}

describe('toChromeTrace over a real run', () => {
  const { events, chrome } = realRun();
  const te = chrome.traceEvents;

  it('should give a JSON object with traceEvents', () => {
    expect(Array.isArray(te)).toBe(true);
    expect(te.length).toBeGreaterThan(events.length / 2);
  });

  it('should give every event a name, a known ph, a numeric ts >= 0, a pid and a tid', () => {
    for (const e of te) {
      expect(typeof e.name).toBe('string');
      expect(['X', 'C', 'M', 'i']).toContain(e.ph);
      expect(typeof e.ts).toBe('number');
      expect(Number.isFinite(e.ts) && e.ts >= 0).toBe(true);
      expect(Number.isInteger(e.pid)).toBe(true);
      expect(Number.isInteger(e.tid)).toBe(true);
    }
  });

  it('should give every X event a dur >= 0 on a tid named by a thread_name M event', () => {
    const named = new Set(te.filter((e) => e.ph === 'M' && e.name === 'thread_name').map((e) => `${e.pid}/${e.tid}`));
    const slices = te.filter((e) => e.ph === 'X');
    expect(slices.length).toBe(ofKind(events, 'inference').length);
    for (const e of slices) {
      expect(e.dur!).toBeGreaterThanOrEqual(0);
      expect(named.has(`${e.pid}/${e.tid}`)).toBe(true);
    }
  });

  it('should give C events numeric args only', () => {
    const counters = te.filter((e) => e.ph === 'C');
    expect(counters.length).toBe(4 * ofKind(events, 'sensor').length);
    for (const e of counters) {
      expect(Object.keys(e.args!).length).toBeGreaterThan(0);
      for (const v of Object.values(e.args!)) expect(Number.isFinite(v)).toBe(true);
    }
  });

  it('should put inference slices in microseconds', () => {
    const inferences = ofKind(events, 'inference');
    const slices = te.filter((e) => e.ph === 'X');
    slices.forEach((e, i) => {
      expect(Math.abs(e.ts - inferences[i]!.startMs * 1000)).toBeLessThanOrEqual(0.5);
      expect(Math.abs(e.dur! - inferences[i]!.serviceMs * 1000)).toBeLessThanOrEqual(1);
    });
  });

  it('should round-trip through JSON.stringify and JSON.parse', () => {
    expect(JSON.parse(JSON.stringify(chrome))).toEqual(chrome);
  });

  it("should carry the run's scenario, policy and seed in otherData", () => {
    expect(chrome.otherData).toMatchObject({ scenario: 'xu3-default', policy: 'rtm', seed: 1, platform: 'odroid-xu3' });
  });

  it('should mark control events as instants on the board track', () => {
    const instants = te.filter((e) => e.ph === 'i');
    expect(instants.map((e) => e.name)).toContain('coworkload');
    expect(instants.map((e) => e.name)).toContain('apply');
    for (const e of instants) expect(e.tid).toBe(0);
  });
});

describe('toChromeTrace on a hand-made trace', () => {
  const run: TraceEvent = {
    t: 0,
    kind: 'run',
    scenario: 's',
    policy: 'p',
    seed: 3,
    platform: 'odroid-xu3',
    dnn: 'd',
    units: ['a7', 'a15'],
    durationS: 1,
  };
  const inference: TraceEvent = {
    t: 109.5,
    kind: 'inference',
    arrivalMs: 99,
    startMs: 100,
    endMs: 109.5,
    latencyMs: 10.5,
    serviceMs: 9.5,
    energyMJ: 50,
    groups: 3,
    unit: 'a15',
    cores: 4,
    freqMHz: 2000,
    deadlineMet: true,
  };

  it('should give an inference of 9.5 ms a dur of 9500 us', () => {
    const x = toChromeTrace([run, inference]).traceEvents.find((e) => e.ph === 'X')!;
    expect(x.ts).toBe(100_000);
    expect(Math.abs(x.dur! - 9500)).toBeLessThanOrEqual(1);
  });

  it("should put an inference on its unit's named track", () => {
    const te = toChromeTrace([run, inference]).traceEvents;
    const x = te.find((e) => e.ph === 'X')!;
    const name = te.find((e) => e.ph === 'M' && e.name === 'thread_name' && e.tid === x.tid)!;
    expect(name.args).toEqual({ name: 'DNN on a15' });
  });

  it('should name a track for an inference on a unit the run event did not list', () => {
    const te = toChromeTrace([{ ...inference, unit: 'gpu' }]).traceEvents;
    const x = te.find((e) => e.ph === 'X')!;
    expect(te.some((e) => e.ph === 'M' && e.name === 'thread_name' && e.tid === x.tid)).toBe(true);
  });

  it('should give an empty trace only the board track name', () => {
    expect(toChromeTrace([]).traceEvents).toEqual([
      { name: 'thread_name', ph: 'M', ts: 0, pid: 1, tid: 0, args: { name: 'board' } },
    ]);
  });
});
