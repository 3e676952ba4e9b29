/** `twinrtm hil run`: a scenario under a policy on a real board, in real time. */
import type { Command } from 'commander';
import { InputError } from '../../dnn/inputError.js';
import { networkById } from '../../dnn/builtinNetworks.js';
import { installRestoreHandlers, restoreBoard } from '../../hil/board/restoreHandlers.js';
import { defaultStatePath, writeStateFile } from '../../hil/board/stateFile.js';
import { runHil } from '../../hil/runHil.js';
import { resolveScenario } from '../../scenarios/builtinScenarios.js';
import { openJsonLines } from '../files.js';
import { addHilBoardOptions, openHilBoard, type HilBoardOptions } from '../hilBoard.js';
import { printJson, type Io } from '../io.js';
import { parseNumber } from '../parse.js';
import { resolvePolicies, metricsTable } from './simulate.js';

interface HilRunCliOptions extends HilBoardOptions {
  policy?: string;
  duration?: string;
  trace?: string;
  stateFile?: string;
  json?: boolean;
}

export function registerHilRun(hil: Command, io: Io): void {
  addHilBoardOptions(
    hil
      .command('run')
      .description("run a scenario under a policy on a real board in real time: the simulator's loop on the wall clock, the real engine, co-workloads as busy processes")
      .argument('<scenario>', 'built-in scenario id or scenario JSON file (its platform must be the board\'s; host-corunner for --board local)'),
  )
    .option('--policy <name|file>', 'a built-in policy or a policy file (default rtm)')
    .option('--duration <s>', "override the scenario's duration, seconds")
    .option('--trace <file.jsonl>', 'write the trace as JSON Lines while the run goes (same format as simulate)')
    .option('--state-file <path>', 'where the board state saved before the run is kept until it is restored')
    .option('--json', 'print JSON')
    .action(async (scenarioArg: string, options: HilRunCliOptions) => {
      const base = resolveScenario(scenarioArg);
      const durationS = options.duration === undefined ? base.durationS : parseNumber('--duration', options.duration);
      if (!(durationS > 0)) throw new InputError(`--duration ${durationS} must be above 0 seconds`);
      const scenario = { ...base, durationS };
      const dnn = networkById(scenario.dnn);
      const board = openHilBoard(options, dnn, io);
      if (scenario.platform !== board.platform.id) {
        throw new InputError(`scenario ${scenario.id} runs on '${scenario.platform}' but board ${options.board} is '${board.platform.id}' (for --board local use host-corunner or a host scenario)`);
      }
      const [policy] = await resolvePolicies([options.policy ?? 'rtm']);
      const caps = board.adapter.capabilities();
      const notes: string[] = [...caps.notes];
      const statePath = options.stateFile ?? defaultStatePath();
      const state = board.adapter.save();
      writeStateFile(statePath, state);
      const uninstall = installRestoreHandlers(board.adapter, state, statePath, { log: (l) => io.err(l + '\n') });
      const writer = options.trace !== undefined ? openJsonLines(options.trace) : undefined;
      if (!options.json) io.err(`running ${scenario.id} under ${policy!.name} on ${options.board} for ${durationS} s (power ${caps.power})...\n`);
      try {
        const result = await runHil({
          scenario,
          policy: policy!,
          adapter: board.adapter,
          platform: board.platform,
          dnn,
          startWorkload: board.startWorkload,
          taskset: board.taskset,
          ...(writer ? { trace: (e) => writer.write(e) } : {}),
          note: (text) => notes.push(text),
        });
        if (options.json) return printJson(io, { scenario: scenario.id, board: options.board, power: caps.power, notes, results: [{ policy: result.policy, metrics: result.metrics }] });
        io.out(`${scenario.id} on ${options.board} (${board.platform.id}), ${durationS} s real time; power ${caps.power}${caps.power === 'modelled' ? ' (no sensor: energy and power come from the model)' : ''}\n`);
        for (const n of [...new Set(notes)]) io.out(`note: ${n}\n`);
        io.out('\n' + metricsTable([{ policy: result.policy, metrics: result.metrics }]));
      } finally {
        writer?.close();
        restoreBoard(board.adapter, state, statePath, (l) => io.err(l + '\n'));
        uninstall();
      }
    });
}
