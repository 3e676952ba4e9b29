/** `twinrtm hil compare TRACE.jsonl`: the twin's predictions against what a run measured. */
import type { Command } from 'commander';
import type { AccuracyMetrics } from '../../calibration/accuracyMetrics.js';
import { networkById } from '../../dnn/builtinNetworks.js';
import { InputError } from '../../dnn/inputError.js';
import { compareRuns } from '../../hil/compareRuns.js';
import { compareTrace } from '../../hil/compareTrace.js';
import { compareRtapp, rtappRunsOnBoard, type RtappWorkloadComparison } from '../../hil/compareRtapp.js';
import { isStretchOf } from '../../scenarios/rtapp/rtappRuns.js';
import { anytimeStops, type AnytimeStops } from '../../hil/anytimeStops.js';
import { loadPlatformFile } from '../../models/loadPlatformFile.js';
import { platformById } from '../../models/builtinPlatforms.js';
import { resolveScenario, rtappRunsOfScenario } from '../../scenarios/builtinScenarios.js';
import type { Scenario } from '../../scenarios/types.js';
import type { Platform, RuntimeName } from '../../models/types.js';
import { parseRuntime, RUNTIME_NAMES, runtimesOfUnit, withRuntime } from '../../models/runtimes.js';
import { calibrateAdvice, runPlatform, type RunPlatform } from '../runRuntime.js';
import { simulate } from '../../sim/simulate.js';
import { resolvePolicies } from './simulate.js';
import { controlLatency } from '../../hil/controlLatency.js';
import type { TraceEvent } from '../../sim/traceEvents.js';
import { readTextFile, readTrace } from '../files.js';
import { printJson, type Io } from '../io.js';
import type { CompareJson, Rerun } from '../outputTypes.js';
import { accuracyOf } from '../../dnn/accuracyOf.js';
import type { Dnn } from '../../dnn/types.js';
import { MeasuredTop1Counter, type MeasuredTop1 } from '../../hil/measuredTop1.js';
import { parseNumber } from '../parse.js';
import { fixed, formatTable } from '../table.js';
import { describeValue, eventProblem, isObject, type EventFields } from '../traceFields.js';

/**
 * The fields hil compare reads of each kind of event (compareTrace, compareRuns, controlLatency,
 * measured top-1, anytime stops), checked before any is used (cli/traceFields.ts).
 */
const READS: EventFields = {
  run: {
    scenario: 'string',
    policy: 'string',
    seed: 'number',
    platform: 'string',
    dnn: 'string',
    durationS: 'number',
    board: 'object?',
  },
  decision: { t: 'number', config: 'config' },
  apply: { t: 'number', config: 'config' },
  coworkload: { t: 'number', name: 'string', event: 'string' },
  inference: {
    groups: 'number',
    unit: 'string',
    cores: 'number',
    freqMHz: 'number',
    startMs: 'number',
    endMs: 'number',
    latencyMs: 'number',
    serviceMs: 'number',
    energyMJ: 'number',
    correct: 'boolean?',
    confidenceThreshold: 'number?',
    groupLimit: 'number?',
  },
  sensor: { t: 'number', freqMHz: 'numbers', temperatureC: 'numbers', truePowerW: 'number' },
  end: { t: 'number', metrics: 'object' },
};

/** What is wrong with an event, in words; null when hil compare can read it. */
function comparedEventProblem(e: unknown, groups: number | null): string | null {
  const problem = eventProblem(e, READS);
  if (problem !== null) return problem;
  const board = (e as Record<string, unknown>).board;
  if (
    (e as { kind: string }).kind === 'run' &&
    isObject(board) &&
    board.runtime !== undefined &&
    !(RUNTIME_NAMES as readonly unknown[]).includes(board.runtime)
  ) {
    return `the run event's board.runtime is ${describeValue(board.runtime)}; expected one of ${RUNTIME_NAMES.join(', ')}`;
  }
  const limit = (e as Record<string, unknown>).groupLimit;
  if (
    (e as { kind: string }).kind === 'inference' &&
    limit !== undefined &&
    groups !== null &&
    !(Number.isInteger(limit) && (limit as number) >= 1 && (limit as number) <= groups)
  ) {
    return `the inference event's groupLimit is ${describeValue(limit)}; expected a whole number 1..${groups}`;
  }
  return null;
}

