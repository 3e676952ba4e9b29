/**
 * Issue 19, items 5 and 6 with the agent as a real process on a fake XU3 tree: SIGKILL leaves the
 * state file `twinrtm hil restore` undoes, and none of its processes; SIGTERM restores the board and
 * ends the agent with its processes.
 */
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliProcess, type CliProcess } from '../cliProcess.js';
import { bytes, removeTrees, xu3Tree } from '../board/fakeTrees.js';
import { allGone, commandLine, descendants } from '../processTree.js';
import { run } from '../../cli/run.js';
import { writeFakeRtapp } from '../fixtures/fakeRtapp.js';

const echo = fileURLToPath(new URL('../fixtures/echoWorkload.mjs', import.meta.url));
const TOKEN = 'process-test-token-42';
const POLICY4 = '/sys/devices/system/cpu/cpufreq/policy4/scaling_governor';
const started: CliProcess[] = [];
const dirs: string[] = [];

afterAll(() => {
  for (const p of started.splice(0)) p.child.kill('SIGKILL');
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  removeTrees();
});

/** A private runtime folder, as a login session has, so state files stay inside the test. */
function runtimeDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'twinrtm-xdg-'));
  chmodSync(dir, 0o700);
  dirs.push(dir);
  return dir;
}

async function startAgent(
  root: string,
  runtime: string,
  ...extra: string[]
): Promise<{ agent: CliProcess; url: string }> {
  const agent = cliProcess(
    [
      'agent',
      '--board',
      'odroid-xu3',
      '--sysfs-root',
      root,
      '--no-taskset',
      '--port',
      '0',
      '--workload-cmd',
      `${process.execPath} ${echo}`,
      ...extra,
    ],
    {
      ...process.env,
      XDG_RUNTIME_DIR: runtime,
      TWINRTM_AGENT_TOKEN: TOKEN,
    },
  );
  started.push(agent);
  const line = await agent.waitErr(/listening on (http:\/\/\S+);/);
  return { agent, url: /(http:\/\/[^;\s]+)/.exec(line)![1]! };
}

async function post(url: string, path: string, body: unknown): Promise<number> {
  const res = await fetch(url + path, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  await res.text();
  return res.status;
}

/** Puts the board to work: a15 pinned at 1800 MHz (userspace), the workload, two busy co-runners. */
async function drive(url: string): Promise<void> {
  expect(await post(url, '/v1/config', { groups: 2, unit: 'a15', cores: 1, freqMHz: { a15: 1800, a7: 1000 } })).toBe(
    200,
  );
  expect(await post(url, '/v1/workload/start', {})).toBe(200);
  expect(await post(url, '/v1/coworkload/start', { name: 'x', unit: 'a7', cores: 2 })).toBe(200);
}

function ours(pid: number): number[] {
  return descendants(pid).filter((p) => !commandLine(p).includes('esbuild'));
}

describe('the agent as a process', () => {
  // One agent, driven and SIGKILLed, for the two tests of what a killed agent leaves: the second
  // agent is refused over its state file first, then hil restore undoes that file.
  describe('SIGKILLed', () => {
    let root: string;
    let runtime: string;
    let governorDriven: string;
    let children: number[];
    beforeAll(async () => {
      root = xu3Tree('vendor');
      runtime = runtimeDir();
      const { agent, url } = await startAgent(root, runtime);
      await drive(url);
      governorDriven = bytes(root, POLICY4);
      children = ours(agent.child.pid!);
      agent.child.kill('SIGKILL');
      await agent.exited;
    }, 60_000);

    it('should refuse to start over the state file of a killed agent', async () => {
      const again = cliProcess(
        ['agent', '--board', 'odroid-xu3', '--sysfs-root', root, '--no-taskset', '--port', '0'],
        { ...process.env, XDG_RUNTIME_DIR: runtime, TWINRTM_AGENT_TOKEN: TOKEN },
      );
      started.push(again);
      const { code } = await again.exited;
      expect(code).toBe(2);
      expect(again.err()).toMatch(/never restored \(it was killed\): run 'twinrtm hil restore --sysfs-root /);
      expect(existsSync(join(runtime, 'twinrtm'))).toBe(true);
    });

    it('should leave, when SIGKILLed, a state file that hil restore undoes, and none of its processes', async () => {
      expect(governorDriven).toBe('userspace\n');
      expect(children.length).toBeGreaterThanOrEqual(3);
      await allGone(children);
      expect(bytes(root, POLICY4)).toBe('userspace\n');
      expect(readdirSync(join(runtime, 'twinrtm'))).toHaveLength(1);
      // hil restore finds the agent's state file by the tree, as a user would run it.
      const saved = process.env.XDG_RUNTIME_DIR;
      process.env.XDG_RUNTIME_DIR = runtime;
      try {
        const r = await run('hil', 'restore', '--sysfs-root', root, '--json');
        expect(r.code).toBe(0);
        expect(JSON.parse(r.out).written).toContain(POLICY4);
      } finally {
        if (saved === undefined) delete process.env.XDG_RUNTIME_DIR;
        else process.env.XDG_RUNTIME_DIR = saved;
      }
      expect(bytes(root, POLICY4)).toBe('ondemand\n');
      expect(readdirSync(join(runtime, 'twinrtm'))).toEqual([]);
    });
  });

  it('should serve the rt-app it was given, then restore the board and end, with its processes, on SIGTERM', async () => {
    const root = xu3Tree('vendor');
    const runtime = runtimeDir();
    const rtapp = writeFakeRtapp(runtimeDir());
    const { agent, url } = await startAgent(root, runtime, '--rtapp-binary', rtapp);
    const status = await fetch(`${url}/v1/rtapp`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(await status.json()).toEqual({ binary: rtapp, running: [] });
    await drive(url);
    const children = ours(agent.child.pid!);
    agent.child.kill('SIGTERM');
    const { code } = await agent.exited;
    expect(code).toBe(143);
    expect(agent.err()).toMatch(/board restored \(close\)/);
    expect(bytes(root, POLICY4)).toBe('ondemand\n');
    expect(readdirSync(join(runtime, 'twinrtm'))).toEqual([]);
    await allGone(children);
  });
});
