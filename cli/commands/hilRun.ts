/** `twinrtm hil run`: a scenario under a policy on a real board, in real time. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { InputError } from '../../dnn/inputError.js';
import { scenarioNetwork } from '../../scenarios/loadScenarioFile.js';
import { installRestoreHandlers, restoreBoard } from '../../hil/board/restoreHandlers.js';
import { claimStateFile, defaultStatePath, restoreCommand, writeStateFile } from '../../hil/board/stateFile.js';
import { RealBoard, startBoardWorkloads } from '../../hil/realBoard.js';
import { RemoteBoard, warmAgent } from '../../hil/remoteBoard.js';
import { checkAgentRtapp, RemoteRtapp } from '../../hil/remoteRtapp.js';
import { runHil } from '../../hil/runHil.js';
import { loadPlatformFile } from '../../models/loadPlatformFile.js';
import { platformById } from '../../models/builtinPlatforms.js';
import { parseRuntime } from '../../models/runtimes.js';
import { createBoardPolicy } from '../../policies/registry.js';
import type { Policy } from '../../policies/types.js';
import type { Scenario } from '../../scenarios/types.js';
import type { RunResult } from '../../sim/runLoop.js';
import type { TraceEvent } from '../../sim/traceEvents.js';
import type { Dnn } from '../../dnn/types.js';
import { resolveScenario, rtappRunsOfScenario } from '../../scenarios/builtinScenarios.js';
import { checkOutputFile, openJsonLines } from '../files.js';
import { addHilBoardOptions, openHilBoard, type HilBoardOptions } from '../hilBoard.js';
import { runNote, runPlatform } from '../runRuntime.js';
import { printJson, type Io } from '../io.js';
import { checkBound, HIL_BOUNDS, parseBounded } from '../../hil/bounds.js';
import { AGENT_TOKEN_ENV, resolveAgentToken } from '../../hil/agent/agentToken.js';
import { loadPolicyModule, looksLikePath } from '../loadPolicyModule.js';
import { isPolicySpec, policyFromSpec } from '../policySpec.js';
import { findProgram } from '../findProgram.js';
import { RtappProcesses, type RtappLauncher } from '../../hil/parts/rtappProcesses.js';
import { calibrateRuns } from '../../hil/parts/rtappCalibration.js';
import { calibrationNotes, RtappWindows } from '../../hil/parts/rtappWindows.js';
import { RTAPP_CPU_MODES, rtappRunsForBoard, type RtappCpuMode } from '../../hil/parts/rtappCpus.js';
import { isStretchOf, type RtappRun } from '../../scenarios/rtapp/rtappRuns.js';
import { metricsTable } from './simulate.js';
import { MeasuredTop1Counter, type MeasuredTop1 } from '../../hil/measuredTop1.js';

interface HilRunCliOptions extends Partial<HilBoardOptions> {
  agent?: string;
  token?: string;
  tokenFile?: string;
  policy?: string;
  duration?: string;
  trace?: string;
  stateFile?: string;
  rtappBinary?: string;
  rtappCpus?: string;
  rtappCalibrate?: boolean;
  json?: boolean;
}

export function registerHilRun(hil: Command, io: Io): void {
  addHilBoardOptions(
    hil
      .command('run')
      .description(
        "run a scenario under a policy on a real board in real time: the simulator's loop on the wall clock, the real engine, co-workloads as busy processes",
      )
      .argument(
        '<scenario>',
        "built-in scenario id or scenario JSON file (its platform must be the board's; host-corunner for --board local)",
      ),
    false,
  )
    .option(
      '--policy <name|file>',
      "a built-in policy that runs on a board (see twinrtm policies; with tunables: 'rtm(anytime=1)') or a policy file (default rtm)",
    )
    .option('--agent <url>', 'drive a remote board through its twinrtm agent instead (e.g. http://board:8350)')
    .option('--token-file <file>', `a file (mode 600) holding the agent's bearer token; or set ${AGENT_TOKEN_ENV}`)
    .option(
      '--token <token>',
      `the agent's bearer token on the command line (every local user can read it: prefer --token-file or ${AGENT_TOKEN_ENV})`,
    )
    .option(
      '--runtime <name>',
      "the inference runtime a --workload-cmd, the emulator's workload or the agent's runs on (ts-engine, onnxruntime, pytorch, ncnn, tensorrt), for the trace: the twin and hil compare use its time profile (the built-in engine names its own)",
    )
    .option('--duration <s>', "override the scenario's duration, seconds")
    .option('--trace <file.jsonl>', 'write the trace as JSON Lines while the run goes (same format as simulate)')
    .option('--state-file <path>', 'where the board state saved before the run is kept until it is restored')
    .option(
      '--rtapp-binary <program>',
      "the rt-app that runs the scenario's rt-app co-workloads on a board of this machine (default rt-app, Debian's package)",
    )
    .option(
      '--rtapp-cpus <keep|map>',
      "the cpus of the rt-app files on the board: keep them as written (the default; a cpu the board lacks is refused), or map them by unit from the scenario's platform to the board's online cpus (the k-th cpu of a unit becomes the board's k-th of it; tasks without cpus get the co-workload's)",
    )
    .option(
      '--rtapp-calibrate',
      "calibrate rt-app on each cpu the rt-app files calibrate on before the run's clock starts, and give the files the ns per loop it measured, so each starts its work at once rather than a second or more into its window",
    )
    .option('--json', 'print JSON')
    .action(async (scenarioArg: string, options: HilRunCliOptions) => {
      const base = resolveScenario(scenarioArg);
      const durationS =
        options.duration === undefined
          ? checkBound(`the duration of scenario ${base.id}`, base.durationS, HIL_BOUNDS.durationS)
          : parseBounded('--duration', options.duration, HIL_BOUNDS.durationS);
      // The wall clock keeps these as timers: a period Node would clamp, or one it cannot keep, is refused.
      checkBound(`the controlPeriodMs of scenario ${base.id}`, base.controlPeriodMs, HIL_BOUNDS.controlPeriodMs);
      checkBound(`the sensor.periodMs of scenario ${base.id}`, base.sensor.periodMs, HIL_BOUNDS.sensorPeriodMs);
      const scenario = { ...base, durationS };
      const dnn = scenarioNetwork(base);
      const rtappCpus = parseRtappCpuMode(options.rtappCpus);
      if (options.runtime !== undefined) parseRuntime(options.runtime);
      // Before any board is touched: a policy the board cannot run, or a file that cannot be
      // written, is refused with nothing to restore.
      const policy = await boardPolicy(options.policy ?? 'rtm');
      if (options.trace !== undefined) checkOutputFile('--trace', options.trace);
      if (options.agent === undefined && options.stateFile !== undefined)
        checkOutputFile('--state-file', options.stateFile, { createsDirectory: true });
      if (options.agent !== undefined) {
        // The agent's own command line says what runs the DNN and on which tree; here they would be ignored.
        const ignored = [
          options.engine !== undefined && '--engine',
          options.weights !== undefined && '--weights',
          options.workloadCmd !== undefined && '--workload-cmd',
          options.sysfsRoot !== undefined && '--sysfs-root',
          options.taskset === false && '--no-taskset',
          options.stateFile !== undefined && '--state-file',
        ].filter((o): o is string => o !== false);
        if (ignored.length > 0)
          throw new InputError(
            `${ignored.join(', ')}: options of \`twinrtm agent\` on the board; with --agent they would be ignored`,
          );
        return runOnAgent(scenario, rtappRunsOfScenario(scenarioArg), rtappCpus, dnn, policy, options, io);
      }
      if (options.board === undefined)
        throw new InputError('give --board PROFILE (odroid-xu3, jetson-nano, local) or --agent URL');
      const board = await openHilBoard({ ...options, board: options.board }, dnn, io);
      if (scenario.platform !== board.platform.id) {
        throw new InputError(
          `scenario ${scenario.id} runs on '${scenario.platform}' but board ${options.board} is '${board.platform.id}' (for --board local use host-corunner or a host scenario)`,
        );
      }
      const caps = board.adapter.capabilities();
      if (!caps.units.some((u) => u.onlineCpus.length > 0)) {
        throw new InputError(
          `board ${options.board} under ${options.sysfsRoot ?? '/'} has no online cpu: nothing can run the DNN (units: ${caps.units.map((c) => c.id).join(', ')})`,
        );
      }
      const notes: string[] = [...caps.notes];
      // rt-app co-workloads: the real rt-app runs them on a board of this machine, in place of the
      // twin's stretches of load; an emulated board takes the stretches into its model.
      const rtappRuns = board.emulator ? [] : rtappRunsOfScenario(scenarioArg);
      const rtappBinary = options.rtappBinary ?? 'rt-app';
      if (rtappRuns.length > 0 && findProgram([rtappBinary]) === null) {
        throw new InputError(
          `scenario ${scenario.id} runs rt-app workloads (${rtappRuns.map((r) => r.name).join(', ')}) and ${rtappBinary} is not a program here: install Debian's rt-app (apt-get install rt-app) or give --rtapp-binary`,
        );
      }
      // The files as this board runs them (cpus kept or renumbered), refused before the board is touched.
      const boardRuns = rtappRunsForBoard(rtappRuns, rtappCpus, board.platform, caps.units, options.board);
      notes.push(...boardRuns.notes);
      const runScenario = withoutStretchesOf(scenario, rtappRuns);
      // Opened before the board is touched: a trace that cannot be written leaves nothing to restore.
      const writer = options.trace !== undefined ? openJsonLines(options.trace) : undefined;
      let traced = false;
      let finished = false;
      const statePath = options.stateFile ?? defaultStatePath(options.sysfsRoot ?? '/');
      try {
        claimStateFile(statePath, restoreCommand(options.stateFile, options.sysfsRoot));
      } catch (err) {
        writer?.close();
        if (options.trace !== undefined) rmSync(options.trace, { force: true });
        throw err;
      }
      const state = board.adapter.save();
      writeStateFile(statePath, state, { pid: process.pid, command: 'twinrtm hil run' });
      const uninstall = installRestoreHandlers(board.adapter, state, statePath, { log: (l) => io.err(`${l}\n`) });
      const top1 = new MeasuredTop1Counter();
      const workloads = startBoardWorkloads(board.adapter, board.platform, scenario.initialConfig, board.startWorkload);
      let rtapp: RtappWindows | null = null;
      const processes =
        boardRuns.runs.length === 0
          ? null
          : new RtappProcesses({
              binary: rtappBinary,
              dir: rtappDir(options.trace),
              note: (text) => notes.push(text),
              at: () => rtapp?.elapsedS() ?? 0,
            });
      try {
        // The clock starts once every workload process is warm: start-up is not part of the scenario.
        if (!options.json)
          io.err(`starting ${workloads.size} workload process${workloads.size === 1 ? '' : 'es'}...\n`);
        const warmStarted = Date.now();
        await Promise.all([workloads.warm(), board.adapter.ready?.()]);
        notes.push(
          `workload processes warm and sensors ready after ${((Date.now() - warmStarted) / 1000).toFixed(1)} s, before the run's clock started`,
        );
        if (processes) rtapp = await rtappWindows(boardRuns.runs, processes, durationS, options, notes, io);
        if (!options.json)
          io.err(
            `running ${scenario.id} under ${policy.name} on ${options.board}${board.emulator ? ' (emulated)' : ''} for ${durationS} s (power ${caps.power}; workload: ${board.workload})...\n`,
          );
        notes.push(`the DNN runs in ${board.workload}`);
        notes.push(...board.notes);
        const result = await runHil({
          scenario: runScenario,
          policy,
          platform: board.platform,
          dnn,
          profile: options.board!,
          power: caps.power,
          workload: board.workload,
          ...(board.runtime !== null ? { runtime: board.runtime } : {}),
          createBoard: (events, clock, note, fail) =>
            new RealBoard({
              fail,
              adapter: board.adapter,
              platform: board.platform,
              dnn,
              initialConfig: scenario.initialConfig,
              powerMode: scenario.powerMode ?? board.platform.defaultPowerMode,
              queueLimit: scenario.queueLimit,
              scheduler: clock,
              events,
              workloads,
              coworkloads: board.coworkloads(),
              note,
            }),
          trace: (e: TraceEvent) => {
            // The run's clock starts with its first event: rt-app's windows are on it.
            if (e.kind === 'run') rtapp?.start();
            top1.see(e);
            writer?.write(e);
            traced = true;
          },
          note: (text) => notes.push(text),
        });
        // rt-app stopped before the report, so its notes say how each workload ended.
        await rtapp?.stop();
        report(
          io,
          options,
          scenario.id,
          `${options.board} (${board.platform.id})`,
          caps.power,
          notes,
          result,
          top1.result(),
        );
        finished = true;
      } finally {
        await rtapp?.stop();
        await workloads.close();
        writer?.close();
        // A run refused before its first event leaves no empty trace behind.
        if (!finished && !traced && options.trace !== undefined) rmSync(options.trace, { force: true });
        restoreBoard(board.adapter, state, statePath, (l) => io.err(`${l}\n`));
        uninstall();
      }
    });
}

/**
 * The rt-app workloads over their windows, calibrated first (after the warm-up, on the quiet board)
 * with --rtapp-calibrate; otherwise a note for each file that calibrates when it starts.
 */
