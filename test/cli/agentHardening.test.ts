/** Issue 19, items 2 and 4 at the command line: `twinrtm agent` refuses what it cannot honour, in one line. */
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { containerTree, makeRoot, removeTrees } from '../hil/board/fakeTrees.js';
import { expectOneLineRefusal, run } from './run.js';

afterAll(() => removeTrees());

describe('twinrtm agent', () => {
  it.each([
    ['3000000000', '--watchdog-ms 3000000000 must be 100..3600000 ms, a whole number'],
    ['99', '--watchdog-ms 99 must be 100..3600000 ms'],
    ['1e3x', "--watchdog-ms '1e3x' is not a number"],
  ])(
    'should refuse --watchdog-ms %s, naming the bound (Node would clamp a timer above 2^31-1 ms to 1 ms)',
    async (ms, message) => {
      expectOneLineRefusal(
        await run(
          'agent',
          '--board',
          'local',
          '--sysfs-root',
          containerTree(),
          '--no-taskset',
          '--port',
          '0',
          '--token',
          'tok',
          '--watchdog-ms',
          ms,
        ),
        message,
      );
    },
  );

  it('should refuse an --rtapp-binary that is not a program here, before it serves', async () => {
    expectOneLineRefusal(
      await run(
        'agent',
        '--board',
        'local',
        '--sysfs-root',
        containerTree(),
        '--no-taskset',
        '--port',
        '0',
        '--token',
        'tok',
        '--rtapp-binary',
        join(makeRoot(), 'no-rt-app'),
      ),
      "is not a program here: install Debian's rt-app",
    );
  });

  it('should refuse a port outside 0..65535', async () => {
    expectOneLineRefusal(
      await run('agent', '--board', 'local', '--port', '70000', '--token', 'tok'),
      '--port 70000 must be 0..65535',
    );
  });

  it('should refuse to start without a token, saying where it may come from', async () => {
    const saved = process.env.TWINRTM_AGENT_TOKEN;
    delete process.env.TWINRTM_AGENT_TOKEN;
    try {
      expectOneLineRefusal(
        await run('agent', '--board', 'local', '--port', '0'),
        'give --token-file FILE (mode 600) or set TWINRTM_AGENT_TOKEN',
      );
    } finally {
      if (saved !== undefined) process.env.TWINRTM_AGENT_TOKEN = saved;
    }
  });

  it('should refuse a token file other users can read', async () => {
    const file = join(makeRoot(), 'token');
    writeFileSync(file, 'secret-123\n');
    chmodSync(file, 0o644);
    expectOneLineRefusal(
      await run('agent', '--board', 'local', '--port', '0', '--token-file', file),
      `chmod 600 ${file}`,
    );
  });
});

describe('twinrtm hil run --agent', () => {
  it('should take the token from a file or the environment, and refuse to go without one', async () => {
    const saved = process.env.TWINRTM_AGENT_TOKEN;
    delete process.env.TWINRTM_AGENT_TOKEN;
    try {
      expectOneLineRefusal(
        await run('hil', 'run', 'host-corunner', '--agent', 'http://127.0.0.1:9'),
        'the agent needs a token: give --token-file FILE',
      );
      const file = join(makeRoot(), 'token');
      writeFileSync(file, 'secret-123\n');
      chmodSync(file, 0o640);
      expectOneLineRefusal(
        await run('hil', 'run', 'host-corunner', '--agent', 'http://127.0.0.1:9', '--token-file', file),
        `--token-file ${file} is open to other users (mode 0640)`,
      );
      // With a usable token the run goes on to connect (nothing listens on port 9).
      process.env.TWINRTM_AGENT_TOKEN = 'from-env-123';
      const r = await run('hil', 'run', 'host-corunner', '--agent', 'http://127.0.0.1:9');
      expect(r.err).not.toMatch(/needs a token|warning/);
      expect(r.code).not.toBe(0);
    } finally {
      if (saved === undefined) delete process.env.TWINRTM_AGENT_TOKEN;
      else process.env.TWINRTM_AGENT_TOKEN = saved;
    }
  });
});
