import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEventStream, type StreamEvent } from '../../../hil/agent/serverSentEvents.js';
import { Watchdog, type AgentTimers } from '../../../hil/agent/watchdog.js';
import { call, startTestAgent, TOKEN, until, type TestAgent } from './helpers.js';

/** Timers that run only when told to, recording each delay. */
function manualTimers(): AgentTimers & { pending: Map<number, { callback: () => void; ms: number }>; fireAll(): void } {
  let next = 0;
  const pending = new Map<number, { callback: () => void; ms: number }>();
  return {
    pending,
    setTimeout: (callback, ms) => {
      pending.set(++next, { callback, ms });
      return next;
    },
    clearTimeout: (handle) => void pending.delete(handle as number),
    fireAll() {
      const due = [...pending.values()];
      pending.clear();
      for (const t of due) t.callback();
    },
  };
}

describe('Watchdog', () => {
  it('should stay disarmed until the first sign of life', () => {
    const timers = manualTimers();
    new Watchdog(200, timers, () => {});
    expect(timers.pending.size).toBe(0);
  });

  it('should call onSilence once when the period passes with no request', () => {
    const timers = manualTimers();
    let silences = 0;
    const w = new Watchdog(200, timers, () => silences++);
    w.begin();
    w.end();
    expect([...timers.pending.values()].map((t) => t.ms)).toEqual([200]);
    timers.fireAll();
    timers.fireAll();
    expect(silences).toBe(1);
  });

  it('should hold off while a request is in progress, and count the silence from its end', () => {
    const timers = manualTimers();
    let silences = 0;
    const w = new Watchdog(200, timers, () => silences++);
    w.begin();
    timers.fireAll();
    expect(silences).toBe(0);
    w.end();
    timers.fireAll();
    expect(silences).toBe(1);
  });

  it('should never fire after stop()', () => {
    const timers = manualTimers();
    let silences = 0;
    const w = new Watchdog(200, timers, () => silences++);
    w.touch();
    w.stop();
    w.touch();
    timers.fireAll();
    expect(silences).toBe(0);
  });

  it('should refuse a period that is not above 0', () => {
    expect(() => new Watchdog(0, manualTimers(), () => {})).toThrow(/above 0/);
  });
});

describe('the agent when the controller falls silent', () => {
  let t: TestAgent;
  const events: StreamEvent[] = [];
  const abort = new AbortController();
  beforeAll(async () => {
    t = await startTestAgent({ watchdogMs: 200 });
    // An open stream is no sign of life: the watchdog must trip with it open.
    const res = await fetch(`${t.agent.url}/v1/telemetry/stream?periodMs=50`, {
      headers: { authorization: `Bearer ${TOKEN}` },
      signal: abort.signal,
    });
    void (async () => {
      for await (const e of parseEventStream(res.body!)) events.push(e);
    })().catch(() => {});
  });
  afterAll(async () => {
    abort.abort();
    await t.agent.close();
  });

  it('should stop the workload and every co-workload and restore the saved state after watchdogMs', async () => {
    await call(t.agent.url, 'POST', '/v1/config', { groups: 2, unit: 'a15', cores: 1, freqMHz: { a15: 1000 } });
    await call(t.agent.url, 'POST', '/v1/workload/start');
    await call(t.agent.url, 'POST', '/v1/coworkload/start', { name: 'bg', unit: 'a7', cores: 1 });
    const silentFrom = Date.now();
    await until('a restore', () => t.adapter.restored.length > 0, 2000);
    expect(Date.now() - silentFrom).toBeGreaterThanOrEqual(150);
    expect(t.adapter.restored).toEqual([expect.objectContaining({ savedAt: 'save 1' })]);
    expect(t.restores).toEqual(['watchdog']);
    expect(t.busy[0]!.stopped).toBe(true);
    await until('the workload to exit', () => t.workloads[0]!.process.failure !== null);
  });

  it('should say so in a watchdog event', async () => {
    await until('a watchdog event', () => events.some((e) => e.event === 'watchdog'));
    const report = JSON.parse(events.find((e) => e.event === 'watchdog')!.data) as Record<string, unknown>;
    expect(report).toMatchObject({
      silentMs: 200,
      stoppedWorkload: true,
      stoppedCoworkloads: ['bg'],
      restored: true,
      error: null,
    });
  });

  it('should start a fresh session, saving the board again, on the next request', async () => {
    const a = await call(t.agent.url, 'GET', '/v1/session');
    expect(a.body).toMatchObject({ live: true, watchdogMs: 200, config: null, workload: null, coworkloads: [] });
    expect(t.adapter.saves).toBe(2);
    // The configuration went with the restore: a start needs a new one.
    expect((await call(t.agent.url, 'POST', '/v1/workload/start')).status).toBe(409);
  });
});
