/**
 * Runs an rt-app workload's threads in virtual time and records how busy each cpu is, window by window.
 *
 * Each thread steps through its program (threads.ts) as rt-app runs it: a run is work that takes
 * `us x runScale(cpu)` microseconds of its cpu, a runtime takes `us` of its cpu whatever the speed,
 * sleep and timer wait (syncObjects.ts), the other events block or wake. Threads on one cpu share it
 * (cpuShares.ts), fluidly; the cpu is busy while any of them runs. Events at one instant are handled
 * in thread order, then in the order they wake each other, so a run repeats exactly.
 *
 * The simulation stops at `endUs`, or earlier when every thread has finished or waits for ever.
 */
import { BusyWindows, MAX_WINDOWS } from './busyWindows.js';
import { cpuShares } from './cpuShares.js';
import { RtappError } from './rtappError.js';
import { SyncObjects, timerKey, type Outcome } from './syncObjects.js';
import { chooseCpu, makeThreads, type PhasePass, type Thread } from './threads.js';
import type { RtappFile } from './types.js';

/**
 * Event times a simulation may take before it is refused: bounds the work a scenario check does (a few
 * seconds; an hour of the built-in video workload takes about 1.5 million).
 */
export const MAX_EVENT_TIMES = 2_000_000;
/** Events one instant may take before a thread is taken to spin (a loop of events taking no time). */
const MAX_STEPS_AT_ONE_TIME = 1_000_000;
/** Time below which a run is taken as finished, us (rounding of the fluid shares). */
const EPSILON_US = 1e-9;

export interface SimulateThreadsOptions {
  /** Microseconds of cpu time one microsecond of `run` takes on each board cpu. */
  runScale: (cpu: number) => number;
  /** Where a thread with no cpus of its own may run (board cpu numbers). */
  defaultCpus: readonly number[];
  /** Every cpu of the board, the ones busy time is kept for. */
  boardCpus: readonly number[];
  /** When to stop, us from the start. */
  endUs: number;
  /** Length of the windows busy time is summed over, us. */
  windowUs: number;
  /**
   * Told every pass a thread completes through a phase's events (rt-app logs one row per pass), with
   * the thread's index (rt-app's idx: threads in file order) and its task's name. Passes cut by the
   * end are not told, as rt-app does not log a pass it stops inside.
   */
  onPass?: (thread: { index: number; task: string }, pass: PhasePass) => void;
}

export interface SimulatedLoad {
  /** Busy time of each board cpu in each window, us. */
  busy: BusyWindows;
  /** When the simulation stopped, us: endUs, or when no thread could go on. */
  stoppedUs: number;
  /** Threads still alive at the stop (finished threads are not). */
  unfinished: number;
}

/**
 * Simulates the workload's threads.
 * @throws RtappError for a thread that loops without taking time, or a workload with more than
 *   MAX_EVENT_TIMES event times before endUs
 */
