/**
 * A sweep's --out: opened before planning, I/O failures refused in one line (exit 2), and locked, so
 * two sweeps never interleave their lines in one file.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openSweepOut, STALE_MS } from '../../../cli/sweep/outFile.js';
import { expectOneLineRefusal, run } from '../run.js';

const dir = mkdtempSync(join(tmpdir(), 'twinrtm-sweep-out-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const at = (name: string) => join(dir, name);
const matrix = at('m.json');
writeFileSync(
  matrix,
  JSON.stringify({ policies: ['powersave'], scenarios: ['xu3-default'], seeds: [1], durationS: 1 }),
);

function quietIo() {
  const io = {
    err: '',
    out: (s: string) => void s,
    errWrite: (s: string) => {
      io.err += s;
    },
  };
  return { io: { out: io.out, err: io.errWrite }, said: () => io.err };
}

/** A pid that was alive a moment ago and is not now. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', '']);
  return child.pid!;
}

describe('sweep --out that cannot be written', () => {
  it('is refused in one line before the matrix is even read', async () => {
    expectOneLineRefusal(
      await run('sweep', at('missing-matrix.json'), '--out', '/proc/sweep.jsonl'),
      /^twinrtm: --out \/proc\/sweep\.jsonl: cannot make its lock file \/proc\/sweep\.jsonl\.lock \(ENOENT\)\n$/,
    );
  });

  it('a write that fails (a full disk) stops the sweep with one line, exit 2, and leaves no lock', async () => {
    const full = at('full.jsonl');
    symlinkSync('/dev/full', full);
    const r = await run('sweep', matrix, '--out', full, '--workers', '1');
    expect(r.code).toBe(2);
    // The sweep's header line, then the refusal (no internal error, no stack).
    expect(r.err).toMatch(
      /^sweep: .*\ntwinrtm: cannot write .*full\.jsonl \(ENOSPC\): the sweep stopped; the 0 runs written are in .*full\.jsonl, and --resume goes on from them\n$/,
    );
    expect(existsSync(`${full}.lock`)).toBe(false);
  }, 120_000);

  it('a refused matrix leaves neither an empty --out nor a lock', async () => {
    writeFileSync(at('bad.json'), '{ "policies": [');
    expectOneLineRefusal(await run('sweep', at('bad.json'), '--out', at('never.jsonl')), 'is not valid JSON');
    expect(existsSync(at('never.jsonl'))).toBe(false);
    expect(existsSync(at('never.jsonl.lock'))).toBe(false);
  });
});

describe('the lock of --out', () => {
  it('refuses a second writer in one line, naming the holder; free again once the first closes', () => {
    const out = at('locked.jsonl');
    const first = openSweepOut(out, quietIo().io);
    const lock = JSON.parse(readFileSync(`${out}.lock`, 'utf8')) as { pid: number; host: string; started: string };
    expect(lock).toMatchObject({ pid: process.pid, host: hostname() });
    expect(() => openSweepOut(out, quietIo().io)).toThrow(
      new RegExp(
        `^--out .*locked\\.jsonl is being written by another sweep \\(pid ${process.pid} on host ${hostname()}, since \\S+\\): wait for it to end, or remove .*locked\\.jsonl\\.lock if that sweep is gone$`,
      ),
    );
    first.close();
    expect(existsSync(`${out}.lock`)).toBe(false);
    openSweepOut(out, quietIo().io).close();
  });

  it('from the command line: one line, exit 2, the file and the lock untouched', async () => {
    const out = at('held.jsonl');
    const holder = openSweepOut(out, quietIo().io);
    try {
      const r = await run('sweep', matrix, '--out', out);
      expectOneLineRefusal(r, 'is being written by another sweep');
      expect(readFileSync(out, 'utf8')).toBe('');
      expect(existsSync(`${out}.lock`)).toBe(true);
    } finally {
      holder.close();
    }
  });

  it('takes over, with a note, a lock whose pid is gone on this host', () => {
    const out = at('stale.jsonl');
    const pid = deadPid();
    writeFileSync(`${out}.lock`, `${JSON.stringify({ pid, host: hostname(), started: '2020-01-01T00:00:00.000Z' })}\n`);
    const { io, said } = quietIo();
    const taken = openSweepOut(out, io);
    expect(said()).toBe(
      `sweep: taking over the stale lock ${out}.lock of another sweep (pid ${pid} on host ${hostname()}, since 2020-01-01T00:00:00.000Z): pid ${pid} on this host is no longer running\n`,
    );
    expect(JSON.parse(readFileSync(`${out}.lock`, 'utf8'))).toMatchObject({ pid: process.pid });
    taken.close();
  });

  it("takes over another host's lock once it has not been refreshed for the stale time, not before", () => {
    const out = at('other-host.jsonl');
    writeFileSync(
      `${out}.lock`,
      `${JSON.stringify({ pid: 1, host: 'pod-elsewhere', started: '2020-01-01T00:00:00.000Z' })}\n`,
    );
    expect(() => openSweepOut(out, quietIo().io)).toThrow(
      'is being written by another sweep (pid 1 on host pod-elsewhere',
    );
    const old = new Date(Date.now() - STALE_MS - 10_000);
    utimesSync(`${out}.lock`, old, old);
    const { io, said } = quietIo();
    openSweepOut(out, io).close();
    expect(said()).toMatch(
      /^sweep: taking over the stale lock .* of another sweep \(pid 1 on host pod-elsewhere, .*\): it was last refreshed \d+ s ago/,
    );
    expect(existsSync(`${out}.lock`)).toBe(false);
  });
});
