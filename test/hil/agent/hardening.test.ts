/**
 * Issue 19, items 2, 3, 5 and 6 on the agent in-process: the token from a file or the environment,
 * a stalled request cannot hold the watchdog off, the state file kept while a session is live, and
 * concurrent workload starts leave no process behind.
 */
import { chmodSync, writeFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AGENT_TOKEN_ENV, resolveAgentToken, TOKEN_ON_COMMAND_LINE_WARNING } from '../../../hil/agent/agentToken.js';
import type { SavedState } from '../../../hil/types.js';
import { makeRoot, removeTrees } from '../board/fakeTrees.js';
import { call, fakeAdapter, startTestAgent, TOKEN, until, type TestAgent } from './helpers.js';

const agents: TestAgent[] = [];
const sockets: Socket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  await Promise.all(agents.splice(0).map((a) => a.agent.close()));
  removeTrees();
});

async function agentWith(options: Parameters<typeof startTestAgent>[0]): Promise<TestAgent> {
  const a = await startTestAgent(options);
  agents.push(a);
  return a;
}

/** Opens a raw TCP connection to the agent and sends `text`, then holds the socket open. */
async function rawRequest(
  url: string,
  text: string,
): Promise<{ socket: Socket; received: () => string; closed: Promise<void> }> {
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname);
  sockets.push(socket);
  let received = '';
  socket.on('data', (c: Buffer) => {
    received += c.toString();
  });
  socket.on('error', () => {});
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  socket.write(text);
  return { socket, received: () => received, closed };
}

const CONFIG = { groups: 2, unit: 'a15', cores: 1, freqMHz: { a15: 1800, a7: 1000 } };

describe('the agent token', () => {
  it('should come from a file only its user can read', () => {
    const file = join(makeRoot(), 'token');
    writeFileSync(file, 'from-a-file-123\n', { mode: 0o600 });
    chmodSync(file, 0o600);
    expect(resolveAgentToken({ tokenFile: file }, {}, () => {})).toBe('from-a-file-123');
    chmodSync(file, 0o644);
    expect(() => resolveAgentToken({ tokenFile: file }, {}, () => {})).toThrow(
      `--token-file ${file} is open to other users (mode 0644): chmod 600 ${file}`,
    );
  });

  it('should come from the environment', () => {
    expect(resolveAgentToken({}, { [AGENT_TOKEN_ENV]: 'from-env-123' }, () => {})).toBe('from-env-123');
  });

  it('should still take --token, with a warning that other users can read the command line', () => {
    const warnings: string[] = [];
    expect(resolveAgentToken({ token: 'on-the-line' }, {}, (l) => warnings.push(l))).toBe('on-the-line');
    expect(warnings).toEqual([TOKEN_ON_COMMAND_LINE_WARNING]);
    expect(TOKEN_ON_COMMAND_LINE_WARNING).toMatch(/every local user can read/);
  });

  it.each([
    [{}, {}, /the agent needs a token: give --token-file FILE \(mode 600\) or set TWINRTM_AGENT_TOKEN/],
    [{ token: 'a', tokenFile: '/x' }, {}, /--token and --token-file both give the token/],
    [{ token: 'two words' }, {}, /must be one word of visible ASCII characters/],
    [{}, { [AGENT_TOKEN_ENV]: 'bell\u0007' }, /must be one word of visible ASCII characters/],
  ])('should refuse %j %j', (options, env, message) => {
    expect(() => resolveAgentToken(options, env, () => {})).toThrow(message);
  });
});

describe('a request that never finishes arriving', () => {
  it('should not keep the watchdog from restoring the board, and its socket is closed', async () => {
    // Arrange: a controller configured the board, then sends half a request and holds the socket.
    const t = await agentWith({ watchdogMs: 300, requestTimeoutMs: 600, headersTimeoutMs: 400 });
    expect((await call(t.agent.url, 'POST', '/v1/config', CONFIG)).status).toBe(200);
    const body = JSON.stringify(CONFIG);
    const held = await rawRequest(
      t.agent.url,
      `POST /v1/config HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${TOKEN}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body.slice(0, 10)}`,
    );
    // Assert: the watchdog trips while the socket is held, and the server ends the socket.
    await until('the watchdog restores the board', () => t.restores.includes('watchdog'), 20_000);
    await held.closed;
    expect(held.received()).toMatch(/^HTTP\/1\.1 408/);
  });

  it('should close a connection that never finishes its headers', async () => {
    const t = await agentWith({ requestTimeoutMs: 600, headersTimeoutMs: 400 });
    const held = await rawRequest(
      t.agent.url,
      `GET /v1/session HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${TOKEN}\r\n`,
    );
    await held.closed;
    expect(held.received()).toMatch(/^HTTP\/1\.1 408/);
  });
});

