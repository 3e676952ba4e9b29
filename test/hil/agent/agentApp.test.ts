import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEventStream, type StreamEvent } from '../../../hil/agent/serverSentEvents.js';
import { call, startTestAgent, TOKEN, until, type TestAgent } from './helpers.js';

describe('the agent without a valid token', () => {
  let t: TestAgent;
  beforeAll(async () => {
    t = await startTestAgent();
  });
  afterAll(() => t.agent.close());

  it('should answer 401 JSON with a WWW-Authenticate header when no token is given', async () => {
    const a = await call(t.agent.url, 'GET', '/v1/capabilities', undefined, null);
    expect(a.status).toBe(401);
    expect(a.body).toEqual({ error: expect.stringMatching(/Bearer token is required/) });
    expect(a.headers.get('www-authenticate')).toMatch(/^Bearer /);
  });

  it('should answer 401 to a wrong token of the same length', async () => {
    const wrong = TOKEN.slice(0, -1) + (TOKEN.endsWith('x') ? 'y' : 'x');
    const a = await call(t.agent.url, 'GET', '/v1/telemetry', undefined, wrong);
    expect(a.status).toBe(401);
    expect(a.headers.get('www-authenticate')).toMatch(/error="invalid_token"/);
  });

  it('should answer 401 to a token of another length, longer or shorter', async () => {
    expect((await call(t.agent.url, 'GET', '/v1/capabilities', undefined, `${TOKEN}x`)).status).toBe(401);
    expect((await call(t.agent.url, 'GET', '/v1/capabilities', undefined, TOKEN.slice(0, 4))).status).toBe(401);
  });

  it('should refuse a POST without a token before touching the board', async () => {
    const a = await call(
      t.agent.url,
      'POST',
      '/v1/config',
      { groups: 1, unit: 'a7', cores: 1, freqMHz: { a7: 200 } },
      null,
    );
    expect(a.status).toBe(401);
    expect(t.adapter.setCalls).toEqual([]);
  });
});

