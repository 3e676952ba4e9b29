/**
 * hil compare's view of a scenario's rt-app workloads that a board ran with the real rt-app: per
 * task, what rt-app's own logs say ran (rtappLogs.ts) against what the twin's threads did in the
 * timeline it built for the scenario (scenarios/rtapp/simulateThreads.ts, one pass per row as rt-app
 * logs them): passes through a phase, run time per pass, pass length (the period, for a task paced by
 * a timer), and passes that missed their timer (negative slack).
 *
 * The twin's figures are at the co-workload's clocks (its freqMHz, default each unit's highest), fixed
 * for the run; a governor that lowers the board's clocks makes the board's runs longer than the twin's.
 */
import { join } from 'node:path';
import type { Platform } from '../models/types.js';
import { SCENARIO_DEFAULTS } from '../scenarios/checkScenario.js';
import { rtappLogSettings } from '../scenarios/rtapp/logSettings.js';
import type { RtappFile } from '../scenarios/rtapp/types.js';
import { rtappCoworkloads } from '../scenarios/rtapp/rtappCoworkloads.js';
import { isStretchOf, type RtappRun } from '../scenarios/rtapp/rtappRuns.js';
import type { PhasePass } from '../scenarios/rtapp/threads.js';
import { ofKind, type TraceEvent } from '../sim/traceEvents.js';
import { differencePct, meanOrNull } from './pairedStatistics.js';
import { readRtappLogs, type RtappThreadLog } from './rtappLogs.js';

/** A quantity in the twin and on the board, and the board's difference relative to the twin, %. */
export interface Paired {
  /** The twin's value; null when it has none (no pass). */
  twin: number | null;
  /** The board's value; null when it has none (no log row). */
  board: number | null;
  /** (board - twin) / twin, %; null when either is null or the twin's is 0. */
  differencePct: number | null;
}

/** One task of an rt-app workload: what the twin's threads did against what rt-app logged on the board. */
export interface RtappTaskComparison {
  /** The task's name in the rt-app file. */
  task: string;
  /** Threads (instances) of the task: in the file, and with a log on the board. */
  threads: { twin: number; board: number };
  /** Passes through a phase's events (rt-app's log rows), over all the task's threads. */
  passes: { twin: number; board: number };
  /** Mean time a pass's run and runtime events took, us (rt-app's `run`). */
  runPerPassUs: Paired;
  /** Mean length of a pass, us (rt-app's `period`): the timer's period for a task it paces. */
  passUs: Paired;
  /** Mean run and runtime the file asks for per pass, us (rt-app's `c_duration`), as the board logged it. */
  configuredRunPerPassUs: number | null;
  /** Passes that wait on a timer, and those among them that reached it late (negative slack). */
  timedPasses: { twin: number; board: number };
  /** Timed passes that reached their timer late (negative slack). */
  missedPasses: { twin: number; board: number };
  /** missedPasses / timedPasses, %; null without a timed pass. */
  missedPct: { twin: number | null; board: number | null };
  /** Mean slack of the timed passes, us (rt-app's `slack`). */
  slackUs: Paired;
  /** Mean lateness of the timers' wake-ups on the board, us (rt-app's `wu_lat`; the twin's is 0). */
  wakeupLatencyUs: number | null;
}

/** One rt-app workload of the scenario, task by task (`twinrtm hil compare`). */
export interface RtappWorkloadComparison {
  /** The co-workload's name in the scenario. */
  name: string;
  /** The rt-app file, as the scenario names it. */
  file: string;
  /** Where its logs were looked for. */
  folder: string;
  /** Thread logs read. */
  logs: number;
  /** What the reader should know (no logs, logging disabled), one line each. */
  notes: string[];
  /** Every task the file names, in file order. */
  tasks: RtappTaskComparison[];
}

const paired = (twin: number | null, board: number | null): Paired => ({
  twin,
  board,
  differencePct: differencePct(board, twin),
});

/**
 * The rt-app workloads the board ran itself: a board run (not the twin's) whose trace shows none of
 * the twin's stretches of them (hil run started rt-app in their place).
 */
export function rtappRunsOnBoard(events: readonly TraceEvent[], runs: readonly RtappRun[]): RtappRun[] {
  const run = events.find((e) => e.kind === 'run');
  if (run?.kind !== 'run' || run.board?.kind !== 'real') return [];
  const shown = ofKind(events, 'coworkload').map((e) => e.name);
  return runs.filter((r) => !shown.some((name) => isStretchOf(r, name)));
}

/**
 * The twin's passes of every thread of the workload, by thread index, over the run's window, and every
 * task the file names (in file order, whether or not its threads finished a pass).
 */
