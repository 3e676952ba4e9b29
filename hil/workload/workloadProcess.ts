/**
 * A workload child process driven over the JSON Lines protocol (protocol.ts): one request in flight
 * at a time, answers delivered to callbacks. Used for the built-in engine runner and for any
 * external command.
 */
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { signalGroup, spawnChild } from './childProcesses.js';
import { createInterface } from 'node:readline';
import { monotonicMs, parseWorkloadLine, type WorkloadReply, type WorkloadRequest } from './protocol.js';

/** How to start a workload process. */
export interface WorkloadSpec {
  /** Program and arguments, e.g. ['taskset', '-c', '4-7', 'node', 'runner.js', '--threads', '4']. */
  command: readonly string[];
  /** Passed through to the child's stderr (default: the parent's stderr). */
  stderr?: (text: string) => void;
}

/**
 * A workload child process driven over the JSON Lines workload protocol ({@link WorkloadRequest},
 * {@link WorkloadReply}): one request in flight at a time, in order. Used for the built-in engine
 * runner and any external command (PyTorch, TensorRT, ...).
 */
export class WorkloadProcess {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly waiting: ((reply: WorkloadReply) => void)[] = [];
  /** Everyone waiting for the ready line (ready() may be asked more than once before it comes). */
  private readyWaiters: ((info: Record<string, unknown>) => void)[] = [];
  private exitedWith: string | null = null;
  /** The ready line once it came: ready() asked later answers with it. */
  private readyLine: Record<string, unknown> | null = null;

  constructor(spec: WorkloadSpec) {
    const [program, ...args] = spec.command;
    if (!program) throw new Error('empty workload command');
    // In a process group of its own, killed with this process (childProcesses.ts).
    this.child = spawnChild(program, args, { stdio: ['pipe', 'pipe', 'pipe'] }) as ChildProcessWithoutNullStreams;
    const lines = createInterface({ input: this.child.stdout });
    lines.on('line', (line) => this.onLine(line));
    this.child.stderr.on('data', (chunk: Buffer) =>
      (spec.stderr ?? ((t) => process.stderr.write(t)))(chunk.toString()),
    );
    this.child.on('error', (err) => this.fail(`cannot start ${program}: ${err.message}`));
    // A child that never started or has died makes writes fail (EPIPE); its exit or error event, due
    // shortly, says why, so wait a moment for it before reporting the broken pipe itself.
    this.child.stdin.on(
      'error',
      (err) => void setTimeout(() => this.fail(`workload input closed: ${err.message}`), 1000).unref(),
    );
    this.child.on('exit', (code, signal) => this.fail(`workload exited (${signal ?? `code ${code}`})`));
  }

  private onLine(line: string): void {
    if (line.trim() === '') return;
    const parsed = parseWorkloadLine(line);
    if ('ready' in parsed) {
      this.readyLine = parsed;
      for (const resolve of this.readyWaiters.splice(0)) resolve(parsed);
      return;
    }
    if ('problem' in parsed) {
      this.fail(`workload protocol error: ${parsed.problem}`);
      return;
    }
    this.waiting.shift()?.(parsed);
  }

  private fail(reason: string): void {
    if (this.exitedWith !== null) return;
    this.exitedWith = reason;
    for (const w of this.waiting.splice(0)) w({ error: reason });
    for (const resolve of this.readyWaiters.splice(0)) resolve({ ready: true, error: reason });
  }

  /** Resolves with the child's ready line (or when it fails). */
  ready(): Promise<Record<string, unknown>> {
    return new Promise((resolve) => {
      if (this.readyLine !== null) resolve(this.readyLine);
      else if (this.exitedWith !== null) resolve({ ready: true, error: this.exitedWith });
      else this.readyWaiters.push(resolve);
    });
  }

  /**
   * Sends one request; the reply (or an error) reaches `onReply`.
   * @param confidenceThreshold - anytime inference: `groups` is the most it runs
   */
  request(groups: number, onReply: (reply: WorkloadReply) => void, layers = false, confidenceThreshold?: number): void {
    if (this.exitedWith !== null) {
      onReply({ error: this.exitedWith });
      return;
    }
    this.waiting.push(onReply);
    const request: WorkloadRequest = { groups, sentAtMs: monotonicMs() };
    if (layers) request.layers = true;
    if (confidenceThreshold !== undefined) request.confidenceThreshold = confidenceThreshold;
    this.child.stdin.write(`${JSON.stringify(request)}\n`);
  }

  /** Promise form of request(). */
  infer(groups: number, layers = false, confidenceThreshold?: number): Promise<WorkloadReply> {
    return new Promise((resolve) => this.request(groups, resolve, layers, confidenceThreshold));
  }

  /** Why the process can no longer answer (it exited, could not start, broke the protocol), or null. */
  get failure(): string | null {
    return this.exitedWith;
  }

  /** Ends the child: closes its stdin, then kills its process group if it lingers (SIGTERM, then SIGKILL). */
  close(): Promise<void> {
    return new Promise((resolve) => {
      if (this.child.exitCode !== null || this.child.signalCode !== null) return resolve();
      this.child.once('exit', () => resolve());
      this.child.stdin.end();
      setTimeout(() => signalGroup(this.child, 'SIGTERM'), 2000).unref();
      setTimeout(() => signalGroup(this.child, 'SIGKILL'), 4000).unref();
    });
  }

  /** Kills the child's process group at once (SIGKILL), without waiting. */
  kill(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) signalGroup(this.child, 'SIGKILL');
  }

  /** The child's pid (undefined when it could not start). */
  get pid(): number | undefined {
    return this.child.pid;
  }
}
