/**
 * Sweeps as separate processes: one killed with SIGKILL and resumed, and the Kubernetes manifest and
 * Slurm script of deploy/ run locally, command for command, with their index variable set as the
 * cluster would (no cluster): three shards in three processes (Kubernetes), or one after another in
 * this process (Slurm), merged, give the lines of one sweep.
 * The matrix has a run that fails (xu3-only on the Nano): a shard with it still goes on to the merge.
 */
import { spawn } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyId } from '../../../cli/sweep/keys.js';
import { run } from '../run.js';
import { twinrtmCommand, twinrtmShim, withoutWallClock } from './cliProcess.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'twinrtm-sweep-processes-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const bin = twinrtmShim(dir);
const PATH = `${bin}:${process.env.PATH ?? ''}`;

const lines = (file: string) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l !== '');

/** Runs a command to its end; its exit code and stderr. */
function exec(
  command: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv },
): Promise<{ status: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...options, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('close', (status) => resolve({ status, stderr }));
  });
}

/** The processes of a cluster job take seconds each to start from the TypeScript sources. */
const PROCESS_TIMEOUT = 240_000;

// The killed sweep and the cluster jobs have folders of their own and mostly wait on processes they
// start: they run at once. The Slurm test, which changes this process's working folder, runs after
// the Kubernetes one (its suite's tests are not concurrent with each other), every path the killed
// test uses being absolute.
describe.concurrent('a sweep killed with SIGKILL, then --resume', () => {
  it(
    'ends with every key exactly once and every line valid JSON',
    async () => {
      const work = join(dir, 'killed');
      mkdirSync(work);
      copyFileSync(new URL('./fixtures/latched-governor.mjs', import.meta.url), join(work, 'latched.mjs'));
      writeFileSync(
        join(work, 'm.json'),
        JSON.stringify({
          policies: ['./latched.mjs'],
          scenarios: ['xu3-default'],
          seeds: { from: 1, to: 12 },
          durationS: 1,
        }),
      );
      const out = join(work, 'r.jsonl');
      // Two runs, then the third waits in reset() while the latch exists: the kill lands mid-sweep.
      const latch = join(work, 'latch');
      writeFileSync(latch, '');
      const [exe, ...args] = twinrtmCommand();
      const child = spawn(exe!, [...args, 'sweep', join(work, 'm.json'), '--out', out, '--workers', '1'], {
        stdio: 'ignore',
        env: { ...process.env, TWINRTM_TEST_LATCH: latch },
      });
      try {
        const exited = new Promise<NodeJS.Signals | null>((resolve) =>
          child.once('exit', (_, signal) => resolve(signal)),
        );
        for (let waited = 0; !(existsSync(out) && lines(out).length >= 2); waited += 20) {
          if (waited > 120_000) throw new Error('the sweep wrote nothing in 2 minutes');
          await new Promise((r) => setTimeout(r, 20));
        }
        child.kill('SIGKILL');
        expect(await exited).toBe('SIGKILL');
      } finally {
        child.kill('SIGKILL');
        rmSync(latch, { force: true });
      }
      const before = lines(out);
      expect(before).toHaveLength(2);
      // The killed sweep's lock is left behind; as if the kill had landed mid-write, the start of a line.
      expect(existsSync(`${out}.lock`)).toBe(true);
      writeFileSync(out, readFileSync(out, 'utf8') + before[0]!.slice(0, 50), { flag: 'w' });

      const r = await run('sweep', join(work, 'm.json'), '--out', out, '--resume', '--workers', '2');
      expect(r.code, r.err).toBe(0);
      expect(r.err).toMatch(
        /^sweep: taking over the stale lock .*r\.jsonl\.lock of another sweep \(pid \d+ on host .*\): pid \d+ on this host is no longer running$/m,
      );
      expect(r.err).toContain('ignoring the torn last line');
      expect(r.out).toContain('2 resumed');
      const after = lines(out).map((l) => JSON.parse(l) as { key: { seed: number }; metrics: unknown });
      expect(after.map((l) => l.key.seed)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
      expect(new Set(after.map((l) => keyId(l.key as never))).size).toBe(12);
      expect(after.every((l) => l.metrics !== undefined)).toBe(true);
      expect(existsSync(`${out}.lock`)).toBe(false);
    },
    PROCESS_TIMEOUT,
  );
});

describe.concurrent('deploy/: the cluster jobs, run locally', () => {
  let expected: string[];
  beforeAll(async () => {
    const work = dataFolder('reference');
    const r = await run('sweep', join(work, 'matrix.json'), '--out', join(work, 'results.jsonl'), '--workers', '1');
    // One run fails: the sweep does every run and says so, exit 2.
    expect(r.code, r.err).toBe(2);
    expect(r.err).toContain('1 of 6 runs failed');
    expected = withoutWallClock(readFileSync(join(work, 'results.jsonl'), 'utf8'));
    expect(expected.filter((l) => l.includes('"error":'))).toEqual([
      expect.stringMatching(
        /"policy":"\.\/xu3-only\.mjs","scenario":"nano-maxn-to-5w".*xu3-only cannot run on jetson-nano/,
      ),
    ]);
  }, PROCESS_TIMEOUT);

  /** A fresh data folder holding the test's matrix and the policy file it names, as the volume or submit directory would. */
  function dataFolder(name: string): string {
    const work = join(dir, name);
    mkdirSync(work);
    copyFileSync(new URL('./fixtures/deploy.matrix.json', import.meta.url), join(work, 'matrix.json'));
    copyFileSync(new URL('./fixtures/xu3-only.mjs', import.meta.url), join(work, 'xu3-only.mjs'));
    return work;
  }

  it(
    'the Kubernetes Indexed Job: each index runs its shard and tries the merge; the last writes results.jsonl',
    async () => {
      const manifest = parse(readFileSync(join(root, 'deploy/kubernetes/sweep-job.yaml'), 'utf8'));
      expect(manifest).toMatchObject({ apiVersion: 'batch/v1', kind: 'Job', spec: { completionMode: 'Indexed' } });
      const spec = manifest.spec;
      const container = spec.template.spec.containers[0];
      const env: Record<string, string> = Object.fromEntries(
        container.env.map((e: { name: string; value: string }) => [e.name, e.value]),
      );
      const count = spec.completions as number;
      expect(Number(env.SHARDS)).toBe(count);
      expect(spec.parallelism).toBe(count);
      const mount = container.volumeMounts.find((m: { mountPath: string }) => m.mountPath === container.workingDir);
      expect(spec.template.spec.volumes.map((v: { name: string }) => v.name)).toContain(mount.name);
      expect(container.command).toEqual(['sh', '-c']);
      const script = container.args[0] as string;
      expect(script).toContain('$JOB_COMPLETION_INDEX');

      // The pods at once, as the Job runs them (parallelism = completions), each with one worker thread
      // (three pods on a test machine's cores; the cluster's WORKERS is the pod's cpu request).
      const work = dataFolder('kubernetes');
      const runs = await Promise.all(
        Array.from({ length: count }, (_, index) =>
          exec('sh', ['-c', script], {
            cwd: work,
            env: { ...process.env, ...env, WORKERS: '1', PATH, JOB_COMPLETION_INDEX: String(index) },
          }),
        ),
      );
      for (const r of runs) expect(r.status, r.stderr).toBe(0);
      expect(runs.map((r) => r.stderr).join('')).toMatch(
        /^sweep: 1 of \d runs failed \(their lines in shards\/\d\.jsonl carry the error\)/m,
      );
      expect(statSync(join(work, 'shards')).isDirectory()).toBe(true);
      expect(withoutWallClock(readFileSync(join(work, 'results.jsonl'), 'utf8'))).toEqual(expected);
    },
    PROCESS_TIMEOUT,
  );

  it.sequential(
    'the Slurm job array: each task runs its shard and tries the merge; the last writes results.jsonl',
    async () => {
      const path = join(root, 'deploy/slurm/sweep.sbatch');
      const text = readFileSync(path, 'utf8');
      const array = /^#SBATCH --array=0-(\d+)\s*$/m.exec(text);
      expect(array, 'an #SBATCH --array=0-N line').not.toBeNull();
      const count = Number(array![1]) + 1;
      expect(text).toMatch(/^#SBATCH --cpus-per-task=[1-9]\d*\s*$/m);
      expect(text).toContain('$SLURM_ARRAY_TASK_ID');
      expect(text).toMatch(/^set -euo pipefail$/m);

      // One task after another, as an array on a busy cluster may run them: the last one merges. The
      // script's lines run in this process (the Kubernetes test runs real processes): its twinrtm lines
      // through the CLI, its variables expanded as bash would. Each task gets one cpu, so one worker
      // thread, as each Kubernetes pod does here (a thread costs its start-up of the sources; a shard
      // of two runs would start two on the script's cpu count, and the lines are the same on any
      // number of workers: sweep.test.ts).
      const work = dataFolder('slurm');
      for (let index = 0; index < count; index++) {
        expect(existsSync(join(work, 'results.jsonl'))).toBe(false);
        const env = {
          SLURM_ARRAY_TASK_ID: String(index),
          SLURM_ARRAY_TASK_COUNT: String(count),
          SLURM_CPUS_PER_TASK: '1',
          SLURM_SUBMIT_DIR: work,
        };
        const r = await runScript(text, env);
        expect(r.status, r.err).toBe(0);
        if (index < count - 1) expect(r.err).toContain('not yet complete');
      }
      expect(withoutWallClock(readFileSync(join(work, 'results.jsonl'), 'utf8'))).toEqual(expected);
      expect(lines(join(work, 'shards', '0.jsonl')).length).toBeGreaterThan(0);
    },
    PROCESS_TIMEOUT,
  );
});

/**
 * Runs a batch script's commands in this process, as `bash -e` would, for the few kinds of line a
 * deploy script has: comments and #SBATCH lines, `set`, `cd DIR`, `NAME="VALUE"`, `mkdir -p DIR` and
 * `twinrtm ARGS...` (through the CLI). $NAME, ${NAME} and ${NAME:-default} are expanded; a word with
 * a * is a glob of one folder. Any other line fails the test, so the script cannot grow a command this
 * runner would skip. The first command that fails ends the script, as set -e does.
 */
async function runScript(text: string, environment: Record<string, string>): Promise<{ status: number; err: string }> {
  const vars: Record<string, string> = { ...environment };
  const expand = (word: string): string =>
    word.replace(
      /\$\{(\w+)(?::-([^}]*))?\}|\$(\w+)/g,
      (_, braced: string | undefined, fallback: string | undefined, bare: string | undefined): string => {
        const value = vars[(braced ?? bare)!];
        if (fallback !== undefined) return value !== undefined && value !== '' ? value : expand(fallback);
        if (value === undefined) throw new Error(`the script uses $${braced ?? bare}, which is not set (set -u)`);
        return value;
      },
    );
  /** Words of a line: double-quoted parts kept whole, each word expanded. */
  const words = (line: string) =>
    [...line.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => ({ text: expand(m[1] ?? m[2]!), quoted: m[1] !== undefined }));
  const cwd = process.cwd();
  let here = cwd;
  let err = '';
  try {
    for (const raw of text.split('\n')) {
      const line = raw.trim();
      if (line === '' || line.startsWith('#') || /^set -[euo pipefail ]+$/.test(line)) continue;
      const assignment = /^(\w+)="(.*)"$/.exec(line);
      if (assignment) {
        vars[assignment[1]!] = expand(assignment[2]!);
        continue;
      }
      const [command, ...rest] = words(line);
      if (command!.text === 'cd' && rest.length === 1) here = resolve(here, rest[0]!.text);
      else if (command!.text === 'mkdir' && rest[0]?.text === '-p' && rest.length === 2)
        mkdirSync(resolve(here, rest[1]!.text), { recursive: true });
      else if (command!.text === 'twinrtm') {
        const args = rest.flatMap((w) => {
          if (w.quoted || !w.text.includes('*')) return [w.text];
          const folder = dirname(w.text);
          const pattern = new RegExp(
            `^${basename(w.text)
              .replace(/[.+?^${}()|[\]\\]/g, '\\$&')
              .replace(/\*/g, '.*')}$`,
          );
          const matches = readdirSync(resolve(here, folder))
            .filter((f) => pattern.test(f))
            .sort();
          return matches.length === 0 ? [w.text] : matches.map((f) => join(folder, f));
        });
        process.chdir(here);
        const r = await run(...args);
        err += r.err;
        if (r.code !== 0) return { status: r.code, err };
      } else throw new Error(`the test cannot run this line of the script: ${line}`);
    }
    return { status: 0, err };
  } finally {
    process.chdir(cwd);
  }
}
