import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../../../dnn/inputError.js';
import { wallClockLanes } from '../../../hil/wallClockLanes.js';

/** A wall clock already counting (a board used outside a run's loop). */
function startedLanes() {
  const lanes = wallClockLanes();
  lanes.start!();
  return lanes;
}
import { modelledPowerW } from '../../../models/modelledPowerW.js';
import { RemoteBoard } from '../../../hil/remoteBoard.js';
import type { Configuration } from '../../../models/types.js';
import type { InferenceRecord } from '../../../policies/types.js';
import { dnn, fakeAdapter, platform, startTestAgent, TOKEN, until, type TestAgent } from './helpers.js';

const initialConfig: Configuration = { groups: 2, unit: 'a15', cores: 2, freqMHz: { a7: 200, a15: 1000 } };

interface Harness {
  board: RemoteBoard;
  /** The board's clock. */
  scheduler: ReturnType<ReturnType<typeof startedLanes>['lane']>;
  inferences: InferenceRecord[];
  drops: number[];
  applied: Configuration[];
  notes: string[];
}

const boards: RemoteBoard[] = [];
afterEach(async () => {
  await Promise.all(boards.splice(0).map((b) => b.close()));
});

async function remote(t: TestAgent, url = t.agent.url): Promise<Harness> {
  const connection = await RemoteBoard.connect(url, TOKEN);
  const h: Omit<Harness, 'board' | 'scheduler'> = { inferences: [], drops: [], applied: [], notes: [] };
  const scheduler = startedLanes().lane(0);
  const board = new RemoteBoard({
    connection,
    platform,
    dnn,
    initialConfig,
    powerMode: null,
    queueLimit: 4,
    scheduler,
    events: {
      onInference: (r) => void h.inferences.push(r),
      onDrop: (t) => void h.drops.push(t),
      onApply: (c) => void h.applied.push(c),
      onThrottle: () => {},
    },
    note: (text) => void h.notes.push(text),
    telemetryPeriodMs: 20,
  });
  boards.push(board);
  return { ...h, board, scheduler };
}

describe('RemoteBoard.connect', () => {
  let t: TestAgent;
  beforeAll(async () => {
    t = await startTestAgent();
  });
  afterAll(() => t.agent.close());

  it("should fetch the agent's capabilities, watchdog period and a first snapshot", async () => {
    const c = await RemoteBoard.connect(`${t.agent.url}/`, TOKEN);
    expect(c).toMatchObject({
      url: t.agent.url,
      capabilities: t.adapter.capabilities(),
      watchdogMs: 60_000,
      telemetry: { utilisation: { a15: 0.5 } },
    });
  });

  it('should fail with one clear InputError when the token is refused', async () => {
    const err = await RemoteBoard.connect(t.agent.url, 'wrong').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toBe(`the agent at ${t.agent.url} refused the token (401)`);
  });

  it('should fail with one clear InputError when the agent is unreachable', async () => {
    const gone = await startTestAgent();
    await gone.agent.close();
    await expect(RemoteBoard.connect(gone.agent.url, TOKEN)).rejects.toThrow(
      new RegExp(`^cannot reach the agent at ${gone.agent.url}: fetch failed \\(ECONNREFUSED\\)`),
    );
  });

  it('should fail with one clear InputError for a URL that is not one', async () => {
    await expect(RemoteBoard.connect('nowhere', TOKEN)).rejects.toThrow(/--agent nowhere is not a URL/);
  });
});

