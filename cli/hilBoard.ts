/**
 * The options every hil command shares, and what they build: the board adapter over its sysfs root,
 * the platform model it corresponds to, and the workload starter (the built-in engine or a command).
 */
import { statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import type { Command } from 'commander';
import { chooseEngine } from '../dnn/engine/chooseEngine.js';
import { defaultWeightsPath } from '../dnn/engine/defaultWeights.js';
import { InputError } from '../dnn/inputError.js';
import type { Dnn } from '../dnn/types.js';
import { createBoardAdapter, parseBoardProfile } from '../hil/board/adapter.js';
import { createSysfsRoot } from '../hil/board/sysfsRoot.js';
import type { BoardAdapter } from '../hil/types.js';
import { engineRunnerCommand, hasTaskset } from '../hil/workload/engineCommand.js';
import { WorkloadProcess } from '../hil/workload/workloadProcess.js';
import { leashCommand } from '../hil/workload/leash.js';
import { EmulatedCoworkloads } from '../hil/emulator/emulatedCoworkloads.js';
import { readEmulatorMarker, type EmulatorMarker } from '../hil/emulator/emulatorMarker.js';
import { emulatedWorkloadCommand } from '../hil/emulator/workloadCommand.js';
import { BusyCoworkloads, type Coworkloads } from '../hil/parts/coworkloads.js';
import { platformById } from '../models/builtinPlatforms.js';
import { loadPlatformFile } from '../models/loadPlatformFile.js';
import { ENGINE_RUNTIMES, parseRuntime } from '../models/runtimes.js';
import type { Platform, RuntimeName } from '../models/types.js';
import type { Io } from './io.js';
import { runNote, runPlatform } from './runRuntime.js';

export interface HilBoardOptions {
  board: string;
  sysfsRoot?: string;
  platformFile?: string;
  workloadCmd?: string;
  weights?: string;
  engine?: string;
  /** commander's --no-taskset */
  taskset?: boolean;
  /** hil run's --runtime: the inference runtime of a --workload-cmd or of the emulator's workload. */
  runtime?: string;
}

export function addHilBoardOptions(command: Command, boardRequired = true): Command {
  const board = 'odroid-xu3, jetson-nano or local (any Linux machine)';
  return (
    boardRequired ? command.requiredOption('--board <profile>', board) : command.option('--board <profile>', board)
  )
    .option('--sysfs-root <dir>', 'read and write sysfs under this directory instead of / (a fake tree for tests)')
    .option(
      '--platform-file <file>',
      "the platform model to use instead of the board's built-in one (e.g. a calibrated file)",
    )
    .option(
      '--workload-cmd <command>',
      'run this command as the DNN workload instead of the built-in engine (JSON Lines protocol, see the README; split on spaces)',
    )
    .option(
      '--weights <manifest.json|random>',
      "the built-in engine's weights (default: the network's committed trained weights, dnn/weights/; random: seeded random ones)",
    )
    .option(
      '--engine <ts|onnx|torch>',
      'the built-in workload: onnx (ONNX Runtime over the per-group files, dnn/weights/ID/onnx/; the default where it loads), ts (the TypeScript engine; the default elsewhere, and with --weights random) or torch (PyTorch under /usr/bin/python3 or $TWINRTM_PYTHON, dnn/train/runner.py; a GPU unit on CUDA)',
    )
    .option(
      '--no-taskset',
      "do not pin processes to the unit's cpus (a fake --sysfs-root tree names cpus this machine may not have)",
    );
}

export interface HilBoard {
  adapter: BoardAdapter;
  /** The board's model, on the workload's runtime's time profiles where every unit has one. */
  platform: Platform;
  /** The inference runtime the workload runs on (the built-in engine's, or --runtime); null: unknown. */
  runtime: RuntimeName | null;
  taskset: boolean;
  startWorkload(unit: string, cores: number, cpus: readonly number[]): WorkloadProcess;
  /** What runs the DNN, in words, for the run's header and trace. */
  workload: string;
  /** What the user should know before trusting a comparison with the twin (printed when the work starts). */
  notes: string[];
  /** The emulator keeping the tree alive, when the tree is an emulated board's. */
  emulator: EmulatorMarker | null;
  /** How the scenario's co-workloads are made real: busy processes, or the emulator's model. */
  coworkloads(): Coworkloads;
}

/** Refuses a path option that must name an existing directory or file, before any board is touched. */
function checkExisting(option: string, path: string, want: 'directory' | 'file'): void {
  let isDirectory: boolean;
  try {
    isDirectory = statSync(path).isDirectory();
  } catch {
    throw new InputError(`${option} ${path} does not exist`);
  }
  if (isDirectory !== (want === 'directory'))
    throw new InputError(`${option} ${path} is ${isDirectory ? 'a directory' : 'a file'}; expected a ${want}`);
}

export async function openHilBoard(options: HilBoardOptions, dnn: Dnn, io: Io): Promise<HilBoard> {
  if (options.sysfsRoot !== undefined) checkExisting('--sysfs-root', options.sysfsRoot, 'directory');
  if (options.weights !== undefined && options.weights !== 'random')
    checkExisting('--weights', options.weights, 'file');
  if (options.engine !== undefined && options.workloadCmd !== undefined)
    throw new InputError('--engine and --workload-cmd both say what runs the DNN: give one of them');
  if (options.engine !== undefined && options.engine !== 'ts' && options.weights === 'random')
    throw new InputError(`--weights random runs only on the TypeScript engine: give --engine ts`);
  const named = options.runtime === undefined ? null : parseRuntime(options.runtime);
  const adapter = createBoardAdapter(parseBoardProfile(options.board), createSysfsRoot(options.sysfsRoot ?? '/'));
  const caps = adapter.capabilities();
  const base =
    options.platformFile !== undefined ? loadPlatformFile(options.platformFile) : platformById(caps.platform);
  if (base.id !== caps.platform)
    throw new InputError(`the platform file is for '${base.id}' but board ${options.board} is '${caps.platform}'`);
  const external = options.workloadCmd
    ?.trim()
    .split(/\s+/)
    .filter((s) => s !== '');
  if (external && external.length === 0) throw new InputError('--workload-cmd is empty');
  // Refused here, before the board is touched: spawn would throw it as an internal error after the state file is written.
  if (external?.some((part) => part.includes('\0')))
    throw new InputError('--workload-cmd holds a NUL character: no program name or argument can hold one');
  const root = options.sysfsRoot ?? '/';
  const emulator = readEmulatorMarker(root);
  if (emulator !== null && emulator.board !== caps.profile) {
    throw new InputError(
      `the tree at ${root} is an emulated ${emulator.board}, not a ${options.board}: give --board ${emulator.board}`,
    );
  }
  // On an emulated board the emulated workload runs the DNN, unless a workload is asked for by name.
  const emulated =
    emulator !== null && external === undefined && options.weights === undefined && options.engine === undefined;
  const choice =
    emulated || external
      ? null
      : await chooseEngine(
          dnn,
          options.engine,
          options.weights === 'random' ? null : (options.weights ?? defaultWeightsPath(dnn.id) ?? null),
        );
  const engine = choice?.engine;
  const runtime = engine !== undefined ? ENGINE_RUNTIMES[engine] : named;
  if (named !== null && runtime !== named)
    throw new InputError(
      `--runtime ${named}: the built-in ${engine} engine runs ${runtime}; --runtime names the runtime of a --workload-cmd or of the emulator's workload`,
    );
  // A runtime without a profile is a note, not a refusal (cli/runRuntime.ts says why): the run and
  // the policy go on with each unit's own profile, and hil compare says the same.
  const onRuntime = runPlatform(
    base,
    runtime,
    base.units.map((u) => u.id),
  );
  const platform = onRuntime.platform;
  const note = runNote(runtime, onRuntime);
  const notes = note === null ? [] : [note];
  const taskset = !emulated && options.taskset !== false && hasTaskset();
  if (taskset) checkCpusExist(platform, options.board);
  const workload = emulated
    ? `the emulator's (pid ${emulator.pid})`
    : external
      ? `the command ${external.join(' ')}`
      : `the built-in ${engine === 'onnx' ? 'ONNX Runtime executor' : engine === 'torch' ? 'PyTorch runner' : 'TypeScript engine'} (${options.weights ?? 'trained weights'}; ${choice!.note})`;
  return {
    adapter,
    platform,
    runtime,
    taskset,
    workload,
    notes,
    emulator,
    coworkloads: () =>
      emulator !== null ? new EmulatedCoworkloads(root) : new BusyCoworkloads(adapter, platform, taskset),
    startWorkload: (unit, cores, cpus) => {
      const pin = taskset && cpus.length > 0 ? ['taskset', '-c', cpus.join(',')] : [];
      const command = emulated
        ? emulatedWorkloadCommand(root, unit, cores, dnn.id)
        : external
          ? // A user's command runs under the leash, which ends it (and what it started) if twinrtm dies.
            leashCommand([...pin, ...external])
          : engineRunnerCommand({
              dnn: dnn.id,
              threads: cores,
              cpus,
              taskset,
              ...(options.weights ? { weights: options.weights } : {}),
              ...(engine ? { engine } : {}),
              ...(engine === 'torch'
                ? {
                    device:
                      platform.units.find((u) => u.id === unit)?.kind === 'gpu' ? ('cuda' as const) : ('cpu' as const),
                  }
                : {}),
            });
      return new WorkloadProcess({ command, stderr: (t) => io.err(t) });
    },
  };
}

/** Pinning to cpus this machine lacks cannot work: one line that says what to do instead. */
function checkCpusExist(platform: Platform, board: string): void {
  const have = availableParallelism();
  const missing = platform.units.flatMap((u) => u.cpus).filter((cpu) => cpu >= have);
  if (missing.length > 0) {
    throw new InputError(
      `board ${board} pins its workloads to cpus ${missing.join(',')}, which this machine (${have} cpus) does not have: on a fake or emulated tree give --no-taskset`,
    );
  }
}
