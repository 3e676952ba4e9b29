/**
 * Issue 19, item 6: no process a run starts outlives it, however the run ends: a normal exit, an
 * uncaught error, SIGINT, SIGTERM, or SIGKILL (no handler runs: the children notice themselves).
 */
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { containerTree, removeTrees } from './board/fakeTrees.js';
import { cliProcess } from './cliProcess.js';
import { allGone, commandLine, descendants, running } from './processTree.js';

afterAll(() => removeTrees());

// Every test starts processes of its own and waits on them (each looks only at its own process
// tree), so they run at once: the file takes about as long as its slowest test.

const fixture = fileURLToPath(new URL('./fixtures/startChildren.ts', import.meta.url));
const echo = fileURLToPath(new URL('./fixtures/echoWorkload.mjs', import.meta.url));

async function startRun(
  how?: string,
): Promise<{ pid: number; children: number[]; kill(signal: NodeJS.Signals): void; exited: Promise<unknown> }> {
  const child = spawn(
    process.execPath,
    ['--import', import.meta.resolve('tsx'), fixture, echo, ...(how ? [how] : [])],
    { stdio: ['ignore', 'pipe', 'ignore'] },
  );
  const exited = new Promise((resolve) => child.once('exit', resolve));
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (c: Buffer) => c.toString().includes('started') && resolve());
    child.once('exit', (code) => reject(new Error(`the fixture exited (${code}) before it started its children`)));
  });
  // tsx's own esbuild service is not ours to judge.
  const children = descendants(child.pid!).filter((p) => !commandLine(p).includes('esbuild'));
  return { pid: child.pid!, children, kill: (signal) => child.kill(signal), exited };
}

describe.concurrent('the processes a run starts', () => {
  it.each(['SIGKILL', 'SIGTERM', 'SIGINT'] as const)('should all end when the run gets %s', async (signal) => {
    const run = await startRun();
    // busy x2, the leash, its sh and sleep and echo, the plain workload
    expect(run.children.length).toBeGreaterThanOrEqual(6);
    run.kill(signal);
    await run.exited;
    await allGone(run.children);
  });

  it.each(['throw', 'exit'])('should all end when the run ends by %s', async (how) => {
    const run = await startRun(how);
    await run.exited;
    await allGone(run.children);
  });
});

describe.concurrent('hil run with a co-runner', () => {
  it.each(['SIGKILL', 'SIGTERM', 'SIGINT'] as const)(
    'should leave no busy loop or workload behind when it gets %s',
    async (signal) => {
      // Arrange: a run whose co-runner (a busy process) starts at once.
      const root = containerTree();
      const scenario = JSON.parse(
        readFileSync(new URL('../../scenarios/host-corunner.json', import.meta.url), 'utf8'),
      ) as { coworkloads: { startS: number; endS: number }[] };
      scenario.coworkloads[0]!.startS = 0;
      scenario.coworkloads[0]!.endS = 60;
      const file = join(root, 'corunner-now.json');
      writeFileSync(file, JSON.stringify({ ...scenario, id: 'corunner-now', durationS: 60 }));
      const run = cliProcess([
        'hil',
        'run',
        file,
        '--board',
        'local',
        '--sysfs-root',
        root,
        '--no-taskset',
        '--workload-cmd',
        `${process.execPath} ${echo}`,
        '--state-file',
        join(root, 'state.json'),
      ]);
      await run.waitErr(/running corunner-now/);
      let children: number[] = [];
      const end = Date.now() + 20_000;
      // The co-runner starts on the run's first tick.
      while (!children.some((p) => commandLine(p).includes('const duty')) && Date.now() < end) {
        await new Promise((r) => setTimeout(r, 50));
        children = descendants(run.child.pid!).filter((p) => !commandLine(p).includes('esbuild'));
      }
      expect(children.some((p) => commandLine(p).includes('const duty'))).toBe(true);
      // Act
      run.child.kill(signal);
      const { code, signal: by } = await run.exited;
      // Assert
      if (signal === 'SIGKILL') expect(by).toBe('SIGKILL');
      else expect(code).toBe(signal === 'SIGTERM' ? 143 : 130);
      await allGone(children);
      expect(children.filter(running)).toEqual([]);
    },
  );
});
