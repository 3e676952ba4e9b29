/**
 * The commands that serve until a signal, `twinrtm agent` and `twinrtm emulate`, under hostile flags
 * (issue 19), in-process: a value they take starts the service, which the test stops through the
 * SIGTERM handler the command installed once it says it is ready (runUntilReady); a bad one is one
 * line. Never a stack trace, never a hang. Services listen on the loopback interface only (any other
 * --host is checked with the agent stopped before it listens), and trees are laid out inside the
 * test's folder.
 */
import fc from 'fast-check';
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { containerTree, removeTrees } from '../hil/board/fakeTrees.js';
import {
  budget,
  ECHO,
  expectHandled,
  tokenValues,
  fuzzDir,
  hostile,
  hostilePath,
  inside,
  privateRuntimeDir,
  runBounded,
  runUntilReady,
  RUNS,
  type Contract,
} from './fuzzHarness.js';

const dir = fuzzDir();
privateRuntimeDir(dir);
afterAll(() => removeTrees(), budget(60_000));

const file = join(dir, 'a-file');
writeFileSync(file, 'not a folder\n');
const tokenFile = join(dir, 'token');
writeFileSync(tokenFile, 'fuzz-token-123\n');
chmodSync(tokenFile, 0o600);

/** A loopback port in use, for --port. */
let busy: Server;
let busyPort = 0;
beforeAll(async () => {
  busy = createServer();
  await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
  busyPort = (busy.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => busy.close(() => resolve())));

/** What the agent prints when it serves and when it stops (its warnings and notes too). */
const AGENT: Contract = { progress: /^(twinrtm: warning: |agent|note: )/ };

/**
 * The agent on a fresh container tree, its state file in the tree. With `quick`, a state file is
 * there already: every flag is checked and the board opened, and the agent refused at the state file,
 * before it listens.
 */
function agent(tree: string, quick: boolean, ...args: string[]): string[] {
  const state = join(tree, 'state.json');
  if (quick) writeFileSync(state, 'a state file another run left\n', { mode: 0o600 });
  return [
    'agent',
    '--board',
    'local',
    '--sysfs-root',
    tree,
    '--no-taskset',
    '--workload-cmd',
    ECHO,
    '--port',
    '0',
    '--token-file',
    tokenFile,
    '--state-file',
    state,
    ...args,
  ];
}

/** Runs an agent until it listens (then stops it); checks the contract, and that a served agent stopped cleanly. */
async function runAgent(args: string[]): Promise<void> {
  const what = args.join(' ').slice(0, 300);
  const r = await runUntilReady(args, /listening on http:\/\/127\.0\.0\.1:\d+;/);
  expectHandled(r, what, AGENT);
  if (r.stopped)
    expect(r.err, what).toMatch(
      /agent: SIGTERM: stopping the workloads and restoring the board\n(agent: board restored \(close\)\n)?$/,
    );
}

describe('agent: flags, refused or stopped before it listens', () => {
  it.each(['--port', '--watchdog-ms', '--dnn', '--board', '--engine'])(
    '%s: any value',
    async (flag) => {
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(hostile, fc.constantFrom('0', '100', '65535', 'alexnet-cifar10-g4', 'local', 'odroid-xu3', 'ts')),
          async (v) => {
            const args = agent(containerTree(), true, flag, v);
            if (flag === '--engine') args.splice(args.indexOf('--workload-cmd'), 2, '--weights', 'random');
            expectHandled(await runBounded(args), args.join(' ').slice(0, 300), AGENT);
          },
        ),
        { numRuns: RUNS },
      );
    },
    budget(60_000),
  );

  it(
    '--sysfs-root, --platform-file, --weights, --workload-cmd: any value',
    async () => {
      const values = fc.tuple(
        fc.constantFrom('--sysfs-root', '--platform-file', '--weights', '--workload-cmd'),
        fc.oneof(
          hostile.map((t) => inside(dir, t)),
          hostile,
          fc.constantFrom(file, dir, '/dev/null', '', ' '),
        ),
      );
      await fc.assert(
        fc.asyncProperty(values, async ([flag, v]) => {
          const tree = containerTree();
          const args = agent(tree, true);
          // --sysfs-root stays inside the test folder; the others are only read.
          args.push(flag, flag === '--sysfs-root' && !v.startsWith(dir) ? inside(dir, v) : v);
          if (flag === '--weights') args.splice(args.indexOf('--workload-cmd'), 2, '--engine', 'ts');
          expectHandled(await runBounded(args), args.join(' ').slice(0, 300), AGENT);
        }),
        { numRuns: RUNS },
      );
    },
    budget(60_000),
  );

  it(
    '--token, --token-file: any value',
    async () => {
      const values = tokenValues(dir);
      await fc.assert(
        fc.asyncProperty(values, async ([flag, v]) => {
          const args = agent(containerTree(), true);
          args.splice(args.indexOf('--token-file'), 2, flag!, v!);
          expectHandled(await runBounded(args), args.join(' ').slice(0, 300), AGENT);
        }),
        { numRuns: RUNS },
      );
    },
    budget(60_000),
  );
});

