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
}

/** Raised when a workload process fails while it warms up: the run cannot start. */
export class WorkloadStartError extends InputError {}

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
      // Requests queue behind these in the process, so a real one never overtakes the warm-up.
      this.warming.push(
        (async () => {
          for (let i = 0; i < rounds; i++) {
            const reply = await process.infer(config.groups);
            if ('error' in reply) throw new WorkloadStartError(`the workload for ${config.unit} x${config.cores} failed while warming up: ${reply.error}`);
          }
        })(),
      );
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