/**
 * The trace's events, each checked; a bad one is refused naming path:line (lines are read again to
 * find it, on that path only).
 */
function readComparedTrace(path: string): TraceEvent[] {
  const events: unknown[] = readTrace(path);
  const run = events.find((e) => isObject(e) && e.kind === 'run');
  const runProblem = run === undefined ? null : comparedEventProblem(run, null);
  const groups = run === undefined || runProblem !== null ? null : networkById((run as { dnn: string }).dnn).groups;
  for (const [k, e] of events.entries()) {
    const problem = comparedEventProblem(e, groups);
    if (problem === null) continue;
    // readTrace keeps every line but blank ones (and a torn last one): event k is the k-th of the others.
    const line =
      readTextFile(path)
        .split('\n')
        .map((l, i) => [l, i + 1] as const)
        .filter(([l]) => l.trim() !== '')[k]?.[1] ?? k + 1;
    throw new InputError(
      `${path}:${line}: ${problem} (hil compare reads traces written by hil run --trace or simulate --trace)`,
    );
  }
  return events as TraceEvent[];
}

const row = (what: string, m: AccuracyMetrics | null) => [
  what,
  m?.n ?? 0,
  fixed(m?.mape ?? null, 2),
  fixed(m === null ? null : 100 * m.within10, 1),
  fixed(m?.spearman ?? null, 3),
];

