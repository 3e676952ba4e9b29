/**
 * One event of a phase, read as rt-app 1.0 reads it (parse_task_event_data): the value's type follows
 * the event (a number of microseconds, a resource name, or an object for timer, wait and sync).
 */
import { eventOfKey, isUnsupportedEvent } from './eventKinds.js';
import { shown, type ReadContext } from './readContext.js';
import type { JsonEntry, JsonNode } from './relaxedJson.js';
import { describePlace, type RtappPlace } from './rtappError.js';
import type { RtappEvent } from './types.js';
import { approximationNote, refusal, UNSUPPORTED_EVENT_RULES } from './unsupportedRules.js';

/** An object's fields by name, refusing names outside `allowed` and names given twice. */
function fieldsOf(
  ctx: ReadContext,
  node: JsonNode,
  place: RtappPlace,
  what: string,
  allowed: readonly string[],
): Map<string, JsonNode> {
  const fields = new Map<string, JsonNode>();
  for (const e of ctx.entries(node, place, what)) {
    if (!allowed.includes(e.key))
      ctx.fail(place, `unknown field "${e.key}" in ${what} (valid: ${allowed.join(', ')})`, e);
    if (fields.has(e.key)) ctx.fail(place, `field "${e.key}" is given twice in ${what}`, e);
    fields.set(e.key, e.value);
  }
  return fields;
}

/**
 * Reads one event.
 *
 * @param entry - the key (e.g. "run2") and its value
 * @param taskName - fills a `suspend` written without a value, as workgen does
 * @returns the event, or null when it is unsupported and approximated by leaving it out
 * @throws RtappError naming the task, phase and key
 */
export function readEvent(ctx: ReadContext, entry: JsonEntry, place: RtappPlace, taskName: string): RtappEvent | null {
  const at: RtappPlace = { ...place, key: entry.key };
  const name = eventOfKey(entry.key);
  if (name === null) throw new Error(`readEvent called on '${entry.key}', which names no event`);
  const v = entry.value;
  if (v.kind === 'missing' && name !== 'suspend') ctx.fail(at, `expected ':' and a value after the key`, entry);

  if (isUnsupportedEvent(name)) {
    const rule = UNSUPPORTED_EVENT_RULES[name];
    if (ctx.unsupported === 'refuse') ctx.fail(at, refusal(rule), entry);
    if (name === 'fork') ctx.string(v, at, 'the task to start');
    else ctx.integer(v, at, 'number of bytes', 0);
    ctx.note(approximationNote(describePlace(at), rule));
    return null;
  }

  switch (name) {
    case 'run':
    case 'runtime':
    case 'sleep':
      return { kind: name, us: ctx.integer(v, at, 'number of microseconds', 0) };
    case 'timer': {
      const f = fieldsOf(ctx, v, at, 'a timer ({ "ref": name, "period": us, "mode": "relative" or "absolute" })', [
        'ref',
        'period',
        'mode',
      ]);
      const ref = f.has('ref') ? ctx.string(f.get('ref')!, at, 'the timer\'s name "ref"') : 'unknown';
      const periodUs = f.has('period')
        ? ctx.integer(f.get('period')!, { ...at, key: `${entry.key}.period` }, 'period in microseconds', 0)
        : 0;
      const modeNode = f.get('mode');
      const mode = modeNode === undefined ? 'relative' : ctx.string(modeNode, at, 'the timer\'s "mode"');
      if (mode !== 'relative' && mode !== 'absolute')
        ctx.fail(
          { ...at, key: `${entry.key}.mode` },
          `expected "relative" or "absolute", got ${shown(modeNode!)}`,
          entry,
        );
      return { kind: 'timer', ref, periodUs, mode };
    }
    case 'wait':
    case 'sync': {
      const f = fieldsOf(ctx, v, at, `a ${name} ({ "ref": condition, "mutex": mutex })`, ['ref', 'mutex']);
      const ref = f.has('ref') ? ctx.string(f.get('ref')!, at, 'the condition\'s name "ref"') : 'unknown';
      const mutex = f.has('mutex') ? ctx.string(f.get('mutex')!, at, 'the mutex\'s name "mutex"') : 'unknown';
      return { kind: name, ref, mutex };
    }
    case 'suspend':
      return { kind: 'suspend', ref: v.kind === 'missing' ? taskName : ctx.string(v, at, 'the name to wait on') };
    case 'yield':
      if (v.kind !== 'string') ctx.string(v, at, 'a string (may be empty)');
      return { kind: 'yield' };
    case 'barrier':
    case 'resume':
    case 'lock':
    case 'unlock':
    case 'signal':
    case 'broad':
      return { kind: name, ref: ctx.string(v, at, 'a resource name') };
  }
}