describe('RemoteBoard against a running agent', () => {
  let t: TestAgent;
  beforeAll(async () => {
    t = await startTestAgent();
  });
  afterAll(() => t.agent.close());

  it('should put the initial configuration in force and start the workload on its cpus', async () => {
    const h = await remote(t);
    await until('the workload', () => t.workloads.length === 1);
    expect(t.workloads[0]).toMatchObject({ unit: 'a15', cores: 2, cpus: [4, 5] });
    expect(t.adapter.setCalls).toContainEqual(['a15', 1000]);
    expect(h.board.config).toEqual(initialConfig);
  });

  it('should report each finished inference on the loop clock, through apply and a remap', async () => {
    const h = await remote(t);
    h.board.request(null);
    h.board.request(1000);
    await until('two inferences', () => h.inferences.length === 2);
    expect(h.inferences[0]).toMatchObject({ groups: 2, unit: 'a15', cores: 2, freqMHz: 1000, deadlineMet: true });
    const r = h.inferences[1]!;
    expect(r.endMs - r.arrivalMs).toBeCloseTo(r.latencyMs, 9);
    expect(r.serviceMs).toBeCloseTo(r.endMs - r.startMs, 9);
    expect(r.startMs).toBeGreaterThanOrEqual(r.arrivalMs);

    const next: Configuration = { groups: 3, unit: 'a7', cores: 1, freqMHz: { a7: 800, a15: 1000 } };
    h.board.apply(next);
    expect(h.applied).toEqual([next]);
    h.board.request(null);
    await until('a third inference', () => h.inferences.length === 3);
    expect(h.inferences[2]).toMatchObject({ groups: 3, unit: 'a7', cores: 1, freqMHz: 800 });
    expect(t.adapter.setCalls).toContainEqual(['a7', 800]);
    expect(t.workloads.at(-1)).toMatchObject({ unit: 'a7', cores: 1, cpus: [0] });
    expect(h.drops).toEqual([]);
    expect(h.notes).toEqual([]);
  });

  it("should read the fake adapter's rails as measured power", async () => {
    const h = await remote(t);
    expect(h.board.powerSource).toBe('measured');
    await new Promise((r) => setTimeout(r, 60));
    // The board's own clock around the read and the energy: the bounds hold however late either runs.
    const before = h.scheduler.now();
    const s = h.board.readSensors();
    expect(s.powerW).toBeCloseTo(3.0, 9);
    expect(s.powerByRailW).toEqual({ VDD_ARM: 2.5, VDD_KFC: 0.5 });
    expect(s.utilisation).toEqual({ a7: 0.25, a15: 0.5 });
    expect(s.temperatureC.a15).toBe(48);
    expect(s.temperatureC.a7).toBeNaN();
    expect(s.windowMs).toBeGreaterThan(0);
    // The energy integrates the reading over its window and carries it forward to the clock's now;
    // the agent's readings arrive once per telemetry period (20 ms here), so the energy may run ahead
    // of this side's window by up to one period.
    const energy = h.board.energyNowMJ();
    const after = h.scheduler.now();
    expect(energy).toBeGreaterThanOrEqual(3.0 * s.windowMs - 1e-6);
    expect(energy).toBeLessThanOrEqual(3.0 * (s.windowMs + (after - before) + 20));
  });

  it('should turn busy cores into co-workloads on the agent, and stop them when they go', async () => {
    const h = await remote(t);
    const before = t.busy.length;
    h.board.setContention({ busyCores: { a7: 2 }, busyUtilisation: { a7: 0.5 } });
    expect(h.board.freeCores()).toEqual({ a7: 2, a15: 4 });
    await until('a busy load', () => t.busy.length === before + 1);
    expect(t.busy.at(-1)).toEqual({ cpus: [2, 3], cores: 2, utilisation: 0.5, stopped: false });
    h.board.setContention({});
    await until('the busy load to stop', () => t.busy.at(-1)!.stopped);
  });

  it("should hand the agent a co-workload's busiest-cpu share, and start it again when only that moves", async () => {
    const h = await remote(t);
    const before = t.busy.length;
    const packed = (busiestShare: number) => ({
      busyCores: { a7: 1 },
      busyUtilisation: { a7: 0.3 },
      busiestShare: { a7: busiestShare },
    });
    h.board.setContention(packed(0.15));
    await until('a busy load', () => t.busy.length === before + 1);
    expect(t.busy.at(-1)).toEqual({ cpus: [3], cores: 1, utilisation: 0.3, busiestShare: 0.15, stopped: false });
    h.board.setContention(packed(0.2));
    await until('the load started again', () => t.busy.length === before + 2);
    expect(t.busy.at(-1)).toMatchObject({ busiestShare: 0.2, stopped: false });
    h.board.setContention({});
    await until('the busy load to stop', () => t.busy.at(-1)!.stopped);
  });

  it('should note a configuration the agent refuses instead of throwing', async () => {
    const h = await remote(t);
    h.board.apply({ ...initialConfig, freqMHz: { a7: 200, a15: 2000 } });
    await until('a note', () => h.notes.length > 0);
    expect(h.notes[0]).toMatch(/^agent: POST \/v1\/config: 400 frequency 2000 MHz is not available for a15/);
  });
});