export function registerHilCompare(hil: Command, io: Io): void {
  hil
    .command('compare')
    .description(
      "replay a run's trace in the twin: predicted against measured latency, power and energy, per window and overall",
    )
    .argument('<trace.jsonl>', 'a trace written by hil run (or simulate) with --trace')
    .option('--scenario <id|file>', "the run's scenario when it was not a built-in one")
    .option('--platform-file <file>', 'the platform model to compare with (e.g. a calibrated one)')
    .option(
      '--runtime <name>',
      "the inference runtime whose time profiles the twin predicts with (ts-engine, onnxruntime, pytorch, ncnn, tensorrt; default: the run's, named in its trace, where the platform has a profile for it on every unit the run used)",
    )
    .option('--window <s>', 'window length for the per-window table, seconds (default 1)')
    .option(
      '--simulate',
      'also run the same scenario, policy, seed and duration in the twin and compare the two runs (the null test, for a run on an emulated board)',
    )
    .option('--policy <name|file>', "the run's policy for --simulate when it was a policy file")
    .option(
      '--rtapp-logs <dir>',
      "where hil run left the rt-app workloads' files and logs, a folder per workload (default TRACE.rtapp)",
    )
    .option('--json', 'print JSON')
    .action(
      async (
        path: string,
        options: {
          scenario?: string;
          platformFile?: string;
          runtime?: string;
          window?: string;
          simulate?: boolean;
          policy?: string;
          rtappLogs?: string;
          json?: boolean;
        },
      ) => {
        const events = readComparedTrace(path);
        const run = events.find((e) => e.kind === 'run');
        if (run?.kind !== 'run') throw new InputError(`${path} has no run event: not a twinrtm trace`);
        const scenario = resolveScenario(options.scenario ?? run.scenario);
        const base =
          options.platformFile !== undefined ? loadPlatformFile(options.platformFile) : platformById(run.platform);
        const runRuntime = run.board?.kind === 'real' ? (run.board.runtime ?? null) : null;
        const chosen = options.runtime === undefined ? null : parseRuntime(options.runtime);
        const used = unitsUsed(events, scenario);
        // The replay predicts with the runtime's profiles on the units the run used; the twin's own
        // run (--simulate) gets the platform the run's policy had (every unit: cli/hilBoard.ts).
        const on =
          chosen !== null
            ? { platform: chosenRuntime(base, chosen, used), runtime: chosen, missing: null }
            : runPlatform(base, runRuntime, used);
        const platform = on.platform;
        const rerunPlatform =
          chosen !== null
            ? platform
            : runPlatform(
                base,
                runRuntime,
                base.units.map((u) => u.id),
              ).platform;
        const runtimeNote =
          on.missing === null
            ? null
            : `the run's runtime is ${runRuntime}, and ${on.missing}; give --runtime NAME, or ${calibrateAdvice(runRuntime!)}`;
        const windowS = options.window === undefined ? 1 : parseNumber('--window', options.window);
        if (!(windowS > 0)) throw new InputError(`--window ${windowS} must be above 0 seconds`);
        // rt-app workloads the board ran with the real rt-app: not in the trace, so given to the replay
        // as the twin's stretches of them, and their logs set against the twin's threads.
        const onBoard = rtappRunsOnBoard(events, rtappRunsOfScenario(options.scenario ?? run.scenario));
        const replayed = scenario.coworkloads.filter((cw) => onBoard.some((r) => isStretchOf(r, cw.name)));
        const c = compareTrace(events, scenario, platform, networkById(run.dnn), windowS, replayed);
        const rtapp = compareRtapp(
          onBoard,
          options.rtappLogs ?? `${path}.rtapp`,
          platform,
          run.durationS,
          scenario.powerMode ?? null,
        );
        const runs = options.simulate
          ? await simulateAgain(events, run, scenario, rerunPlatform, options.policy)
          : null;
        const anytime = anytimeStops(events, networkById(run.dnn));
        const top1 = topOne(events, networkById(run.dnn), anytime);
        if (options.json) {
          const json: CompareJson = runs
            ? { ...c, runRuntime, runtimeNote, top1, anytime, rtapp, runs }
            : { ...c, runRuntime, runtimeNote, top1, anytime, rtapp };
          return printJson(io, json);
        }
        io.out(
          `${c.scenario} under ${c.policy} on ${run.platform}: twin against the run (power ${c.power}${runtimeHeader(on, chosen, runRuntime)})\n`,
        );
        if (runtimeNote !== null) io.out(`note: ${runtimeNote}\n`);
        io.out('\n');
        io.out(
          formatTable(
            [
              { header: 'quantity' },
              { header: 'n', right: true },
              { header: 'MAPE %', right: true },
              { header: '+-10 %', right: true },
              { header: 'Spearman', right: true },
            ],
            [
              row('latency (service)', c.latency),
              row('energy per inference', c.energy),
              row('power per sensor window', c.powerAccuracy),
            ],
          ),
        );
        if (c.power === 'modelled') io.out('power and energy were modelled on this board (no sensor): not compared\n');
        if (top1.measured !== null) {
          io.out(
            `top-1: measured ${fixed(top1.measured.top1, 3)} (${top1.measured.correct} right of ${top1.measured.images} inferences on labelled test images); the twin's for the groups run (anytime: its measured images'): ${fixed(top1.table, 3)}\n`,
          );
        }
        for (const a of anytime) printStops(io, a);
        if (replayed.length > 0)
          io.out(
            `the twin's replay includes the load of rt-app workload${onBoard.length === 1 ? '' : 's'} ${onBoard.map((r) => r.name).join(', ')} (${replayed.length} stretch${replayed.length === 1 ? '' : 'es'} of the scenario's timeline), which the board ran with the real rt-app\n`,
          );
        for (const w of rtapp) printRtapp(io, w);
        io.out('\n');
        io.out(
          formatTable(
            [
              { header: 'window s', right: true },
              { header: 'inferences', right: true },
              { header: 'latency ms meas.', right: true },
              { header: 'pred.', right: true },
              { header: 'power W meas.', right: true },
              { header: 'pred.', right: true },
            ],
            c.windows.map((w) => [
              `${w.startS}-${w.endS}`,
              w.inferences,
              fixed(w.measuredLatencyMs, 3),
              fixed(w.predictedLatencyMs, 3),
              fixed(w.measuredPowerW, 3),
              fixed(w.predictedPowerW, 3),
            ]),
          ),
        );
        if (runs) printAgreement(io, runs);
      },
    );
}

/** The units a run's DNN was on: the scenario's first configuration's, those applied, those inferences ran on. */
function unitsUsed(events: readonly TraceEvent[], scenario: Scenario): string[] {
  const units = new Set([scenario.initialConfig.unit]);
  for (const e of events) {
    if (e.kind === 'apply') units.add(e.config.unit);
    else if (e.kind === 'inference') units.add(e.unit);
  }
  return [...units];
}

/**
 * The platform on the runtime --runtime names: refused in one line when no unit has a profile for
 * it (withRuntime), or when a unit the run used has none (the user asked for it; no fallback).
 */