async function rtappWindows(
  runs: RtappRun[],
  launcher: RtappLauncher,
  durationS: number,
  options: HilRunCliOptions,
  notes: string[],
  io: Io,
): Promise<RtappWindows> {
  let ready = runs;
  if (options.rtappCalibrate) {
    if (!options.json) io.err('calibrating rt-app (a second or more per cpu)...\n');
    const c = await calibrateRuns(runs, (cpu) => launcher.calibrate(cpu));
    ready = c.runs;
    notes.push(...c.notes);
  } else {
    notes.push(...calibrationNotes(runs));
  }
  return new RtappWindows(ready, durationS, launcher, (text) => notes.push(text));
}

function parseRtappCpuMode(value: string | undefined): RtappCpuMode {
  if (value === undefined) return 'keep';
  if (!(RTAPP_CPU_MODES as readonly string[]).includes(value))
    throw new InputError(`--rtapp-cpus '${value}' is not one of ${RTAPP_CPU_MODES.join(', ')}`);
  return value as RtappCpuMode;
}

/** Where rt-app's files, output and logs go: beside the trace (TRACE.rtapp/), else a temporary folder. */
function rtappDir(trace: string | undefined): string {
  return trace !== undefined ? `${trace}.rtapp` : mkdtempSync(join(tmpdir(), 'twinrtm-rtapp-'));
}

