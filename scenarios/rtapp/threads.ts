/**
 * The threads an rt-app workload makes (each task `instance` times, in file order), where each stands
 * in its program (phase, event, rounds), and the rule that places a thread on a cpu.
 */
import type { RtappTask } from './types.js';

export type ThreadState = 'sleeping' | 'running' | 'blocked' | 'ready' | 'done';

export interface Thread {
  /** 0.. in file order, instances of a task together; also the order threads act at equal times. */
  readonly id: number;
  /** The task's name, with "-k" for the k-th instance when there are several (k from 0). */
  readonly name: string;
  readonly task: RtappTask;
  state: ThreadState;
  /** Board cpu it runs on; -1 before its first phase. */
  cpu: number;
  phase: number;
  event: number;
  /** Rounds of the current phase done, of the whole task done. */
  phaseRound: number;
  taskRound: number;
  /** Whether the current phase's affinity has been applied. */
  placed: boolean;
  /** Work left of the current run or runtime, in microseconds of this cpu's time. */
  workLeftUs: number;
  /** When a sleeping thread wakes, us. */
  wakeUs: number;
  /** When the thread began (after its delay), us: the start of its timers. */
  startUs: number;
  /** True until the thread has begun. */
  pending: boolean;
  /** The pass through the current phase's events, while one is open (recorded only when asked). */
  pass: PhasePass | null;
  /** When the current run or runtime began, us. */
  runStartUs: number;
}

/**
 * One pass of a thread through a phase's events, as rt-app logs it (one row per pass): when it began
 * and ended, the time its run and runtime events took, what they were configured to take, the timer
 * periods it waited on and the last timer's slack (its wake-up minus the time the thread reached it;
 * negative when late; 0 without a timer). Times in us.
 */
export interface PhasePass {
  phase: number;
  startUs: number;
  endUs: number;
  runUs: number;
  configuredRunUs: number;
  periodUs: number;
  slackUs: number;
}

/** Every thread of the workload, asleep until its delay ends. */
export function makeThreads(tasks: readonly RtappTask[]): Thread[] {
  const threads: Thread[] = [];
  for (const task of tasks) {
    for (let k = 0; k < task.instance; k++) {
      threads.push({
        id: threads.length,
        name: task.instance > 1 ? `${task.name}-${k}` : task.name,
        task,
        state: 'sleeping',
        cpu: -1,
        phase: 0,
        event: 0,
        phaseRound: 0,
        taskRound: 0,
        placed: false,
        workLeftUs: 0,
        wakeUs: task.delayUs,
        startUs: 0,
        pending: true,
        pass: null,
        runStartUs: 0,
      });
    }
  }
  return threads;
}

/**
 * The cpu a thread takes when its affinity is `allowed`: the one it is on if allowed, else the allowed
 * cpu with the fewest live threads placed on it, the lowest number on a tie. Linux spreads runnable
 * threads over idle cpus in much this way; unlike Linux, the twin does not move a thread again until
 * its affinity changes.
 *
 * @param placed - live threads per cpu (updated by the caller)
 */
export function chooseCpu(current: number, allowed: readonly number[], placed: ReadonlyMap<number, number>): number {
  if (allowed.includes(current)) return current;
  let best = allowed[0]!;
  for (const cpu of allowed) {
    const n = placed.get(cpu) ?? 0;
    const b = placed.get(best) ?? 0;
    if (n < b || (n === b && cpu < best)) best = cpu;
  }
  return best;
}
