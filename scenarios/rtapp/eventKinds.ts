/**
 * Which event a key names. rt-app matches a key by its start, in a fixed order, so "run2" is a run,
 * "runtime" a runtime (tried before run) and "timer0" a timer (rt-app 1.0, obj_is_event and
 * parse_task_event_data in src/rt-app_parse_config.c). A key that starts with no event's name is not
 * an event.
 */

/** Events twinrtm runs as rt-app does (types.ts, RtappEvent). */
export const MODELLED_EVENTS = [
  'lock',
  'unlock',
  'wait',
  'signal',
  'broad',
  'sync',
  'sleep',
  'runtime',
  'run',
  'timer',
  'suspend',
  'resume',
  'yield',
  'barrier',
] as const;
/** Events twinrtm cannot time (unsupportedRules.ts says why and how they are approximated). */
export const UNSUPPORTED_EVENTS = ['mem', 'iorun', 'fork'] as const;

export type ModelledEventName = (typeof MODELLED_EVENTS)[number];
export type UnsupportedEventName = (typeof UNSUPPORTED_EVENTS)[number];

// rt-app's order: runtime before run, and every other name is a prefix of no other.
const ORDER: readonly (ModelledEventName | UnsupportedEventName)[] = [
  'lock',
  'unlock',
  'wait',
  'signal',
  'broad',
  'sync',
  'sleep',
  'runtime',
  'run',
  'timer',
  'suspend',
  'resume',
  'mem',
  'iorun',
  'yield',
  'barrier',
  'fork',
];

/**
 * The event a key names, or null when it names none.
 * @example eventOfKey('run3') // 'run'
 * @example eventOfKey('runtime') // 'runtime'
 * @example eventOfKey('loop') // null
 */
export function eventOfKey(key: string): ModelledEventName | UnsupportedEventName | null {
  return ORDER.find((name) => key.startsWith(name)) ?? null;
}

export function isUnsupportedEvent(name: string): name is UnsupportedEventName {
  return (UNSUPPORTED_EVENTS as readonly string[]).includes(name);
}
