/**
 * A worker thread that ends mid-task (process.exit) must fail that task, not leave it pending: tinypool
 * 2.2 settles tasks on a thread's 'error' but not on its 'exit', and the CLI then ended with exit 13
 * and no message. And in a sweep, a policy that calls process.exit fails its own run, and the sweep
 * goes on with the same worker.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createSweepPool, WorkerExited } from '../../../cli/sweep/pool.js';
import type { RunTask } from '../../../cli/sweep/task.js';
import { run } from '../run.js';

const dir = mkdtempSync(join(tmpdir(), 'twinrtm-sweep-pool-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the sweep pool', () => {
  it('rejects the task of a thread that exits, then runs the next task on a new thread', async () => {
    const pool = createSweepPool(1, new URL('./fixtures/exiting-worker.mjs', import.meta.url).href);
    try {
      const exited = pool.run({ exit: 5 } as unknown as RunTask);
      await expect(exited).rejects.toThrow(WorkerExited);
      await expect(exited).rejects.toThrow('its worker thread exited (code 5) before the run ended');
      expect(await pool.run({ n: 7 } as unknown as RunTask)).toEqual({ answered: 7 });
    } finally {
      await pool.close();
    }
  }, 60_000);
});

describe('a policy file that calls process.exit(3) in a sweep', () => {
  it('fails its own runs (an error line naming the call); the other runs on the same worker go on', async () => {
    copyFileSync(new URL('./fixtures/exits.mjs', import.meta.url), join(dir, 'exits.mjs'));
    const matrix = join(dir, 'm.json');
    writeFileSync(
      matrix,
      JSON.stringify({
        policies: ['./exits.mjs', 'powersave'],
        scenarios: ['xu3-default'],
        seeds: [1, 2],
        durationS: 1,
      }),
    );
    const r = await run('sweep', matrix, '--out', join(dir, 'r.jsonl'), '--workers', '1');
    expect(r.code, r.err).toBe(2);
    expect(r.err).toMatch(
      /^twinrtm: 2 of 4 runs failed .*policy file \.\/exits\.mjs: reset\(\) threw: process\.exit\(3\) called: a run of a sweep may not end the worker thread its runs share$/m,
    );
    const lines = readFileSync(join(dir, 'r.jsonl'), 'utf8')
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as { key: { policy: string }; error?: string });
    expect(lines.map((l) => [l.key.policy, l.error === undefined ? 'ok' : 'error'])).toEqual([
      ['./exits.mjs', 'error'],
      ['./exits.mjs', 'error'],
      ['powersave', 'ok'],
      ['powersave', 'ok'],
    ]);
  }, 120_000);
});
