/**
 * A fake board for the agent's tests: an Odroid-XU3 whose a15 cluster has only cpus 4 and 5 online
 * and stops at 1800 MHz, with measured rails; plus recording process starters and a small HTTP client.
 */
import { fileURLToPath } from 'node:url';
import { networkById } from '../../../dnn/builtinNetworks.js';
import { platformById } from '../../../models/builtinPlatforms.js';
import { startAgent, type RunningAgent, type StartAgentOptions } from '../../../hil/agent/startAgent.js';
import type {
  BoardAdapter,
  Capabilities,
  RailReading,
  SavedState,
  SysfsRoot,
  TelemetrySnapshot,
} from '../../../hil/types.js';
import { WorkloadProcess } from '../../../hil/workload/workloadProcess.js';

export const TOKEN = 'test-token-0123456789';
export const platform = platformById('odroid-xu3');
export const dnn = networkById('alexnet-cifar10-g4');
const echoScript = fileURLToPath(new URL('../fixtures/echoWorkload.mjs', import.meta.url));

const range = (from: number, to: number) => Array.from({ length: (to - from) / 100 + 1 }, (_, i) => from + 100 * i);

export interface FakeAdapter extends BoardAdapter {
  readonly setCalls: [string, number][];
  readonly restored: SavedState[];
  saves: number;
  telemetryReads: number;
  rails: RailReading[];
}

const noSysfs: SysfsRoot = {
  root: '/fake',
  read: () => null,
  write: (path) => {
    throw new Error(`the fake board has no ${path}`);
  },
  exists: () => false,
  list: () => [],
  glob: () => [],
};

/** A fake adapter; `measured: false` gives a board with no power sensor. */
export function fakeAdapter(measured = true): FakeAdapter {
  const freqMHz: Record<string, number> = { a7: 1400, a15: 1800 };
  const caps: Capabilities = {
    profile: 'odroid-xu3',
    platform: 'odroid-xu3',
    units: [
      { id: 'a7', onlineCpus: [0, 1, 2, 3], availableMHz: range(200, 1400), dvfs: true, frequencyPath: '/fake/a7' },
      { id: 'a15', onlineCpus: [4, 5], availableMHz: range(200, 1800), dvfs: true, frequencyPath: '/fake/a15' },
    ],
    measuredRails: measured ? ['VDD_ARM', 'VDD_KFC'] : [],
    power: measured ? 'measured' : 'modelled',
    temperature: true,
    energyCounters: [],
    notes: [],
  };
  const adapter: FakeAdapter = {
    profile: 'odroid-xu3',
    sysfs: noSysfs,
    setCalls: [],
    restored: [],
    saves: 0,
    telemetryReads: 0,
    rails: measured
      ? [
          { rail: 'VDD_ARM', watts: 2.5, source: 'measured' },
          { rail: 'VDD_KFC', watts: 0.5, source: 'measured' },
        ]
      : [],
    capabilities: () => caps,
    telemetry(): TelemetrySnapshot {
      adapter.telemetryReads++;
      return {
        freqMHz: { ...freqMHz },
        utilisation: { a7: 0.25, a15: 0.5 },
        temperatureC: { a7: null, a15: 48 },
        rails: adapter.rails,
      };
    },
    setFrequencyMHz(unit, mhz) {
      adapter.setCalls.push([unit, mhz]);
      freqMHz[unit] = mhz;
    },
    save() {
      adapter.saves++;
      return {
        profile: 'odroid-xu3',
        sysfsRoot: '/fake',
        files: { '/fake/a15': String(freqMHz.a15) },
        savedAt: `save ${adapter.saves}`,
      };
    },
    restore(state) {
      adapter.restored.push(state);
    },
  };
  return adapter;
}

export interface TestAgent {
  agent: RunningAgent;
  adapter: FakeAdapter;
  /** (unit, cores, cpus) of every workload started, and the processes. */
  workloads: { unit: string; cores: number; cpus: number[]; process: WorkloadProcess }[];
  /** Every busy load started, with whether it was stopped. */
  busy: { cpus: number[]; cores: number; utilisation: number; busiestShare?: number; stopped: boolean }[];
  restores: string[];
}

/** Starts an agent on 127.0.0.1, a free port, over a fake board and the echo workload. */
export async function startTestAgent(
  options: Partial<StartAgentOptions> & { adapter?: FakeAdapter } = {},
): Promise<TestAgent> {
  const adapter = options.adapter ?? fakeAdapter();
  const t: Omit<TestAgent, 'agent'> = { adapter, workloads: [], busy: [], restores: [] };
  const agent = await startAgent({
    platform,
    dnn,
    token: TOKEN,
    watchdogMs: 60_000,
    port: 0,
    startWorkload: (unit, cores, cpus) => {
      const process = new WorkloadProcess({ command: [globalThis.process.execPath, echoScript], stderr: () => {} });
      t.workloads.push({ unit, cores, cpus: [...cpus], process });
      return process;
    },
    startBusyLoad: (_unit, cpus, cores, utilisation, busiestShare) => {
      const record = {
        cpus: [...cpus],
        cores,
        utilisation,
        ...(busiestShare === undefined ? {} : { busiestShare }),
        stopped: false,
      };
      t.busy.push(record);
      return {
        stop: () => {
          record.stopped = true;
        },
      };
    },
    onRestore: (reason) => void t.restores.push(reason),
    ...options,
    adapter,
  });
  return { ...t, agent };
}

export interface Answer {
  status: number;
  body: Record<string, unknown>;
  headers: Headers;
}

/** One request to an agent, with the test token unless another is given (null: none). */
export async function call(
  url: string,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
  token: string | null = TOKEN,
): Promise<Answer> {
  const headers: Record<string, string> = {};
  if (token !== null) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(url + path, {
    method,
    headers,
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: JSON.parse(text) as Record<string, unknown>, headers: res.headers };
}

/** Waits until a condition holds, polling; fails after timeoutMs (generous: a loaded machine is slow, and only a hang should fail). */
export async function until(what: string, condition: () => boolean, timeoutMs = 15_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
