/**
 * The `global` object (rt-app 1.0, doc/tutorial.txt, "global object"): what changes the load is read
 * (duration, calibration, default_policy); logging and memory-locking settings are checked for type
 * and otherwise ignored, as they change nothing the twin models; pi_enabled is ignored with a note,
 * and so is a key rt-app does not read (it passes over them too).
 */
import { shown, type ReadContext } from './readContext.js';
import type { JsonNode } from './relaxedJson.js';
import { POLICIES } from './readTask.js';
import type { RtappGlobal, RtappPolicy } from './types.js';

/** rt-app 1.0's defaults: "duration": -1, "calibration": "CPU0", "default_policy": "SCHED_OTHER". */
export const GLOBAL_DEFAULTS: RtappGlobal = { durationS: -1, calibration: { cpu: 0 }, defaultPolicy: 'SCHED_OTHER' };

const BOOLEAN_KEYS = ['pi_enabled', 'lock_pages', 'ftrace', 'gnuplot', 'cumulative_slack'];
const STRING_KEYS = ['logdir', 'log_basename', 'io_device'];
const KNOWN = [
  'duration',
  'calibration',
  'default_policy',
  'log_size',
  'mem_buffer_size',
  ...BOOLEAN_KEYS,
  ...STRING_KEYS,
];

/**
 * Reads `global`.
 * @throws RtappError naming global and the key
 */
export function readGlobal(ctx: ReadContext, node: JsonNode | undefined): RtappGlobal {
  if (node === undefined) return { ...GLOBAL_DEFAULTS };
  const out: RtappGlobal = { ...GLOBAL_DEFAULTS };
  const seen = new Set<string>();
  for (const e of ctx.entries(node, { section: 'global' }, 'an object of settings')) {
    const at = { section: 'global' as const, key: e.key };
    if (seen.has(e.key)) ctx.fail(at, 'is given twice', e);
    seen.add(e.key);
    if (!KNOWN.includes(e.key)) {
      // rt-app reads global keys by name and passes over the rest (Debian's examples carry "frag").
      ctx.note(`global, key '${e.key}': ignored, as rt-app 1.0 does (not a setting it reads)`);
      continue;
    }
    const v = e.value;
    switch (e.key) {
      case 'duration':
        out.durationS = ctx.integer(v, at, 'number of seconds', 1, true);
        break;
      case 'calibration':
        out.calibration = readCalibration(ctx, v, at);
        break;
      case 'default_policy': {
        const p = ctx.string(v, at, 'a scheduling policy');
        if (!(POLICIES as readonly string[]).includes(p))
          ctx.fail(at, `unknown policy '${p}' (valid: ${POLICIES.join(', ')})`, e);
        out.defaultPolicy = p as RtappPolicy;
        break;
      }
      case 'log_size':
        if (v.kind !== 'string') ctx.integer(v, at, 'size in MB, or "file", "disable" or "auto",', 0);
        break;
      case 'mem_buffer_size':
        ctx.integer(v, at, 'number of bytes', 0);
        break;
      default:
        if (BOOLEAN_KEYS.includes(e.key)) {
          const on = ctx.boolean(v, at);
          if (e.key === 'pi_enabled' && on)
            ctx.note(
              "global, key 'pi_enabled': ignored: priority inheritance is not modelled (a thread holding a lock is not boosted)",
            );
        } else {
          ctx.string(v, at, 'a path or name');
        }
    }
  }
  return out;
}

function readCalibration(
  ctx: ReadContext,
  v: JsonNode,
  at: { section: 'global'; key: string },
): RtappGlobal['calibration'] {
  if (v.kind === 'string') {
    const m = /^CPU(\d+)$/.exec(v.value);
    if (!m)
      ctx.fail(at, `expected "CPU<n>" (the cpu rt-app calibrates on) or a number of ns per loop, got ${shown(v)}`, v);
    return { cpu: Number(m[1]) };
  }
  return { nsPerLoop: ctx.integer(v, at, 'number of ns per loop, or "CPU<n>",', 1) };
}