/** The scenario without the twin's stretches of these rt-app workloads: the real rt-app runs them. */
function withoutStretchesOf(scenario: Scenario, runs: readonly RtappRun[]): Scenario {
  return runs.length === 0
    ? scenario
    : { ...scenario, coworkloads: scenario.coworkloads.filter((c) => !runs.some((r) => isStretchOf(r, c.name))) };
}

/** The one policy a board runs: a built-in that needs no foresight, or a policy file. */
async function boardPolicy(arg: string): Promise<Policy> {
  if (looksLikePath(arg)) return loadPolicyModule(arg);
  if (arg === 'all') throw new InputError('hil run runs one policy: give --policy NAME (--policy all is for simulate)');
  if (isPolicySpec(arg)) return policyFromSpec(arg, createBoardPolicy);
  return createBoardPolicy(arg);
}

function report(
  io: Io,
  options: HilRunCliOptions,
  scenario: string,
  where: string,
  power: string,
  notes: readonly string[],
  result: RunResult,
  measured: MeasuredTop1 | null,
): void {
  if (options.json) {
    printJson(io, {
      scenario,
      board: where,
      power,
      notes: [...new Set(notes)],
      results: [{ policy: result.policy, metrics: result.metrics, measuredTop1: measured }],
    });
    return;
  }
  io.out(
    `${scenario} on ${where}, ${result.metrics.simulatedS.toFixed(1)} s real time; power ${power}${power === 'modelled' ? ' (no sensor: energy and power come from the model)' : ''}\n`,
  );
  for (const n of [...new Set(notes)]) io.out(`note: ${n}\n`);
  io.out(`\n${metricsTable([{ policy: result.policy, metrics: result.metrics }])}`);
  if (measured !== null) {
    const table = result.metrics.meanAccuracy === null ? 'unmeasured' : result.metrics.meanAccuracy.toFixed(3);
    io.out(
      `measured top-1: ${measured.top1.toFixed(3)} (${measured.correct} right of ${measured.images} inferences on labelled test images); the network's table for the groups run: ${table}\n`,
    );
  }
}