describe('the agent with a fake board', () => {
  let t: TestAgent;
  beforeAll(async () => {
    t = await startTestAgent();
  });
  afterAll(() => t.agent.close());

  it('should listen on 127.0.0.1 when no host is given', () => {
    expect(t.agent.server.address()).toMatchObject({ address: '127.0.0.1' });
    expect(t.agent.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it("should answer the adapter's capabilities as JSON", async () => {
    const a = await call(t.agent.url, 'GET', '/v1/capabilities');
    expect(a.status).toBe(200);
    expect(a.body).toEqual(t.adapter.capabilities());
  });

  it('should answer a telemetry snapshot with the agent time', async () => {
    const a = await call(t.agent.url, 'GET', '/v1/telemetry');
    expect(a.status).toBe(200);
    expect(a.body).toMatchObject({
      timeMs: expect.any(Number),
      utilisation: { a7: 0.25, a15: 0.5 },
      temperatureC: { a7: null, a15: 48 },
    });
    expect(a.body.rails).toEqual(t.adapter.rails);
  });

  it('should answer 404 JSON for an unknown route', async () => {
    const a = await call(t.agent.url, 'GET', '/v1/nothing');
    expect(a.status).toBe(404);
    expect(a.body).toEqual({ error: 'no route GET /v1/nothing' });
  });

  it('should answer 400 JSON, not an HTML page, to a body that is not JSON', async () => {
    const a = await call(t.agent.url, 'POST', '/v1/config', '{"groups": ');
    expect(a.status).toBe(400);
    expect(a.body.error).toMatch(/not valid JSON/);
  });

  it('should answer 413 JSON to a body over the size limit', async () => {
    const a = await call(t.agent.url, 'POST', '/v1/config', { padding: 'x'.repeat(32 * 1024) });
    expect(a.status).toBe(413);
    expect(a.body).toEqual({ error: expect.any(String) });
  });

  it('should refuse a stream period outside 10..10000 ms', async () => {
    for (const p of ['5', '20000', 'fast']) {
      const a = await call(t.agent.url, 'GET', `/v1/telemetry/stream?periodMs=${p}`);
      expect(a.status).toBe(400);
      expect(a.body.error).toMatch(/periodMs/);
    }
  });
});

describe('POST /v1/config', () => {
  let t: TestAgent;
  beforeAll(async () => {
    t = await startTestAgent();
  });
  afterAll(() => t.agent.close());
  const post = (body: unknown) => call(t.agent.url, 'POST', '/v1/config', body);

  it('should refuse an unknown unit with the valid ones', async () => {
    const a = await post({ groups: 2, unit: 'gpu', cores: 1, freqMHz: { a15: 1000 } });
    expect(a.status).toBe(400);
    expect(a.body.error).toMatch(/unknown unit 'gpu' \(valid: a7, a15\)/);
  });

  it("should refuse a frequency that is an operating point of the model but not in the board's list", async () => {
    const a = await post({ groups: 2, unit: 'a15', cores: 2, freqMHz: { a7: 200, a15: 2000 } });
    expect(a.status).toBe(400);
    expect(a.body.error).toMatch(/2000 MHz is not available for a15 on this board \(available: 200, .*, 1800 MHz\)/);
  });

  it('should refuse more cores than the unit has online', async () => {
    const a = await post({ groups: 2, unit: 'a15', cores: 4, freqMHz: { a7: 200, a15: 1000 } });
    expect(a.status).toBe(400);
    expect(a.body.error).toBe('cores 4 is more than the 2 online cpus of a15 (4, 5)');
  });

  it('should refuse a body of the wrong shape, naming the field', async () => {
    const a = await post({ groups: '2', unit: 'a15', cores: 1, freqMHz: {} });
    expect(a.status).toBe(400);
    expect(a.body.error).toMatch(/^groups must be a number/);
  });

  it('should set no frequency when it refuses', () => {
    expect(t.adapter.setCalls).toEqual([]);
  });

  it('should set every frequency through the adapter and answer the complete configuration', async () => {
    const a = await post({ groups: 3, unit: 'a15', cores: 2, freqMHz: { a15: 1000 } });
    expect(a.status).toBe(200);
    expect(a.body).toEqual({ groups: 3, unit: 'a15', cores: 2, freqMHz: { a7: 200, a15: 1000 } });
    expect(t.adapter.setCalls).toEqual([
      ['a7', 200],
      ['a15', 1000],
    ]);
  });
});

describe('the workload', () => {
  let t: TestAgent;
  beforeAll(async () => {
    t = await startTestAgent();
  });
  afterAll(() => t.agent.close());

  it('should answer 409 to an inference with no workload started', async () => {
    const a = await call(t.agent.url, 'POST', '/v1/infer', { groups: 1 });
    expect(a.status).toBe(409);
    expect(a.body.error).toMatch(/no workload is running/);
  });

  it('should answer 409 to a start with neither a configuration nor unit and cores', async () => {
    const a = await call(t.agent.url, 'POST', '/v1/workload/start', {});
    expect(a.status).toBe(409);
    expect(a.body.error).toMatch(/no configuration is in force/);
  });

  it("should start the workload on the unit's first cpus and wait for its ready line", async () => {
    const a = await call(t.agent.url, 'POST', '/v1/workload/start', { unit: 'a7', cores: 2 });
    expect(a.status).toBe(200);
    expect(a.body).toMatchObject({ unit: 'a7', cores: 2, cpus: [0, 1], ready: { ready: true, engine: 'echo' } });
    expect(t.workloads.map(({ unit, cores, cpus }) => ({ unit, cores, cpus }))).toEqual([
      { unit: 'a7', cores: 2, cpus: [0, 1] },
    ]);
  });

  it("should run an inference and answer the workload's latency with agent times", async () => {
    const a = await call(t.agent.url, 'POST', '/v1/infer', { groups: 3 });
    expect(a.status).toBe(200);
    expect(a.body).toMatchObject({ groups: 3, unit: 'a7', cores: 2, latencyMs: 6 });
    expect(a.body.endMs).toBeGreaterThanOrEqual(a.body.startMs as number);
  });

  it('should run anytime inference with a confidence threshold, answering where it stopped and how sure it was', async () => {
    const early = await call(t.agent.url, 'POST', '/v1/infer', { groups: 3, confidenceThreshold: 0.4 });
    expect(early.body).toMatchObject({
      groups: 3,
      confidenceThreshold: 0.4,
      groupsRun: 1,
      confidence: 0.5,
      latencyMs: 2,
    });
    const full = await call(t.agent.url, 'POST', '/v1/infer', { groups: 3, confidenceThreshold: 0.9 });
    expect(full.body).toMatchObject({ groupsRun: 3, latencyMs: 6 });
    expect((await call(t.agent.url, 'POST', '/v1/infer', { confidenceThreshold: 0.9 })).body.error).toMatch(
      /confidenceThreshold comes with groups/,
    );
    expect((await call(t.agent.url, 'POST', '/v1/infer', { groups: 3, confidenceThreshold: -1 })).status).toBe(400);
  });

  it('should refuse groups outside the DNN with 400', async () => {
    const a = await call(t.agent.url, 'POST', '/v1/infer', { groups: 5 });
    expect(a.status).toBe(400);
    expect(a.body.error).toMatch(/groups 5 is outside 1\.\.4/);
  });

  it('should default unit and cores to the configuration in force, replacing the running workload', async () => {
    await call(t.agent.url, 'POST', '/v1/config', { groups: 2, unit: 'a7', cores: 3, freqMHz: { a7: 800 } });
    const a = await call(t.agent.url, 'POST', '/v1/workload/start');
    expect(a.body).toMatchObject({ unit: 'a7', cores: 3, cpus: [0, 1, 2] });
    expect(t.workloads[0]!.process.failure).toMatch(/workload exited/);
    expect((await call(t.agent.url, 'POST', '/v1/infer')).body).toMatchObject({ groups: 2, latencyMs: 4 });
  });

  it('should keep the running workload, warm, when asked to start the same one again', async () => {
    const a = await call(t.agent.url, 'POST', '/v1/workload/start', { unit: 'a7', cores: 3 });
    expect(a.status).toBe(200);
    expect(a.body).toMatchObject({ unit: 'a7', cores: 3, cpus: [0, 1, 2], ready: { ready: true, engine: 'echo' } });
    expect(t.workloads.length).toBe(2);
    expect(t.workloads[1]!.process.failure).toBeNull();
  });

  it('should stop the workload, after which an inference is a 409', async () => {
    expect((await call(t.agent.url, 'POST', '/v1/workload/stop')).body).toEqual({ stopped: true });
    expect(t.workloads[1]!.process.failure).toMatch(/workload exited/);
    expect((await call(t.agent.url, 'POST', '/v1/infer', { groups: 1 })).status).toBe(409);
  });
});

describe('co-workloads', () => {
  let t: TestAgent;
  beforeAll(async () => {
    t = await startTestAgent();
  });
  afterAll(() => t.agent.close());

  it("should start busy processes on the unit's last cpus", async () => {
    const a = await call(t.agent.url, 'POST', '/v1/coworkload/start', {
      name: 'bg',
      unit: 'a7',
      cores: 2,
      utilisation: 0.5,
    });
    expect(a.status).toBe(200);
    expect(a.body).toEqual({ name: 'bg', unit: 'a7', cores: 2, cpus: [2, 3], utilisation: 0.5 });
    expect(t.busy).toEqual([{ cpus: [2, 3], cores: 2, utilisation: 0.5, stopped: false }]);
  });

  it('should stop a named co-workload', async () => {
    const a = await call(t.agent.url, 'POST', '/v1/coworkload/stop', { name: 'bg' });
    expect(a.body).toEqual({ name: 'bg', stopped: true });
    expect(t.busy[0]!.stopped).toBe(true);
  });

  it('should answer 409 to stopping a co-workload that is not running', async () => {
    const a = await call(t.agent.url, 'POST', '/v1/coworkload/stop', { name: 'bg' });
    expect(a.status).toBe(409);
    expect(a.body.error).toMatch(/co-workload 'bg' is not running/);
  });

  it('should hand a busiest-cpu share to the load and say it back', async () => {
    const a = await call(t.agent.url, 'POST', '/v1/coworkload/start', {
      name: 'packed',
      unit: 'a7',
      cores: 1,
      utilisation: 0.4,
      busiestShare: 0.2,
    });
    expect(a.status).toBe(200);
    expect(a.body).toEqual({ name: 'packed', unit: 'a7', cores: 1, cpus: [3], utilisation: 0.4, busiestShare: 0.2 });
    expect(t.busy.at(-1)).toEqual({ cpus: [3], cores: 1, utilisation: 0.4, busiestShare: 0.2, stopped: false });
    expect((await call(t.agent.url, 'POST', '/v1/coworkload/stop', { name: 'packed' })).status).toBe(200);
  });

  it('should refuse more cores than are online, and a utilisation outside 0..1', async () => {
    expect((await call(t.agent.url, 'POST', '/v1/coworkload/start', { name: 'x', unit: 'a15', cores: 3 })).status).toBe(
      400,
    );
    expect(
      (await call(t.agent.url, 'POST', '/v1/coworkload/start', { name: 'x', unit: 'a15', cores: 1, utilisation: 2 }))
        .status,
    ).toBe(400);
    const badShare = await call(t.agent.url, 'POST', '/v1/coworkload/start', {
      name: 'x',
      unit: 'a15',
      cores: 1,
      busiestShare: 1.5,
    });
    expect(badShare).toMatchObject({ status: 400, body: { error: 'busiestShare 1.5 is outside 0..1' } });
    expect(t.busy).toHaveLength(2);
  });
});

describe('GET /v1/telemetry/stream', () => {
  let t: TestAgent;
  beforeAll(async () => {
    t = await startTestAgent();
  });
  afterAll(() => t.agent.close());

  it('should send telemetry events at the period and an inference event after /v1/infer', async () => {
    const abort = new AbortController();
    const res = await fetch(`${t.agent.url}/v1/telemetry/stream?periodMs=50`, {
      headers: { authorization: `Bearer ${TOKEN}` },
      signal: abort.signal,
    });
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const events: StreamEvent[] = [];
    const reading = (async () => {
      for await (const e of parseEventStream(res.body!)) events.push(e);
    })().catch(() => {});
    await until('six telemetry events', () => events.filter((e) => e.event === 'telemetry').length >= 6);
    const times = events
      .filter((e) => e.event === 'telemetry')
      .map((e) => (JSON.parse(e.data) as { timeMs: number }).timeMs);
    const gaps = times.slice(1).map((x, i) => x - times[i]!);
    const meanGap = gaps.reduce((s, g) => s + g, 0) / gaps.length;
    expect(meanGap).toBeGreaterThanOrEqual(45);
    expect(meanGap).toBeLessThan(120);
    expect(JSON.parse(events[0]!.data)).toMatchObject({ utilisation: { a15: 0.5 } });

    await call(t.agent.url, 'POST', '/v1/workload/start', { unit: 'a15', cores: 1 });
    const answer = await call(t.agent.url, 'POST', '/v1/infer', { groups: 2 });
    await until('an inference event', () => events.some((e) => e.event === 'inference'));
    const { kind: _kind, ...pushed } = JSON.parse(events.find((e) => e.event === 'inference')!.data) as Record<
      string,
      unknown
    >;
    expect(pushed).toEqual(answer.body);
    abort.abort();
    await reading;
  });

  it('should stop reading sensors for a stream whose client went away', async () => {
    const abort = new AbortController();
    const res = await fetch(`${t.agent.url}/v1/telemetry/stream?periodMs=10`, {
      headers: { authorization: `Bearer ${TOKEN}` },
      signal: abort.signal,
    });
    const reader = res.body!.getReader();
    await reader.read();
    abort.abort();
    await new Promise((r) => setTimeout(r, 50));
    const reads = t.adapter.telemetryReads;
    await new Promise((r) => setTimeout(r, 100));
    expect(t.adapter.telemetryReads).toBe(reads);
  });
});