/**
 * Names that are this machine's loopback without asking a name server (the agent may listen there);
 * any other --host is checked with the agent stopped before it listens, so no case waits on DNS or
 * listens beyond loopback ('0' is 0.0.0.0, '' every interface).
 */
const LOOPBACK = new Set(['localhost', '127.0.0.1', '127.0.0.2', '::1', '2130706433']);

describe('agent: flags that decide where it listens', () => {
  it(
    '--host: any value; it listens only where the name is this machine',
    async () => {
      const hosts = fc.oneof(
        fc.constantFrom(
          '',
          ' ',
          'localhost',
          '127.0.0.1',
          '::1',
          '127.0.0.2',
          '127.0.0.256',
          '2130706433',
          '256.1.1.1',
          '[::1]',
          '127.0.0.1:80',
          '0',
          '0.0.0.0',
          '::',
          '\u0000',
          'a'.repeat(300),
          '-1',
          'NaN',
        ),
        hostile,
      );
      await fc.assert(
        fc.asyncProperty(hosts, async (host) => {
          const args = agent(containerTree(), !LOOPBACK.has(host), '--host', host);
          const what = args.join(' ').slice(0, 300);
          const r = await runUntilReady(args, /listening on http:\/\/\S+;/);
          expectHandled(r, what, AGENT);
        }),
        { numRuns: RUNS },
      );
    },
    budget(60_000),
  );

  it(
    '--port: a free one, one in use',
    async () => {
      await runAgent(agent(containerTree(), false, '--port', '0'));
      const r = await runUntilReady(agent(containerTree(), false, '--port', String(busyPort)), /listening on/);
      expectHandled(r, 'a port in use', AGENT);
      expect(r.err).toMatch(/EADDRINUSE: the port is in use/);
    },
    budget(60_000),
  );

  it(
    '--state-file: any path (inside the test folder)',
    async () => {
      await fc.assert(
        fc.asyncProperty(hostilePath(dir, file), async (path) => {
          const args = agent(containerTree(), false);
          args.splice(args.indexOf('--state-file'), 2, '--state-file', path);
          await runAgent(args);
        }),
        { numRuns: Math.max(3, Math.ceil(RUNS / 3)) },
      );
    },
    budget(60_000),
  );
});

describe('emulate', () => {
  /** Runs the emulator until it is ready (then stops it); a refusal leaves nothing but what it found. */
  async function emulate(args: string[]): Promise<void> {
    const what = args.join(' ').slice(0, 300);
    const r = await runUntilReady(args, /^ready: emulating/m);
    expectHandled(r, what, { progress: /^SIGTERM: emulator stopped/ });
    if (r.stopped)
      expect(r.err, what).toMatch(/^SIGTERM: emulator stopped; the tree stays under .* without its marker\n$/);
  }
  const root = () => mkdtempSync(join(dir, 'emulated-'));

  it.each(['--ambient', '--tick-ms', '--dnn'])(
    '%s: any value',
    async (flag) => {
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(hostile, fc.constantFrom('25', '-49', '99.9', '1', '1000', 'alexnet-cifar10-g4')),
          async (v) => {
            await emulate(['emulate', 'odroid-xu3', '--root', root(), flag, v]);
          },
        ),
        { numRuns: Math.max(3, Math.ceil(RUNS / 2)) },
      );
    },
    budget(60_000),
  );

  it(
    'the board: any name',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(hostile, fc.constantFrom('odroid-xu3', 'jetson-nano', 'local', 'ODROID-XU3')),
          async (board) => {
            await emulate(['emulate', board, '--root', root()]);
          },
        ),
        { numRuns: Math.max(3, Math.ceil(RUNS / 2)) },
      );
    },
    budget(60_000),
  );

  it(
    '--root: any folder (inside the test folder), a file, one not empty, an earlier emulator tree',
    async () => {
      const earlier = root();
      const full = root();
      mkdirSync(join(full, 'something'));
      await emulate(['emulate', 'jetson-nano', '--root', earlier]);
      const roots = fc.oneof(
        fc.constantFrom(file, full, earlier, `${file}/below`, join(dir, 'n'.repeat(300))),
        hostile.map((t) => inside(dir, t)),
      );
      await fc.assert(
        fc.asyncProperty(roots, async (r) => {
          await emulate(['emulate', 'odroid-xu3', '--root', r]);
        }),
        { numRuns: Math.max(3, Math.ceil(RUNS / 2)) },
      );
    },
    budget(60_000),
  );
});