/**
 * The same run on a board served by `twinrtm agent`: the agent keeps the board safe (its watchdog
 * restores it). rt-app workloads run on the agent's machine, their logs brought back beside the trace.
 */
async function runOnAgent(
  scenario: Scenario,
  rtappRuns: readonly RtappRun[],
  rtappCpus: RtappCpuMode,
  dnn: Dnn,
  policy: Policy,
  options: HilRunCliOptions,
  io: Io,
): Promise<void> {
  const token = resolveAgentToken(options, process.env, (line) => io.err(`${line}\n`));
  const connection = await RemoteBoard.connect(options.agent!, token);
  const base =
    options.platformFile !== undefined
      ? loadPlatformFile(options.platformFile)
      : platformById(connection.capabilities.platform);
  // --runtime: what the agent's workload runs on, as the user knows it (the agent does not say).
  const runtime = options.runtime === undefined ? null : parseRuntime(options.runtime);
  const onRuntime = runPlatform(
    base,
    runtime,
    base.units.map((u) => u.id),
  );
  const platform = onRuntime.platform;
  if (scenario.platform !== platform.id)
    throw new InputError(
      `scenario ${scenario.id} runs on '${scenario.platform}' but the agent's board is '${platform.id}'`,
    );
  if (options.rtappBinary !== undefined && rtappRuns.length > 0)
    throw new InputError('--rtapp-binary names the rt-app of this machine; with --agent the agent starts its own');
  // Refused before the run: an agent without rt-app, or a cpu its board lacks.
  await checkAgentRtapp(connection, scenario.id, rtappRuns);
  const boardRuns = rtappRunsForBoard(
    rtappRuns,
    rtappCpus,
    platform,
    connection.capabilities.units,
    `at ${options.agent}`,
  );
  const notes: string[] = [...connection.capabilities.notes, ...boardRuns.notes];
  const runtimeNote = runNote(runtime, onRuntime);
  if (runtimeNote !== null) notes.push(runtimeNote);
  const writer = options.trace !== undefined ? openJsonLines(options.trace) : undefined;
  const top1 = new MeasuredTop1Counter();
  // The clock starts on a warm board: the agent's workload started and its first inferences run.
  if (!options.json) io.err(`starting the workload on the agent at ${options.agent}...\n`);
  await warmAgent(connection, scenario.initialConfig);
  let rtapp: RtappWindows | null = null;
  if (boardRuns.runs.length > 0) {
    const dir = rtappDir(options.trace);
    rtapp = await rtappWindows(
      boardRuns.runs,
      new RemoteRtapp(connection, dir),
      scenario.durationS,
      options,
      notes,
      io,
    );
    notes.push(`rt-app runs on the agent's machine; its files, output and logs are in ${dir}`);
  }
  if (!options.json)
    io.err(
      `running ${scenario.id} under ${policy.name} on the agent at ${options.agent} for ${scenario.durationS} s...\n`,
    );
  const runScenario = withoutStretchesOf(scenario, rtappRuns);
  try {
    const result = await runHil({
      scenario: runScenario,
      policy,
      platform,
      dnn,
      profile: connection.capabilities.profile,
      power: connection.capabilities.power,
      ...(runtime !== null ? { runtime } : {}),
      createBoard: (events, clock, note) =>
        new RemoteBoard({
          connection,
          platform,
          dnn,
          initialConfig: scenario.initialConfig,
          powerMode: scenario.powerMode ?? platform.defaultPowerMode,
          queueLimit: scenario.queueLimit,
          scheduler: clock,
          events,
          note,
        }),
      trace: (e: TraceEvent) => {
        if (e.kind === 'run') rtapp?.start();
        top1.see(e);
        writer?.write(e);
      },
      note: (text) => notes.push(text),
    });
    await rtapp?.stop();
    report(
      io,
      options,
      scenario.id,
      `the agent at ${options.agent} (${platform.id})`,
      connection.capabilities.power,
      notes,
      result,
      top1.result(),
    );
  } finally {
    await rtapp?.stop();
    writer?.close();
  }
}
