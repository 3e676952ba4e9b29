/**
 * The cpus of a scenario's rt-app workloads on the board that runs them (hil run --rtapp-cpus):
 * - keep: the file runs as written; a cpu the board does not have online is refused up front (rt-app
 *   would fail setting the affinity);
 * - map: each cpu is renumbered by unit: the k-th cpu of unit u on the scenario's platform becomes the
 *   k-th online cpu of u on the board (an emulated tree, a host whose cpus are not 0..n-1, a board
 *   with a cpu offline), and a task with no cpus of its own gets the co-workload's `cpus` (the twin
 *   confined it to them); a cpu with no k-th counterpart is refused.
 * Each refusal is one line naming the workload, task, phase and key.
 */
import { InputError } from '../../dnn/inputError.js';
import { formatCpuList } from '../../models/cpuList.js';
import type { Platform } from '../../models/types.js';
import { rewriteCpus, type CpuMapping } from '../../scenarios/rtapp/rewriteCpus.js';
import type { RtappRun } from '../../scenarios/rtapp/rtappRuns.js';

/** What happens to the rt-app files' cpus on the board (see the file's comment). */
export type RtappCpuMode = 'keep' | 'map';
/** Every {@link RtappCpuMode}, as --rtapp-cpus takes them. */
export const RTAPP_CPU_MODES: readonly RtappCpuMode[] = ['keep', 'map'];

/** A board unit's cpus online now. */
export interface BoardUnitCpus {
  id: string;
  onlineCpus: readonly number[];
}

/** The mapping a mode makes on this board. */
export function boardCpuMapping(
  mode: RtappCpuMode,
  platform: Platform,
  units: readonly BoardUnitCpus[],
  board: string,
): CpuMapping {
  const online = units.flatMap((u) => u.onlineCpus);
  if (mode === 'keep') {
    return (cpu) =>
      online.includes(cpu)
        ? cpu
        : {
            problem: `board ${board} has no cpu ${cpu} online (online: ${formatCpuList(online) || 'none'}): give --rtapp-cpus map to renumber the file's cpus by unit`,
          };
  }
  return (cpu) => {
    const unit = platform.units.find((u) => u.kind === 'cpu-cluster' && u.cpus.includes(cpu));
    if (!unit) return { problem: `not a cpu of ${platform.id}` };
    const k = [...unit.cpus].sort((a, b) => a - b).indexOf(cpu);
    const there = [...(units.find((u) => u.id === unit.id)?.onlineCpus ?? [])].sort((a, b) => a - b);
    const to = there[k];
    if (to === undefined)
      return {
        problem: `${unit.id}'s cpu number ${k + 1} on ${platform.id} has no counterpart: board ${board} has ${there.length} ${unit.id} cpu${there.length === 1 ? '' : 's'} online${there.length > 0 ? ` (${formatCpuList(there)})` : ''}`,
      };
    return to;
  };
}

/**
 * The runs as the board gets them, and a note for each rewrite or for what the board does not confine.
 * @throws InputError naming the workload, task, phase and key of a cpu the mode refuses
 */
export function rtappRunsForBoard(
  runs: readonly RtappRun[],
  mode: RtappCpuMode,
  platform: Platform,
  units: readonly BoardUnitCpus[],
  board: string,
): { runs: RtappRun[]; notes: string[] } {
  const map = boardCpuMapping(mode, platform, units, board);
  const notes: string[] = [];
  const out = runs.map((run) => {
    try {
      const rewritten = rewriteCpus(run.text, run.file, map, mode === 'map' ? (run.options.cpus ?? null) : null);
      if (mode === 'keep') {
        if (run.options.cpus)
          notes.push(
            `rt-app workload ${run.name}: its tasks without cpus of their own keep to cpus ${formatCpuList(run.options.cpus)} in the twin but may run on any cpu of the board (--rtapp-cpus map confines them there too)`,
          );
        return run;
      }
      const moves = rewritten.changed.map(([a, b]) => `${a}->${b}`).join(', ');
      notes.push(
        `rt-app workload ${run.name}: cpus renumbered from ${platform.id}'s to board ${board}'s by unit (${moves || 'every cpu kept its number'})${run.options.cpus ? `; tasks without cpus of their own given the co-workload's` : ''}`,
      );
      return { ...run, text: rewritten.text };
    } catch (err) {
      if (err instanceof InputError) throw new InputError(`rt-app workload ${run.name}: ${err.message}`);
      throw err;
    }
  });
  return { runs: out, notes };
}
