/**
 * The warm workload processes of a real board: one per (unit, cores), started and warmed before the
 * run's clock starts. Starting a process and warming its JIT takes hundreds of ms (seconds on a loaded
 * machine), far more than the migration a policy's remapping should cost, and it is not part of any
 * scenario: a run whose clock started first would spend its first seconds, or all of a short run,
 * waiting for it.
 */
import type { Configuration } from '../../models/types.js';
import { InputError } from '../../dnn/inputError.js';
import type { WorkloadProcess } from './workloadProcess.js';

export interface WorkloadPoolOptions {
  /** Starts the DNN workload on these cpus with this many threads. */
  startWorkload(unit: string, cores: number, cpus: readonly number[]): WorkloadProcess;
  /** The cpus of a unit on this board, in the order the DNN takes them. */
  cpusOf(unit: string): readonly number[];
  /** Untimed inferences each process runs when it starts (default 2). */
  warmup?: number;
  /** How long a process may take to start and answer its warm-up, ms (default WORKLOAD_START_TIMEOUT_MS). */
  startTimeoutMs?: number;
}

/**
 * How long a workload process may take to start and answer its warm-up: minutes, far above an
 * engine's start (PyTorch and CUDA on a Jetson Nano take tens of seconds), so that a command that
 * never answers (a wrong --workload-cmd) ends the run in one line instead of holding it for ever.
 */
export const WORKLOAD_START_TIMEOUT_MS = 300_000;

/**
 * Resolves or rejects as `work` does, or rejects with `error()` after ms; the timer never keeps the
 * process alive.
 */
export function withinMs<T>(work: Promise<T>, ms: number, error: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(error()), ms);
    timer.unref();
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

/** Raised when a workload process fails while it warms up: the run cannot start. */
export class WorkloadStartError extends InputError {}

/** The DNN's warm workload processes of a board, one per (unit, cores), started on first use. */
export class WorkloadPool {
  private readonly processes = new Map<string, WorkloadProcess>();
  private readonly warming: Promise<void>[] = [];

  constructor(private readonly o: WorkloadPoolOptions) {}

  /** The process for a configuration's unit and core count, started (and its warm-up queued) on first use. */
  processFor(config: Pick<Configuration, 'unit' | 'cores' | 'groups'>): WorkloadProcess {
    const key = `${config.unit}|${config.cores}`;
    let w = this.processes.get(key);
    if (!w) {
      w = this.o.startWorkload(config.unit, config.cores, this.o.cpusOf(config.unit).slice(0, config.cores));
      this.processes.set(key, w);
      const process = w;
      const rounds = this.o.warmup ?? 2;
      const timeoutMs = this.o.startTimeoutMs ?? WORKLOAD_START_TIMEOUT_MS;
      // Requests queue behind these in the process, so a real one never overtakes the warm-up.
      const warming = withinMs(
        (async () => {
          for (let i = 0; i < rounds; i++) {
            const reply = await process.infer(config.groups);
            if ('error' in reply)
              throw new WorkloadStartError(
                `the workload for ${config.unit} x${config.cores} failed while warming up: ${reply.error}`,
              );
          }
        })(),
        timeoutMs,
        () => {
          process.kill();
          return new WorkloadStartError(
            `the workload for ${config.unit} x${config.cores} did not answer its warm-up within ${timeoutMs / 1000} s (its ready line and ${rounds} inference${rounds === 1 ? '' : 's'})`,
          );
        },
      );
      // A process started during the run (a new unit or core count) is not awaited by warm(): its
      // failure reaches the run through the executor, which says the run cannot go on; here it
      // must not also be an unhandled rejection, a second line or the end of the process.
      warming.catch(() => undefined);
      this.warming.push(warming);
    }
    return w;
  }

  /** Resolves once every process started so far has answered its warm-up; rejects if one failed. */
  async warm(): Promise<void> {
    await Promise.all(this.warming);
  }

  /** How many processes the pool holds. */
  get size(): number {
    return this.processes.size;
  }

  /** Ends every process. */
  async close(): Promise<void> {
    await Promise.all([...this.processes.values()].map((w) => w.close()));
    this.processes.clear();
  }
}
