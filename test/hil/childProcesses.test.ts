/**
 * Issue 19, item 6: no process a run starts outlives it, however the run ends: a normal exit, an
 * uncaught error, SIGINT, SIGTERM, or SIGKILL (no handler runs: the children notice themselves).
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { allGone, commandLine, descendants } from './processTree.js';

const fixture = fileURLToPath(new URL('./fixtures/startChildren.ts', import.meta.url));
const echo = fileURLToPath(new URL('./fixtures/echoWorkload.mjs', import.meta.url));

async function startRun(how?: string): Promise<{ pid: number; children: number[]; kill(signal: NodeJS.Signals): void; exited: Promise<unknown> }> {
  const child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), fixture, echo, ...(how ? [how] : [])], { stdio: ['ignore', 'pipe', 'ignore'] });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (c: Buffer) => c.toString().includes('started') && resolve());
    child.once('exit', (code) => reject(new Error(`the fixture exited (${code}) before it started its children`)));
  });
  // tsx's own esbuild service is not ours to judge.
  const children = descendants(child.pid!).filter((p) => !commandLine(p).includes('esbuild'));
  return { pid: child.pid!, children, kill: (signal) => child.kill(signal), exited };
}

describe('the processes a run starts', () => {
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
