/**
 * The parts of rt-app twinrtm does not model, each with one line saying what it is and why, and the
 * rule that stands in for it when the co-workload asks for `"unsupported": "approximate"`. By default
 * a file using one is refused with that line.
 *
 * Everything else rt-app 1.0 runs is modelled (simulateThreads.ts): run, runtime, sleep, timer,
 * barrier, and the events that only block or wake (lock, unlock, wait, signal, broad, sync, suspend,
 * resume, yield), since blocking is exact in a simulation of the threads.
 */
import type { UnsupportedEventName } from './eventKinds.js';

export interface UnsupportedRule {
  /** What it is and why the twin cannot time it. */
  what: string;
  /** What `"unsupported": "approximate"` does instead. */
  approximation: string;
}

export const UNSUPPORTED_EVENT_RULES: Record<UnsupportedEventName, UnsupportedRule> = {
  mem: {
    what: 'mem writes bytes into a memory buffer: its time depends on the memory system, which the twin has no model of',
    approximation: 'takes no time (give the co-workload a memoryIntensity for its memory traffic)',
  },
  iorun: {
    what: 'iorun writes bytes to the io_device: its time depends on the device, which the twin has no model of',
    approximation: 'takes no time',
  },
  fork: {
    what: 'fork (rt-app after 1.0) starts a thread of another task while the workload runs',
    approximation: 'is skipped: no thread starts',
  },
};

/** The top-level resources section of rt-app's older files. */
export const RESOURCES_SECTION_RULE: UnsupportedRule = {
  what: "the resources section declares mutexes, conditions and timers ahead (rt-app's older grammar, kept by 1.0 for compatibility)",
  approximation: 'is skipped: rt-app 1.0 makes each resource when an event first names it, and so does the twin',
};

/** Keys of rt-app 0.x tasks, which rt-app 1.0 does not run either: refused whatever the choice. */
export const LEGACY_TASK_KEYS = ['exec', 'lock_order', 'resources'] as const;

/** The refusal of one unsupported part: what it is, and how to go on. */
export function refusal(rule: UnsupportedRule): string {
  return `${rule.what}; refused (the co-workload's "unsupported": "approximate" makes it: ${rule.approximation})`;
}

/** The note left when an unsupported part is approximated. */
export function approximationNote(where: string, rule: UnsupportedRule): string {
  return `${where}: approximated: ${rule.approximation}`;
}