/**
 * A loopback proxy in front of an agent that, once a workload has started, holds every answer to
 * POST /v1/config until a POST /v1/infer has come through (or 10 s pass), and logs in which order
 * the inferences came and the configurations were answered: a controller that queued its inference
 * behind the clock change sends it only after that change's answer.
 */
async function holdingProxy(
  target: string,
): Promise<{ url: string; armed: () => boolean; log: string[]; close(): Promise<void> }> {
  let armed = false;
  let inferSeen = false;
  const log: string[] = [];
  const waiting: (() => void)[] = [];
  const server = createServer((req, res) => {
    const isConfig = armed && req.method === 'POST' && req.url === '/v1/config';
    const isStart = req.method === 'POST' && req.url === '/v1/workload/start';
    if (armed && req.method === 'POST' && req.url === '/v1/infer') {
      inferSeen = true;
      log.push('infer');
      for (const release of waiting.splice(0)) release();
    }
    const upstream = httpRequest(`${target}${req.url}`, { method: req.method, headers: req.headers }, (answer) => {
      const forward = () => {
        if (isConfig) log.push('config answered');
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
        if (isStart) armed = true;
      };
      if (!isConfig || inferSeen) return forward();
      const timer = setTimeout(() => release(), 10_000);
      const release = () => {
        clearTimeout(timer);
        forward();
      };
      waiting.push(release);
    });
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    armed: () => armed,
    log,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe('RemoteBoard inferences and clock changes', () => {
  let t: TestAgent;
  beforeAll(async () => {
    t = await startTestAgent();
  });
  afterAll(() => t.agent.close());

  it('should send an inference without waiting for a clock change sent before it', async () => {
    const proxy = await holdingProxy(t.agent.url);
    try {
      const h = await remote(t, proxy.url);
      await until('the workload started, after which the proxy holds clock changes', () => proxy.armed(), 15_000);
      h.board.apply({ ...initialConfig, freqMHz: { a7: 200, a15: 1200 } });
      h.board.request(null);
      await until('the inference', () => h.inferences.length === 1, 15_000);
      await until('the clock change answered', () => proxy.log.includes('config answered'), 15_000);
      expect(proxy.log[0]).toBe('infer');
      expect(t.adapter.setCalls).toContainEqual(['a15', 1200]);
    } finally {
      await Promise.all(boards.splice(0).map((b) => b.close()));
      await proxy.close();
    }
  }, 60_000);
});

describe('RemoteBoard on a board without power sensors', () => {
  let t: TestAgent;
  beforeAll(async () => {
    t = await startTestAgent({ adapter: fakeAdapter(false) });
  });
  afterAll(() => t.agent.close());

  it("should model the power with the platform model when the agent's board measures none", async () => {
    const h = await remote(t);
    expect(h.board.powerSource).toBe('modelled');
    await new Promise((r) => setTimeout(r, 30));
    const s = h.board.readSensors();
    // No inference ran: the board idles at the initial configuration.
    const idle = modelledPowerW(platform, dnn, initialConfig, {}, 0);
    expect(s.powerW).toBeCloseTo(idle.board, 9);
    expect(s.powerByRailW).toEqual(idle.rails);
    expect(s.powerW).toBeGreaterThan(0);
  });
});