function chosenRuntime(base: Platform, runtime: RuntimeName, used: readonly string[]): Platform {
  const platform = withRuntime(base, runtime);
  const lacking = base.units.find((u) => used.includes(u.id) && !runtimesOfUnit(base, u).includes(runtime));
  if (lacking !== undefined)
    throw new InputError(
      `--runtime ${runtime}: unit ${lacking.id} of ${base.id}, which the run used, has no time profile for it (its profiles: ${runtimesOfUnit(base, lacking).join(', ') || 'unnamed'})`,
    );
  return platform;
}

/** The header's words for the runtime the twin predicted with; empty for a run that names none. */
function runtimeHeader(on: RunPlatform, chosen: RuntimeName | null, runRuntime: RuntimeName | null): string {
  if (chosen !== null)
    return `; runtime ${chosen} (--runtime${runRuntime !== null ? `; the run's: ${runRuntime}` : ''})`;
  if (runRuntime === null) return '';
  return on.runtime !== null
    ? `; runtime ${on.runtime}, the run's`
    : `; each unit's own time profile: the platform has none for the run's ${runRuntime}`;
}

/** One rt-app workload: per task, rt-app's logs against the twin's threads. */
function printRtapp(io: Io, w: RtappWorkloadComparison): void {
  io.out(
    `\nrt-app workload ${w.name} (${w.file}): ${w.logs} thread log${w.logs === 1 ? '' : 's'} in ${w.folder}; the twin's threads at the co-workload's clocks\n`,
  );
  for (const n of w.notes) io.out(`note: ${n}\n`);
  const us = (x: number | null) => fixed(x, 0);
  io.out(
    formatTable(
      [
        { header: 'task' },
        { header: 'passes twin', right: true },
        { header: 'board', right: true },
        { header: 'run us/pass twin', right: true },
        { header: 'board', right: true },
        { header: 'pass us twin', right: true },
        { header: 'board', right: true },
        { header: 'missed % twin', right: true },
        { header: 'board', right: true },
        { header: 'slack us twin', right: true },
        { header: 'board', right: true },
        { header: 'wake-up us', right: true },
      ],
      w.tasks.map((t) => [
        t.task,
        t.passes.twin,
        t.passes.board,
        us(t.runPerPassUs.twin),
        us(t.runPerPassUs.board),
        us(t.passUs.twin),
        us(t.passUs.board),
        fixed(t.missedPct.twin, 1),
        fixed(t.missedPct.board, 1),
        us(t.slackUs.twin),
        us(t.slackUs.board),
        us(t.wakeupLatencyUs),
      ]),
    ),
  );
}

/** Where the run's anytime inferences at one threshold and limit stopped, beside the twin's shares. */
function printStops(io: Io, a: AnytimeStops): void {
  const m = a.meanGroups;
  const twin =
    m.expected === null
      ? 'the network has no measured images to compare with'
      : `the twin's ${fixed(m.expected, 3)} (standard error of the run's mean ${fixed(m.standardError, 3)})`;
  io.out(
    `\nanytime inference at threshold ${a.threshold}, at most ${a.groupLimit} groups: ${a.inferences} inferences, mean g ${fixed(m.measured, 3)}; ${twin}\n`,
  );
  io.out(
    formatTable(
      [
        { header: 'stopped at g', right: true },
        { header: 'run', right: true },
        { header: 'run %', right: true },
        { header: 'twin %', right: true },
      ],
      a.measured.map((count, k) => [
        k + 1,
        count,
        fixed((100 * count) / a.inferences, 1),
        a.expected === null ? '' : fixed(100 * a.expected[k]!, 1),
      ]),
    ),
  );
}

