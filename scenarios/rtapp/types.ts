/**
 * An rt-app workload as twinrtm reads it (rt-app 1.0's grammar, doc/tutorial.txt): global settings and
 * tasks, each task a list of phases, each phase a list of events run in order. Times are in
 * microseconds, as in the file.
 */

/** Scheduling policies rt-app 1.0 knows (its string_to_policy). */
export type RtappPolicy = 'SCHED_OTHER' | 'SCHED_FIFO' | 'SCHED_RR' | 'SCHED_DEADLINE';

export type RtappEvent =
  /** Work: `us` microseconds of rt-app's busy loop at the calibration CPU; longer on a slower cpu or clock. */
  | { kind: 'run'; us: number }
  /** Busy for `us` microseconds of the clock, whatever the cpu's speed. */
  | { kind: 'runtime'; us: number }
  | { kind: 'sleep'; us: number }
  /**
   * Wait for the next period of timer `ref`: the timer's next wake-up moves on by the period; late
   * (already past it) means no wait, and in relative mode the wake-up restarts from now. A ref starting
   * with "unique" is the thread's own timer, any other ref is shared by every thread naming it.
   */
  | { kind: 'timer'; ref: string; periodUs: number; mode: 'relative' | 'absolute' }
  /** Wait until every use of barrier `ref` (counted over the threads) has been reached. */
  | { kind: 'barrier'; ref: string }
  /** Block until some thread resumes `ref`. */
  | { kind: 'suspend'; ref: string }
  /** Wake every thread suspended or waiting on `ref`. */
  | { kind: 'resume'; ref: string }
  | { kind: 'lock'; ref: string }
  | { kind: 'unlock'; ref: string }
  /** pthread_cond_wait on condition `ref`, releasing mutex `mutex` while blocked. */
  | { kind: 'wait'; ref: string; mutex: string }
  /** Wake the first thread waiting on `ref`. */
  | { kind: 'signal'; ref: string }
  /** Wake every thread waiting on `ref`. */
  | { kind: 'broad'; ref: string }
  /** signal `ref`, then wait on it. */
  | { kind: 'sync'; ref: string; mutex: string }
  /** sched_yield: no time. */
  | { kind: 'yield' };

export type RtappEventKind = RtappEvent['kind'];

export interface RtappPhase {
  /** The phase's key in the file ("" for a task written without phases). */
  name: string;
  /** Times the events repeat before the next phase; -1: for ever. */
  loop: number;
  /** Affinity for this phase (board cpu numbers); null: the task's. */
  cpus: number[] | null;
  events: RtappEvent[];
}

export interface RtappTask {
  name: string;
  /** Threads made from this task. */
  instance: number;
  /** Times the whole list of phases repeats; -1: for ever. */
  loop: number;
  policy: RtappPolicy;
  /** Nice value for SCHED_OTHER (-20..19), real-time priority for SCHED_FIFO and SCHED_RR (1..99). */
  priority: number;
  /** Affinity (board cpu numbers); null: any cpu the workload may use. */
  cpus: number[] | null;
  /** Wait before the first event, us. */
  delayUs: number;
  phases: RtappPhase[];
}

export interface RtappGlobal {
  /** Seconds the workload runs; -1: until every thread has finished. */
  durationS: number;
  /** "CPU<n>": calibrated on cpu n; a number: ns per loop, given. */
  calibration: { cpu: number } | { nsPerLoop: number };
  defaultPolicy: RtappPolicy;
}

/** A file read and checked, with what was ignored or approximated, one line each. */
export interface RtappFile {
  /** The name shown in errors and notes (a path or "built-in rt-app workload browser"). */
  file: string;
  global: RtappGlobal;
  tasks: RtappTask[];
  notes: string[];
}

/** What to do with the parts of rt-app twinrtm does not model (unsupportedRules.ts lists them). */
export type UnsupportedMode = 'refuse' | 'approximate';
