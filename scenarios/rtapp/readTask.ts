/**
 * One task of the `tasks` object: its settings (instance, loop, policy, priority, cpus, delay, the
 * SCHED_DEADLINE parameters) and its phases, or its events directly when it has one phase (rt-app 1.0,
 * doc/tutorial.txt, "thread object").
 */
import { eventOfKey } from './eventKinds.js';
import type { ReadContext } from './readContext.js';
import { readEvent } from './readEvent.js';
import type { JsonEntry, JsonNode } from './relaxedJson.js';
import type { RtappPlace } from './rtappError.js';
import type { RtappEvent, RtappPhase, RtappPolicy, RtappTask } from './types.js';
import { LEGACY_TASK_KEYS } from './unsupportedRules.js';

export const POLICIES: readonly RtappPolicy[] = ['SCHED_OTHER', 'SCHED_FIFO', 'SCHED_RR', 'SCHED_DEADLINE'];

const TASK_KEYS = [
  'instance',
  'loop',
  'policy',
  'priority',
  'cpus',
  'delay',
  'dl-runtime',
  'dl-period',
  'dl-deadline',
  'period',
  'deadline',
  'phases',
  'description',
];
const PHASE_KEYS = ['loop', 'cpus', 'description'];
/** rt-app's defaults (tutorial: "The default priority is 0 for sched_other class and 10 for other classes"). */
const DEFAULT_NICE = 0;
const DEFAULT_RT_PRIORITY = 10;

/** Settings by key, each at most once; events kept in file order. */
function split(
  ctx: ReadContext,
  entries: JsonEntry[],
  place: RtappPlace,
  allowed: readonly string[],
  what: string,
): { settings: Map<string, JsonEntry>; events: JsonEntry[] } {
  const settings = new Map<string, JsonEntry>();
  const events: JsonEntry[] = [];
  for (const e of entries) {
    if ((LEGACY_TASK_KEYS as readonly string[]).includes(e.key) && what === 'task') {
      ctx.fail(
        { ...place, key: e.key },
        `'${e.key}' belongs to rt-app 0.x's grammar, which rt-app 1.0 does not run either: describe the task with run, timer, lock and unlock events`,
        e,
      );
    }
    if (allowed.includes(e.key)) {
      if (settings.has(e.key)) ctx.fail({ ...place, key: e.key }, `is given twice in this ${what}`, e);
      settings.set(e.key, e);
    } else if (eventOfKey(e.key) !== null) {
      events.push(e);
    } else {
      ctx.fail(
        { ...place, key: e.key },
        `unknown key: neither an rt-app event (run, runtime, sleep, timer, barrier, lock, unlock, wait, signal, broad, sync, suspend, resume, yield, mem, iorun) nor a ${what} setting (${allowed.join(', ')})`,
        e,
      );
    }
  }
  return { settings, events };
}

function readPhase(ctx: ReadContext, name: string, node: JsonNode, place: RtappPlace, taskName: string): RtappPhase {
  const entries = ctx.entries(node, place, 'a phase (an object of events)');
  const { settings, events } = split(ctx, entries, place, PHASE_KEYS, 'phase');
  const loop = settings.get('loop');
  const cpus = settings.get('cpus');
  const description = settings.get('description');
  if (description) ctx.string(description.value, { ...place, key: 'description' }, 'a description');
  if (events.length === 0)
    ctx.fail(
      place,
      'has no events (rt-app refuses a phase without events: "Task must have events or it\'s useless")',
      node,
    );
  return {
    name,
    loop: loop ? ctx.integer(loop.value, { ...place, key: 'loop' }, 'number of repetitions', 1, true) : 1,
    cpus: cpus ? ctx.cpus(cpus.value, { ...place, key: 'cpus' }) : null,
    events: events.map((e) => readEvent(ctx, e, place, taskName)).filter((e): e is RtappEvent => e !== null),
  };
}