function twinPasses(
  run: RtappRun,
  platform: Platform,
  durationS: number,
  powerMode: string | null,
): { threads: Map<number, { task: string; passes: PhasePass[] }>; tasks: RtappFile['tasks'] } {
  const d = SCENARIO_DEFAULTS.rtappCoworkload;
  const out = new Map<number, { task: string; passes: PhasePass[] }>();
  const spec = {
    name: run.name,
    startS: run.startS,
    endS: run.endS,
    unsupported: run.options.unsupported ?? d.unsupported,
    resolutionMs: d.resolutionMs,
    freqMHz: { ...(run.options.freqMHz ?? d.freqMHz) },
    referenceCpu: run.options.referenceCpu ?? null,
    cpus: run.options.cpus ? [...run.options.cpus] : null,
    memoryIntensity: d.memoryIntensity,
  };
  const { workload } = rtappCoworkloads(
    run.text,
    run.file,
    spec,
    { platform, durationS, powerMode },
    (thread, pass) => {
      let t = out.get(thread.index);
      if (!t) {
        t = { task: thread.task, passes: [] };
        out.set(thread.index, t);
      }
      t.passes.push({ ...pass });
    },
  );
  return { threads: out, tasks: workload.tasks };
}

function compareTask(
  task: string,
  twinThreads: number,
  twin: readonly PhasePass[],
  logs: readonly RtappThreadLog[],
): RtappTaskComparison {
  const rows = logs.flatMap((l) => l.rows);
  const twinTimed = twin.filter((p) => p.periodUs > 0);
  const boardTimed = rows.filter((r) => r.timerPeriodUs > 0);
  const twinMissed = twinTimed.filter((p) => p.slackUs < 0).length;
  const boardMissed = boardTimed.filter((r) => r.slackUs < 0).length;
  return {
    task,
    threads: { twin: twinThreads, board: logs.length },
    passes: { twin: twin.length, board: rows.length },
    runPerPassUs: paired(meanOrNull(twin.map((p) => p.runUs)), meanOrNull(rows.map((r) => r.runUs))),
    passUs: paired(meanOrNull(twin.map((p) => p.endUs - p.startUs)), meanOrNull(rows.map((r) => r.periodUs))),
    configuredRunPerPassUs: meanOrNull(rows.map((r) => r.configuredRunUs)),
    timedPasses: { twin: twinTimed.length, board: boardTimed.length },
    missedPasses: { twin: twinMissed, board: boardMissed },
    missedPct: {
      twin: twinTimed.length === 0 ? null : (100 * twinMissed) / twinTimed.length,
      board: boardTimed.length === 0 ? null : (100 * boardMissed) / boardTimed.length,
    },
    slackUs: paired(meanOrNull(twinTimed.map((p) => p.slackUs)), meanOrNull(boardTimed.map((r) => r.slackUs))),
    wakeupLatencyUs: meanOrNull(boardTimed.map((r) => r.wakeupLatencyUs)),
  };
}

/**
 * Compares each workload's rt-app logs, in DIR/NAME/ (as hil run leaves them), with the twin.
 * @param durationS - the run's length (the trace's, which --duration may have changed)
 */
export function compareRtapp(
  runs: readonly RtappRun[],
  dir: string,
  platform: Platform,
  durationS: number,
  powerMode: string | null,
): RtappWorkloadComparison[] {
  return runs.map((run) => {
    const folder = join(dir, run.name);
    const settings = rtappLogSettings(run.text);
    const { threads: twin, tasks: fileTasks } = twinPasses(run, platform, durationS, powerMode);
    const logs = settings.disabled
      ? []
      : readRtappLogs(
          folder,
          settings.logdir,
          settings.basename,
          fileTasks.map((t) => t.name),
        );
    const notes: string[] = [];
    if (settings.disabled) notes.push(`${run.file} sets log_size "disable": rt-app wrote no log`);
    else if (logs.length === 0)
      notes.push(
        `no rt-app log in ${settings.logdir === './' ? folder : `${folder} (logdir ${settings.logdir})`}: hil run --trace TRACE keeps them in TRACE.rtapp/${run.name}/`,
      );
    return {
      name: run.name,
      file: run.file,
      folder,
      logs: logs.length,
      notes,
      tasks: fileTasks.map((task) => {
        const passes = [...twin.values()].filter((t) => t.task === task.name).flatMap((t) => t.passes);
        return compareTask(
          task.name,
          task.instance,
          passes,
          logs.filter((l) => l.task === task.name),
        );
      }),
    };
  });
}