export function simulateThreads(w: RtappFile, o: SimulateThreadsOptions): SimulatedLoad {
  const threads = makeThreads(w.tasks);
  const record = o.onPass !== undefined;
  const busy = new BusyWindows(o.boardCpus, o.windowUs);
  const placed = new Map<number, number>();
  const due: Thread[] = [];
  let now = 0;

  const wake = (t: Thread) => {
    t.state = 'ready';
    due.push(t);
  };
  const barrierUses = new Map<string, number>();
  const absoluteTimers = new Set<string>();
  for (const t of threads) {
    for (const p of t.task.phases) {
      for (const e of p.events) {
        if (e.kind === 'barrier') barrierUses.set(e.ref, (barrierUses.get(e.ref) ?? 0) + 1);
        if (e.kind === 'timer' && e.mode === 'absolute') absoluteTimers.add(timerKey(t.id, e.ref));
      }
    }
  }
  const sync = new SyncObjects(wake, barrierUses, absoluteTimers);

  const addBusy = (cpu: number, fromUs: number, toUs: number) => {
    if (!busy.add(cpu, fromUs, toUs)) {
      const hours = (MAX_WINDOWS * o.windowUs) / 3.6e9;
      throw new RtappError(
        w.file,
        {},
        `is still busy after ${MAX_WINDOWS.toLocaleString('en-US')} windows of ${o.windowUs / 1000} ms (${hours.toPrecision(3)} h): take longer windows (the co-workload's resolutionMs) or stop it sooner`,
      );
    }
  };

  const move = (t: Thread, cpu: number) => {
    if (t.cpu >= 0) placed.set(t.cpu, placed.get(t.cpu)! - 1);
    t.cpu = cpu;
    if (cpu >= 0) placed.set(cpu, (placed.get(cpu) ?? 0) + 1);
  };

  /** Runs a thread's events from where it stands until one takes time or blocks. */
  const step = (t: Thread) => {
    if (t.pending) {
      t.pending = false;
      t.startUs = now;
    }
    if (t.state === 'running' && t.pass) t.pass.runUs += now - t.runStartUs;
    t.state = 'ready';
    for (;;) {
      const task = t.task;
      const phase = task.phases[t.phase]!;
      if (!t.placed) {
        move(t, chooseCpu(t.cpu, phase.cpus ?? task.cpus ?? o.defaultCpus, placed));
        t.placed = true;
      }
      if (t.event >= phase.events.length) {
        if (t.pass) {
          t.pass.endUs = now;
          o.onPass?.({ index: t.id, task: task.name }, t.pass);
          t.pass = null;
        }
        t.event = 0;
        t.phaseRound++;
        if (phase.loop !== -1 && t.phaseRound >= phase.loop) {
          t.phaseRound = 0;
          t.placed = false;
          t.phase++;
          if (t.phase >= task.phases.length) {
            t.phase = 0;
            t.taskRound++;
            if (task.loop !== -1 && t.taskRound >= task.loop) {
              t.state = 'done';
              move(t, -1);
              return;
            }
          }
        }
        if (++stepsNow > MAX_STEPS_AT_ONE_TIME) spins(t);
        continue;
      }
      if (t.event === 0 && record)
        t.pass = { phase: t.phase, startUs: now, endUs: now, runUs: 0, configuredRunUs: 0, periodUs: 0, slackUs: 0 };
      const e = phase.events[t.event++]!;
      if (++stepsNow > MAX_STEPS_AT_ONE_TIME) spins(t);
      let outcome: Outcome;
      switch (e.kind) {
        case 'run':
        case 'runtime': {
          const work = e.kind === 'run' ? e.us * o.runScale(t.cpu) : e.us;
          if (t.pass) t.pass.configuredRunUs += e.us;
          if (work <= 0) continue;
          t.state = 'running';
          t.workLeftUs = work;
          t.runStartUs = now;
          return;
        }
        case 'sleep':
          outcome = e.us > 0 ? { kind: 'sleep', untilUs: now + e.us } : { kind: 'go-on' };
          break;
        case 'timer':
          outcome = sync.timer(t, timerKey(t.id, e.ref), e.periodUs, now);
          if (t.pass) {
            t.pass.periodUs += e.periodUs;
            t.pass.slackUs = sync.lastTimerSlackUs;
          }
          break;
        case 'barrier':
          outcome = sync.barrier(t, e.ref);
          break;
        case 'lock':
          outcome = sync.lock(t, e.ref);
          break;
        case 'unlock':
          outcome = sync.unlock(t, e.ref);
          break;
        case 'wait':
          outcome = sync.wait(t, e.ref, e.mutex);
          break;
        case 'sync':
          sync.signal(e.ref);
          outcome = sync.wait(t, e.ref, e.mutex);
          break;
        case 'suspend':
          outcome = sync.wait(t, e.ref, null);
          break;
        case 'signal':
          outcome = sync.signal(e.ref);
          break;
        case 'broad':
        case 'resume':
          outcome = sync.broadcast(e.ref);
          break;
        case 'yield':
          outcome = { kind: 'go-on' };
          break;
      }
      if (outcome.kind === 'block') {
        t.state = 'blocked';
        return;
      }
      if (outcome.kind === 'sleep') {
        t.state = 'sleeping';
        t.wakeUs = outcome.untilUs;
        return;
      }
    }
  };

  const spins = (t: Thread): never => {
    const phase = t.task.phases[t.phase]!;
    throw new RtappError(
      w.file,
      { task: t.task.name, ...(phase.name !== '' ? { phase: phase.name } : {}) },
      'repeats events that take no time without end (rt-app would spin here): give it a run, a sleep or a timer with a period',
    );
  };

  let stepsNow = 0;
  let eventTimes = 0;
  /** Running threads by cpu, and each thread's share of its cpu (by thread id), reused every step. */
  const onCpu = new Map<number, Thread[]>();
  const rate = new Float64Array(threads.length);
  for (;;) {
    // Everything due now, in thread order; threads woken meanwhile join the end of the queue.
    for (const t of threads) {
      if ((t.state === 'sleeping' && t.wakeUs <= now) || (t.state === 'running' && t.workLeftUs <= EPSILON_US))
        due.push(t);
    }
    due.sort((a, b) => a.id - b.id);
    while (due.length > 0) {
      const t = due.shift()!;
      if (t.state !== 'done' && t.state !== 'blocked') step(t);
    }

    // How the running threads share their cpus, and when the next thing happens.
    for (const list of onCpu.values()) list.length = 0;
    let next = Infinity;
    for (const t of threads) {
      if (t.state === 'running') {
        const list = onCpu.get(t.cpu);
        if (list) list.push(t);
        else onCpu.set(t.cpu, [t]);
      } else if (t.state === 'sleeping') {
        next = Math.min(next, t.wakeUs);
      }
    }
    for (const list of onCpu.values()) {
      if (list.length === 1) {
        rate[list[0]!.id] = 1;
      } else if (list.length > 1) {
        const shares = cpuShares(list.map((t) => ({ policy: t.task.policy, priority: t.task.priority })));
        list.forEach((t, i) => {
          rate[t.id] = shares[i]!;
        });
      }
      for (const t of list) if (rate[t.id]! > 0) next = Math.min(next, now + t.workLeftUs / rate[t.id]!);
    }
    if (next === Infinity) break; // nothing left to happen: all finished or waiting for ever
    next = Math.min(next, o.endUs);
    if (++eventTimes > MAX_EVENT_TIMES) {
      throw new RtappError(
        w.file,
        {},
        `changes more than ${MAX_EVENT_TIMES.toLocaleString('en-US')} times in its first ${(now / 1e6).toFixed(1)} s: shorten the co-workload (its endS, or global.duration)`,
      );
    }

    for (const [cpu, list] of onCpu) {
      if (list.length === 0) continue;
      if (next > now) addBusy(cpu, now, next);
      for (const t of list) {
        const r = rate[t.id]!;
        if (r > 0) t.workLeftUs = now + t.workLeftUs / r <= next + EPSILON_US ? 0 : t.workLeftUs - r * (next - now);
      }
    }
    if (next > now) stepsNow = 0;
    now = next;
    if (now >= o.endUs) break;
  }
  return { busy, stoppedUs: Math.min(now, o.endUs), unfinished: threads.filter((t) => t.state !== 'done').length };
}