function readPolicy(
  ctx: ReadContext,
  entry: JsonEntry | undefined,
  place: RtappPlace,
  defaultPolicy: RtappPolicy,
): RtappPolicy {
  if (!entry) return defaultPolicy;
  const p = ctx.string(entry.value, { ...place, key: 'policy' }, 'a scheduling policy');
  if (!(POLICIES as readonly string[]).includes(p))
    ctx.fail({ ...place, key: 'policy' }, `unknown policy '${p}' (valid: ${POLICIES.join(', ')})`, entry);
  return p as RtappPolicy;
}

function readPriority(ctx: ReadContext, entry: JsonEntry | undefined, place: RtappPlace, policy: RtappPolicy): number {
  const at = { ...place, key: 'priority' };
  if (policy === 'SCHED_OTHER') {
    if (!entry) return DEFAULT_NICE;
    const nice = ctx.integer(entry.value, at, 'nice value', -20);
    if (nice > 19) ctx.fail(at, `a SCHED_OTHER priority is a nice value, -20..19; got ${nice}`, entry);
    return nice;
  }
  if (!entry) return DEFAULT_RT_PRIORITY;
  const prio = ctx.integer(entry.value, at, 'priority', policy === 'SCHED_DEADLINE' ? 0 : 1);
  if (prio > 99) ctx.fail(at, `a ${policy} priority is 1..99; got ${prio}`, entry);
  return prio;
}

/**
 * Reads one task.
 *
 * @param defaultPolicy - global.default_policy, for a task that names none
 * @throws RtappError naming the task (and phase and key)
 */
export function readTask(ctx: ReadContext, name: string, node: JsonNode, defaultPolicy: RtappPolicy): RtappTask {
  const place: RtappPlace = { task: name };
  const entries = ctx.entries(node, place, 'a task (an object of settings and phases or events)');
  const { settings, events } = split(ctx, entries, place, TASK_KEYS, 'task');
  const get = (key: string) => settings.get(key);
  const phasesEntry = get('phases');
  if (phasesEntry && events.length > 0) {
    ctx.fail(
      { ...place, key: events[0]!.key },
      "is an event beside 'phases': put it in a phase (rt-app would skip it)",
      events[0],
    );
  }

  let phases: RtappPhase[];
  if (phasesEntry) {
    const list = ctx.entries(phasesEntry.value, { ...place, key: 'phases' }, 'an object of phases');
    if (list.length === 0) ctx.fail({ ...place, key: 'phases' }, 'has no phases', phasesEntry);
    phases = list.map((p) => readPhase(ctx, p.key, p.value, { task: name, phase: p.key }, name));
  } else {
    if (events.length === 0)
      ctx.fail(place, 'has no events and no phases (rt-app refuses a task without events)', node);
    phases = [
      {
        name: '',
        loop: 1,
        cpus: null,
        events: events.map((e) => readEvent(ctx, e, place, name)).filter((e): e is RtappEvent => e !== null),
      },
    ];
  }

  const policy = readPolicy(ctx, get('policy'), place, defaultPolicy);
  for (const key of ['dl-runtime', 'dl-period', 'dl-deadline', 'period', 'deadline']) {
    const e = get(key);
    if (!e) continue;
    ctx.integer(e.value, { ...place, key }, 'number of microseconds', 0);
    ctx.note(
      `task '${name}', key '${key}': SCHED_DEADLINE's budget is not enforced: a SCHED_DEADLINE thread runs ahead of all others on its cpu`,
    );
  }
  const description = get('description');
  if (description) ctx.string(description.value, { ...place, key: 'description' }, 'a description');
  const instance = get('instance');
  const loop = get('loop');
  const cpus = get('cpus');
  const delay = get('delay');
  return {
    name,
    instance: instance ? ctx.integer(instance.value, { ...place, key: 'instance' }, 'number of threads', 0) : 1,
    loop: loop ? ctx.integer(loop.value, { ...place, key: 'loop' }, 'number of repetitions', 1, true) : -1,
    policy,
    priority: readPriority(ctx, get('priority'), place, policy),
    cpus: cpus ? ctx.cpus(cpus.value, { ...place, key: 'cpus' }) : null,
    delayUs: delay ? ctx.integer(delay.value, { ...place, key: 'delay' }, 'number of microseconds', 0) : 0,
    phases,
  };
}
