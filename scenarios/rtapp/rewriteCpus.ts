/**
 * An rt-app file with its cpu numbers rewritten, for a board that numbers its cpus otherwise than the
 * scenario's platform (hil run --rtapp-cpus map): every task's and phase's `cpus`, and the cpu of
 * `global.calibration` ("CPU<n>"), go through one mapping; a task with no `cpus` may be given the
 * co-workload's (the twin confined it to them). A cpu the mapping refuses is one RtappError naming the
 * task, phase and key. The result is the file written again (writeRelaxedJson.ts): keys in order,
 * comments dropped.
 */
import { parseRelaxedJson, type JsonEntry, type JsonNode } from './relaxedJson.js';
import { RtappError, type RtappPlace } from './rtappError.js';
import { writeRelaxedJson } from './writeRelaxedJson.js';

/** A cpu's number on the board, or why it has none (e.g. "a15 has 3 cpus online on the board"). */
export type CpuMapping = (cpu: number) => number | { problem: string };

export interface RewrittenCpus {
  text: string;
  /** Each cpu that changed number, once: [from, to]. */
  changed: [number, number][];
}

/**
 * Rewrites the cpus of an rt-app file (read and checked before: checkScenario read it).
 *
 * @param defaultCpus - given to each task without cpus of its own (the platform's numbers), or null
 * @throws RtappError naming the task, phase and key of a cpu the mapping refuses
 */
export function rewriteCpus(
  text: string,
  file: string,
  map: CpuMapping,
  defaultCpus: readonly number[] | null,
): RewrittenCpus {
  const root = parseRelaxedJson(text);
  const changed = new Map<number, number>();
  const to = (cpu: number, place: RtappPlace, node: JsonNode | JsonEntry): number => {
    const m = map(cpu);
    if (typeof m !== 'number') throw new RtappError(file, place, `cpu ${cpu}: ${m.problem}`, node.at);
    if (m !== cpu) changed.set(cpu, m);
    return m;
  };
  const cpuList = (node: JsonNode, place: RtappPlace): JsonNode => {
    if (node.kind !== 'array') return node;
    return {
      ...node,
      items: node.items.map((item) =>
        item.kind === 'number' ? { ...item, value: to(item.value, place, item) } : item,
      ),
    };
  };
  const entriesOf = (node: JsonNode | undefined): JsonEntry[] => (node?.kind === 'object' ? node.entries : []);

  const rewriteGlobal = (node: JsonNode): JsonNode => {
    if (node.kind !== 'object') return node;
    return {
      ...node,
      entries: node.entries.map((e): JsonEntry => {
        const v = e.value;
        const m = e.key === 'calibration' && v.kind === 'string' ? /^CPU(\d+)$/.exec(v.value) : null;
        return m
          ? {
              ...e,
              value: {
                kind: 'string',
                at: v.at,
                value: `CPU${to(Number(m[1]), { section: 'global', key: 'calibration' }, v)}`,
              },
            }
          : e;
      }),
    };
  };
  const rewritePhases = (node: JsonNode, task: string): JsonNode => {
    if (node.kind !== 'object') return node;
    return {
      ...node,
      entries: node.entries.map((p) => ({
        ...p,
        value:
          p.value.kind !== 'object'
            ? p.value
            : {
                ...p.value,
                entries: p.value.entries.map((e) =>
                  e.key === 'cpus' ? { ...e, value: cpuList(e.value, { task, phase: p.key, key: 'cpus' }) } : e,
                ),
              },
      })),
    };
  };
  const rewriteTask = (task: JsonEntry): JsonEntry => {
    const node = task.value;
    if (node.kind !== 'object') return task;
    const entries = node.entries.map((e) => {
      if (e.key === 'cpus') return { ...e, value: cpuList(e.value, { task: task.key, key: 'cpus' }) };
      if (e.key === 'phases') return { ...e, value: rewritePhases(e.value, task.key) };
      return e;
    });
    if (defaultCpus !== null && !entries.some((e) => e.key === 'cpus')) {
      const place = { task: task.key, key: 'cpus' };
      entries.unshift({
        key: 'cpus',
        at: node.at,
        value: {
          kind: 'array',
          at: node.at,
          items: defaultCpus.map((c) => ({ kind: 'number', integer: true, value: to(c, place, node), at: node.at })),
        },
      });
    }
    return { ...task, value: { ...node, entries } };
  };

  const out: JsonNode =
    root.kind !== 'object'
      ? root
      : {
          ...root,
          entries: root.entries.map((e) => {
            if (e.key === 'global') return { ...e, value: rewriteGlobal(e.value) };
            if (e.key === 'tasks' && e.value.kind === 'object')
              return { ...e, value: { ...e.value, entries: entriesOf(e.value).map(rewriteTask) } };
            return e;
          }),
        };
  return { text: writeRelaxedJson(out), changed: [...changed.entries()].sort((a, b) => a[0] - b[0]) };
}