/** Top-1 as the run measured it (null without labelled images) beside the table value the twin uses. */
function topOne(
  events: readonly TraceEvent[],
  dnn: Dnn,
  anytime: readonly AnytimeStops[],
): { measured: MeasuredTop1 | null; table: number | null } {
  const counter = new MeasuredTop1Counter();
  // An anytime inference answers as the measured images do at its threshold and limit (anytimeStops'
  // expectedTop1), not as the fixed network of the g it stopped at (the images that stop early are
  // the easy ones).
  const expected = (g: number, threshold: number | undefined, limit: number | undefined): number | null => {
    const row =
      threshold === undefined ? undefined : anytime.find((a) => a.threshold === threshold && a.groupLimit === limit);
    return row === undefined || row.expectedTop1 === null ? accuracyOf(dnn, g) : row.expectedTop1;
  };
  let sum: number | null = 0;
  let n = 0;
  for (const e of events) {
    counter.see(e);
    if (e.kind !== 'inference') continue;
    const a = expected(e.groups, e.confidenceThreshold, e.groupLimit);
    sum = a === null || sum === null ? null : sum + a;
    n++;
  }
  return { measured: counter.result(), table: n === 0 || sum === null ? null : sum / n };
}

/**
 * The same scenario, policy, seed and duration as the run, in the twin, with the run's median control
 * latency (a board's decisions take effect milliseconds after their tick; the twin's at once unless
 * told); the two runs compared.
 */
async function simulateAgain(
  events: readonly TraceEvent[],
  run: Extract<TraceEvent, { kind: 'run' }>,
  scenario: Scenario,
  platform: Platform,
  policyArg: string | undefined,
): Promise<Rerun> {
  const [policy] = await resolvePolicies([policyArg ?? run.policy]);
  if (policy!.name !== run.policy)
    throw new InputError(`the run's policy is ${run.policy}, but --policy gives ${policy!.name}`);
  const latency = run.board?.kind === 'real' ? controlLatency(events, scenario.controlPeriodMs) : null;
  const twin: TraceEvent[] = [];
  simulate({ ...scenario, seed: run.seed, durationS: run.durationS }, policy!, {
    platform,
    trace: (e) => twin.push(e),
    ...(latency ? { controlLatencyMs: latency.medianMs } : {}),
  });
  return { ...compareRuns(twin, events), controlLatency: latency };
}

function printAgreement(io: Io, r: Rerun): void {
  const f = fixed;
  const l = r.controlLatency;
  const given = l
    ? `, its decisions in force ${f(l.medianMs, 2)} ms after their tick as the run's were (median of ${l.decisions}; p5 ${f(l.p5Ms, 2)}, p95 ${f(l.p95Ms, 2)} ms)`
    : '';
  io.out(`\nthe same scenario, policy and seed in the twin (the null test)${given}:\n\n`);
  io.out(
    formatTable(
      [
        { header: 'quantity' },
        { header: 'twin', right: true },
        { header: 'run', right: true },
        { header: 'difference', right: true },
      ],
      [
        [
          'inferences',
          r.inferences.twin,
          r.inferences.board,
          `${r.sameConfiguration} of ${r.inferences.paired} paired ran alike`,
        ],
        [
          'mean latency ms',
          f(r.meanLatencyMs.twin, 3),
          f(r.meanLatencyMs.board, 3),
          `${f(r.meanLatencyMs.differencePct, 2)} %`,
        ],
        [
          'DNN time ms (alike pairs)',
          f(r.serviceMs.twin, 3),
          f(r.serviceMs.board, 3),
          `median ${f(r.serviceMs.medianDifferencePct, 3)} %, at most ${f(r.serviceMs.maxDifferencePct, 3)} %`,
        ],
        [
          'energy per inference mJ',
          f(r.energyPerInferenceMJ.twin, 3),
          f(r.energyPerInferenceMJ.board, 3),
          `${f(r.energyPerInferenceMJ.differencePct, 2)} %`,
        ],
        [
          'deadline misses %',
          f(r.deadlineMissRate.twin === null ? null : 100 * r.deadlineMissRate.twin, 1),
          f(r.deadlineMissRate.board === null ? null : 100 * r.deadlineMissRate.board, 1),
          `${f(r.deadlineMissRate.differencePoints, 1)} points`,
        ],
        [
          'configurations put in force',
          r.decisions.twin,
          r.decisions.board,
          r.decisions.identical
            ? `the same sequence, shifted by ${f(r.decisions.medianShiftMs, 1)} ms (median), ${f(r.decisions.maxShiftMs, 1)} ms (max)`
            : `the first ${r.decisions.samePrefix} the same`,
        ],
        ['time in the same configuration %', '', '', f(r.sameConfigurationTimePct, 1)],
      ],
    ),
  );
}
