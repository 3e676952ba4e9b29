/**
 * Reads an rt-app workload file: its relaxed JSON (relaxedJson.ts), then `global` and `tasks`.
 * Anything twinrtm cannot take is one RtappError naming the file, the task, phase and key, and what was
 * expected; what it reads but ignores or approximates is one note each in the result.
 */
import { ReadContext } from './readContext.js';
import { readGlobal } from './readGlobal.js';
import { readTask } from './readTask.js';
import { parseRelaxedJson, RelaxedJsonError, type JsonNode } from './relaxedJson.js';
import { placeOfKeys, RtappError } from './rtappError.js';
import type { RtappFile, UnsupportedMode } from './types.js';
import { approximationNote, refusal, RESOURCES_SECTION_RULE } from './unsupportedRules.js';

/** Threads a workload may make (instances summed over the tasks): far beyond any rt-app example. */
export const MAX_THREADS = 1024;

export interface ReadRtappOptions {
  /** Refuse (the default) or approximate what twinrtm does not model (unsupportedRules.ts). */
  unsupported?: UnsupportedMode;
}

/**
 * Parses and checks an rt-app file.
 *
 * @param text - the file's text, with rt-app's comments and relaxed syntax
 * @param file - the name errors and notes show (a path, or "built-in rt-app workload mp3")
 * @returns the workload, and a note for each thing ignored or approximated
 * @throws RtappError (an InputError) as one line, e.g.
 *   "w.json: task 'decoder', phase 'p1', key 'mem': mem writes bytes ...; refused (...)"
 */
export function readRtapp(text: string, file: string, options: ReadRtappOptions = {}): RtappFile {
  const ctx: ReadContext = new ReadContext(file, options.unsupported ?? 'refuse');
  let root: JsonNode;
  try {
    root = parseRelaxedJson(text);
  } catch (err) {
    if (err instanceof RelaxedJsonError)
      throw new RtappError(file, placeOfKeys(err.keys), `not valid rt-app JSON: ${err.problem}`, err.at);
    throw err;
  }

  const sections = new Map<string, JsonNode>();
  for (const e of ctx.entries(root, {}, 'an object with "tasks" (and "global")')) {
    if (!['global', 'tasks', 'resources', 'description'].includes(e.key)) {
      ctx.fail(
        { key: e.key },
        'unknown top-level key (rt-app reads global, tasks and resources; twinrtm also takes a "description")',
        e,
      );
    }
    if (sections.has(e.key)) ctx.fail({ key: e.key }, 'is given twice', e);
    sections.set(e.key, e.value);
  }
  const description = sections.get('description');
  if (description) ctx.string(description, { key: 'description' }, 'a description');

  const resources = sections.get('resources');
  if (resources !== undefined) {
    if (ctx.unsupported === 'refuse') ctx.fail({ section: 'resources' }, refusal(RESOURCES_SECTION_RULE), resources);
    ctx.note(approximationNote('resources', RESOURCES_SECTION_RULE));
  }

  const global = readGlobal(ctx, sections.get('global'));
  const tasksNode = sections.get('tasks');
  if (tasksNode === undefined) ctx.fail({}, 'has no "tasks" object (rt-app needs one)', root);
  const entries = ctx.entries(tasksNode, { section: 'tasks' }, 'an object of tasks');
  if (entries.length === 0) ctx.fail({ section: 'tasks' }, 'has no tasks', tasksNode);
  const names = new Set<string>();
  const tasks = entries.map((e) => {
    if (names.has(e.key))
      ctx.fail({ task: e.key }, 'is given twice: rename one (rt-app names threads after their task)', e);
    names.add(e.key);
    return readTask(ctx, e.key, e.value, global.defaultPolicy);
  });
  const threads = tasks.reduce((n, t) => n + t.instance, 0);
  if (threads > MAX_THREADS)
    ctx.fail({ section: 'tasks' }, `make ${threads} threads; twinrtm runs at most ${MAX_THREADS}`, tasksNode);
  return { file, global, tasks, notes: ctx.notes };
}