describe('the state file of a live session', () => {
  it('should be written before the first change, removed after the restore, and kept when the restore fails', async () => {
    const events: string[] = [];
    const adapter = fakeAdapter();
    const restore = adapter.restore.bind(adapter);
    let failRestore = false;
    adapter.restore = (s: SavedState) => {
      if (failRestore) throw new Error('EBUSY');
      restore(s);
    };
    const setFrequency = adapter.setFrequencyMHz.bind(adapter);
    adapter.setFrequencyMHz = (u, f) => {
      events.push('set');
      setFrequency(u, f);
    };
    const t = await agentWith({
      adapter,
      watchdogMs: 200,
      stateFile: { saved: (s) => void events.push(`saved ${s.savedAt}`), restored: () => void events.push('removed') },
    });
    expect(events).toEqual(['saved save 1']);
    await call(t.agent.url, 'POST', '/v1/config', CONFIG);
    await until('the watchdog', () => events.includes('removed'), 20_000);
    // The next session saves again before its change; a failed restore keeps the file and the original state.
    failRestore = true;
    await call(t.agent.url, 'POST', '/v1/config', CONFIG);
    await until('the second watchdog', () => t.restores.length === 2, 20_000);
    failRestore = false;
    expect(events.slice(0, 5)).toEqual(['saved save 1', 'set', 'set', 'removed', 'saved save 2']);
    expect(events.filter((e) => e === 'removed')).toHaveLength(1);
    // The next request does not save over the original state: the state still to restore is save 2.
    await call(t.agent.url, 'GET', '/v1/session');
    expect(events.filter((e) => e.startsWith('saved'))).toEqual(['saved save 1', 'saved save 2']);
    await t.agent.close();
    expect(adapter.restored.at(-1)!.savedAt).toBe('save 2');
    expect(events.at(-1)).toBe('removed');
  });

  it('should refuse the request, changing nothing, when the state file cannot be written', async () => {
    let writable = true;
    const t = await agentWith({
      watchdogMs: 200,
      stateFile: {
        saved: () => {
          if (!writable) throw new Error('ENOSPC');
        },
        restored: () => {},
      },
    });
    await call(t.agent.url, 'POST', '/v1/config', CONFIG);
    await until('the watchdog', () => t.restores.includes('watchdog'), 20_000);
    writable = false;
    const before = t.adapter.setCalls.length;
    const r = await call(t.agent.url, 'POST', '/v1/config', CONFIG);
    expect(r.status).toBe(500);
    expect(t.adapter.setCalls.length).toBe(before);
  });
});

describe('concurrent workload starts', () => {
  it('should leave one workload process running, every other one ended', async () => {
    const t = await agentWith({});
    await call(t.agent.url, 'POST', '/v1/config', CONFIG);
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        call(t.agent.url, 'POST', '/v1/workload/start', { unit: 'a15', cores: 1 + (i % 2) }),
      ),
    );
    expect(answers.every((a) => a.status === 200 || a.status === 409)).toBe(true);
    await until(
      'every replaced workload to exit',
      () => t.workloads.filter((w) => w.process.failure === null).length <= 1,
      20_000,
    );
    const alive = t.workloads.filter((w) => w.process.failure === null);
    expect(alive).toHaveLength(1);
    const session = await call(t.agent.url, 'GET', '/v1/session');
    expect((session.body.workload as { cores: number }).cores).toBe(alive[0]!.cores);
    await t.agent.close();
    expect(t.workloads.every((w) => w.process.failure !== null)).toBe(true);
  });
});
