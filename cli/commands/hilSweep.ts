/** `twinrtm hil sweep`: measure configurations on a real board into the calibration CSV format. */
import { closeSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import type { Command } from 'commander';
import { networkById } from '../../dnn/builtinNetworks.js';
import { InputError } from '../../dnn/inputError.js';
import { installRestoreHandlers, restoreBoard } from '../../hil/board/restoreHandlers.js';
import { claimStateFile, defaultStatePath, restoreCommand, writeStateFile } from '../../hil/board/stateFile.js';
import { runSweep, sweepConfigurations, type SweepPlan } from '../../hil/sweep.js';
import { checkOutputFile } from '../files.js';
import { addHilBoardOptions, openHilBoard, type HilBoardOptions } from '../hilBoard.js';
import type { Io } from '../io.js';
import { parseInteger, parseList, parseNumber } from '../parse.js';
import { checkBound, HIL_BOUNDS, parseBounded } from '../../hil/bounds.js';
import { progressBar } from '../progressBar.js';

interface SweepCliOptions extends HilBoardOptions {
  dnn?: string;
  unit?: string;
  groups?: string;
  cores?: string;
  freq?: string;
  repeat?: string;
  warmup?: string;
  layers?: boolean;
  gapMs?: string;
  out: string;
  stateFile?: string;
}

function integers(option: string, text: string | undefined, fallback: number[]): number[] {
  return text === undefined ? fallback : nonEmptyList(option, text).map((t) => parseInteger(option, t));
}

/** A comma-separated list that names something: '' or ',' would sweep nothing. */
function nonEmptyList(option: string, text: string): string[] {
  const items = parseList(text);
  if (items.length === 0) throw new InputError(`${option} '${text}' lists nothing: give at least one value`);
  return items;
}

export function registerHilSweep(hil: Command, io: Io): void {
  addHilBoardOptions(
    hil
      .command('sweep')
      .description(
        'measure the real workload over configurations into the calibration CSV format, with a progress bar on stderr',
      ),
  )
    .option('--dnn <id>', 'network (default alexnet-cifar10-g4)')
    .option('--unit <list>', 'units to measure, comma-separated (default: every CPU unit; a GPU needs --workload-cmd)')
    .option('--groups <list>', 'active-group counts (default 1..G)')
    .option('--cores <list>', "core counts (default 1..the unit's online cpus)")
    .option(
      '--freq <list>',
      "frequencies, MHz (default: the board's available list; a unit without DVFS: its nominal point)",
    )
    .option('--repeat <k>', 'timed inferences per configuration (default 5)')
    .option('--warmup <k>', 'untimed inferences before them (default 2)')
    .option(
      '--gap-ms <ms>',
      'idle time before each timed inference, as a scenario paces them (default 0: back to back); time only, the power columns stay empty',
    )
    .option('--no-layers', 'do not write per-layer rows')
    .requiredOption('--out <file.csv>', 'where to write the measurements')
    .option('--state-file <path>', 'where the board state saved before the sweep is kept until it is restored')
    .action(async (options: SweepCliOptions) => {
      // Before the board is touched and the sweep spends minutes: the files it will write.
      checkOutputFile('--out', options.out);
      const statePath = options.stateFile ?? defaultStatePath(options.sysfsRoot ?? '/');
      checkOutputFile('--state-file', statePath, { createsDirectory: true });
      claimStateFile(statePath, restoreCommand(options.stateFile, options.sysfsRoot));
      const dnn = networkById(options.dnn ?? 'alexnet-cifar10-g4');
      const board = await openHilBoard(options, dnn, io);
      const caps = board.adapter.capabilities();
      const cpuUnits = caps.units.filter((u) => u.onlineCpus.length > 0).map((u) => u.id);
      const units = options.unit === undefined ? cpuUnits : nonEmptyList('--unit', options.unit);
      if (units.length === 0)
        throw new InputError(
          `no unit to sweep: board ${options.board} under ${options.sysfsRoot ?? '/'} has no online cpu (valid units: ${caps.units.map((c) => c.id).join(', ')}; a GPU needs --unit and --workload-cmd)`,
        );
      for (const u of units) {
        if (!caps.units.some((c) => c.id === u))
          throw new InputError(
            `unknown unit '${u}' of board ${options.board} (valid: ${caps.units.map((c) => c.id).join(', ')})`,
          );
        if (!cpuUnits.includes(u) && options.workloadCmd === undefined)
          throw new InputError(
            `unit ${u} has no cpus: the built-in engine runs on CPUs; measure it with --workload-cmd`,
          );
      }
      const freqMHz: Record<string, number[]> = {};
      for (const u of units) {
        const c = caps.units.find((x) => x.id === u)!;
        const model = board.platform.units.find((x) => x.id === u)!;
        const offered = c.dvfs ? c.availableMHz : [model.opps.points.at(-1)!.freqMHz];
        freqMHz[u] =
          options.freq === undefined
            ? offered
            : nonEmptyList('--freq', options.freq).map((t) => parseNumber('--freq', t));
        if (freqMHz[u]!.length === 0) throw new InputError(`unit ${u} offers no frequency to sweep`);
        for (const f of freqMHz[u]!) {
          if (!offered.includes(f))
            throw new InputError(`${f} MHz is not available on ${u} of this board (valid: ${offered.join(', ')})`);
          if (!model.opps.points.some((p) => p.freqMHz === f))
            throw new InputError(
              `${f} MHz is not an operating point of ${u} in the ${board.platform.id} model, so calibration could not use it`,
            );
        }
      }
      const maxCores = Math.max(...units.map((u) => caps.units.find((c) => c.id === u)!.onlineCpus.length || 1));
      const plan: SweepPlan = {
        units,
        groups: integers(
          '--groups',
          options.groups,
          Array.from({ length: dnn.groups }, (_, i) => i + 1),
        ),
        cores: integers(
          '--cores',
          options.cores,
          Array.from({ length: maxCores }, (_, i) => i + 1),
        ),
        freqMHz,
        repeat: options.repeat === undefined ? 5 : parseBounded('--repeat', options.repeat, HIL_BOUNDS.repeat),
        warmup: options.warmup === undefined ? 2 : parseBounded('--warmup', options.warmup, HIL_BOUNDS.warmup),
        layers: options.layers !== false,
        gapMs: options.gapMs === undefined ? 0 : parseBounded('--gap-ms', options.gapMs, HIL_BOUNDS.gapMs),
      };
      for (const g of plan.groups)
        if (g < 1 || g > dnn.groups) throw new InputError(`groups ${g} is outside 1..${dnn.groups} for ${dnn.id}`);
      for (const c of plan.cores)
        if (c < 1 || c > maxCores) throw new InputError(`cores ${c} is not valid (valid: 1..${maxCores})`);
      checkBound(
        'the number of configurations (units x groups x cores x frequencies)',
        sweepConfigurations(plan).length,
        HIL_BOUNDS.configurations,
      );

      // Lines go to a partial file as they are measured; it becomes the output only when the sweep ends.
      const partial = `${options.out}.partial`;
      let fd: number;
      try {
        fd = openSync(partial, 'w');
      } catch (err) {
        throw new InputError(
          `cannot write ${partial} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`,
        );
      }
      const state = board.adapter.save();
      try {
        writeStateFile(statePath, state, { pid: process.pid, command: 'twinrtm hil sweep' });
      } catch (err) {
        closeSync(fd);
        rmSync(partial, { force: true });
        throw err;
      }
      const uninstall = installRestoreHandlers(board.adapter, state, statePath, { log: (l) => io.err(`${l}\n`) });
      const started = Date.now();
      let lines = 0;
      let moved = false;
      try {
        // A freshly enabled power sensor gives no valid reading for one update period: wait it out.
        await board.adapter.ready?.();
        io.err(
          `sweeping ${sweepConfigurations(plan).length} configurations on ${options.board} (${caps.power} power, ${caps.units.map((u) => `${u.id}: ${u.dvfs ? 'DVFS' : 'no DVFS'}`).join(', ')}); the DNN runs in ${board.workload}\n`,
        );
        for (const note of board.notes) io.err(`note: ${note}\n`);
        const result = await runSweep({
          adapter: board.adapter,
          platform: board.platform,
          dnn,
          plan,
          startWorkload: board.startWorkload,
          io: {
            line: (text) => {
              writeSync(fd, `${text}\n`);
              lines++;
            },
            progress: progressBar(io, process.stderr.isTTY === true),
          },
        });
        closeSync(fd);
        try {
          renameSync(partial, options.out);
          moved = true;
        } catch (err) {
          // The measurements are not lost: they stay in the partial file, which the message names.
          throw new InputError(
            `cannot move the sweep to ${options.out} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}): its ${result.rows} rows are in ${partial}`,
          );
        }
        io.out(
          `${result.rows} rows from ${result.configurations} configurations in ${((Date.now() - started) / 1000).toFixed(1)} s written to ${options.out}\n`,
        );
        if (plan.layers && result.layerRows === 0)
          io.err(
            'no per-layer rows: the workload reports no layer times (the TypeScript engine, --engine ts, does); calibration fits one set of parameters for every layer kind\n',
          );
      } finally {
        try {
          closeSync(fd);
        } catch {
          // already closed
        }
        // A sweep refused before its first measurement leaves no partial file of a header alone.
        if (!moved && lines <= 1) rmSync(partial, { force: true });
        restoreBoard(board.adapter, state, statePath, (l) => io.err(`${l}\n`));
        uninstall();
      }
    });
}
