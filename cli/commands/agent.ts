/** `twinrtm agent`: serve a board to a remote controller over HTTP (express), token required. */
import type { Command } from 'commander';
import { networkById } from '../../dnn/builtinNetworks.js';
import { DEFAULT_AGENT_HOST, startAgent } from '../../hil/agent/startAgent.js';
import { EmulatedLoads } from '../../hil/emulator/emulatedCoworkloads.js';
import { startBusyLoad } from '../../hil/workload/busyProcess.js';
import { addHilBoardOptions, openHilBoard, type HilBoardOptions } from '../hilBoard.js';
import type { Io } from '../io.js';
import { InputError } from '../../dnn/inputError.js';
import { resolveAgentToken, AGENT_TOKEN_ENV } from '../../hil/agent/agentToken.js';
import { HIL_BOUNDS, parseBounded } from '../../hil/bounds.js';
import {
  claimStateFile,
  defaultStatePath,
  removeStateFile,
  restoreCommand,
  writeStateFile,
} from '../../hil/board/stateFile.js';
import { checkOutputFile } from '../files.js';
import { findProgram } from '../findProgram.js';
import { constants as osConstants } from 'node:os';
import { killAllChildren } from '../../hil/workload/childProcesses.js';

interface AgentCliOptions extends HilBoardOptions {
  port: string;
  token?: string;
  tokenFile?: string;
  host?: string;
  watchdogMs?: string;
  dnn?: string;
  stateFile?: string;
  rtappBinary?: string;
}

/**
 * Starts the agent; an address it cannot listen on (a host that does not resolve, a port in use or
 * not allowed) is the user's to fix, so it is an InputError naming the address.
 */
async function listening<T>(options: AgentCliOptions, start: () => Promise<T>): Promise<T> {
  try {
    return await start();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === undefined || !/^E[A-Z_]+$/.test(code)) throw err;
    throw new InputError(
      `cannot listen on ${options.host ?? DEFAULT_AGENT_HOST}:${options.port} (${code}${code === 'EADDRINUSE' ? ': the port is in use' : ''})`,
      { cause: err },
    );
  }
}

/**
 * The rt-app this agent starts for a controller's rt-app co-workloads: none on an emulated board (its
 * co-workloads go into the emulator's model), else the one named or found on PATH; a named one that
 * is not a program here is refused, an unnamed one missing leaves such workloads refused per request.
 */
function agentRtappBinary(options: AgentCliOptions, emulated: boolean): string | null {
  if (emulated) {
    if (options.rtappBinary !== undefined) {
      throw new InputError(
        `--rtapp-binary: an emulated board runs no rt-app (its co-workloads go into the emulator's model)`,
      );
    }
    return null;
  }
  const found = findProgram([options.rtappBinary ?? 'rt-app']);
  if (options.rtappBinary !== undefined && found === null) {
    throw new InputError(
      `--rtapp-binary ${options.rtappBinary} is not a program here: install Debian's rt-app (apt-get install rt-app) or name its path`,
    );
  }
  return found;
}

/** Whether an address is this machine only (the loopback interface). */
function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

export function registerAgent(program: Command, io: Io): void {
  addHilBoardOptions(
    program
      .command('agent')
      .description(
        'serve this board to a remote controller (twinrtm hil run --agent URL --token T): telemetry, configurations, workloads, co-workloads',
      ),
  )
    .requiredOption('--port <port>', 'TCP port to listen on (0: any free port)')
    .option(
      '--token-file <file>',
      `a file (mode 600) holding the secret every request must carry as Authorization: Bearer TOKEN; or set ${AGENT_TOKEN_ENV}`,
    )
    .option(
      '--token <token>',
      `the secret on the command line (every local user can read it: prefer --token-file or ${AGENT_TOKEN_ENV})`,
    )
    .option(
      '--host <address>',
      'interface to bind (default 127.0.0.1: this machine only; reach it through an SSH tunnel)',
    )
    .option(
      '--watchdog-ms <ms>',
      `silence from the controller after which workloads stop and the board is restored (default 5000; ${HIL_BOUNDS.watchdogMs.min}..${HIL_BOUNDS.watchdogMs.max})`,
    )
    .option('--dnn <id>', 'network the workload runs (default alexnet-cifar10-g4)')
    .option(
      '--state-file <path>',
      'where the board state is kept while a controller drives it, for twinrtm hil restore after a kill (default: the per-user state file of the board tree)',
    )
    .option(
      '--rtapp-binary <program>',
      "the rt-app that runs a controller's rt-app co-workloads here (default: rt-app on PATH; none found: the agent refuses them)",
    )
    .action(async (options: AgentCliOptions) => {
      const port = parseBounded('--port', options.port, HIL_BOUNDS.port);
      // An empty name (an unset shell variable, say) would make Node listen on every interface.
      if (options.host !== undefined && options.host.trim() === '') {
        throw new InputError(
          `--host '${options.host}' names no interface: give an address (${DEFAULT_AGENT_HOST}, the default: this machine only; 0.0.0.0 for every interface)`,
        );
      }
      const watchdogMs =
        options.watchdogMs === undefined
          ? 5000
          : parseBounded('--watchdog-ms', options.watchdogMs, HIL_BOUNDS.watchdogMs);
      // The --token warning is printed once the agent serves (a refusal stays one line).
      const warnings: string[] = [];
      const token = resolveAgentToken(options, process.env, (line) => warnings.push(line));
      if (options.stateFile !== undefined)
        checkOutputFile('--state-file', options.stateFile, { createsDirectory: true });
      const dnn = networkById(options.dnn ?? 'alexnet-cifar10-g4');
      const board = await openHilBoard(options, dnn, io);
      const rtappBinary = agentRtappBinary(options, board.emulator !== null);
      // On an emulated board the co-workloads go into the emulator's model, not onto this machine's cpus.
      // The agent saves the board before its first change and keeps the state on disk while a
      // controller drives it: a SIGKILLed agent is undone by `twinrtm hil restore`.
      const statePath = options.stateFile ?? defaultStatePath(options.sysfsRoot ?? '/');
      claimStateFile(statePath, restoreCommand(options.stateFile, options.sysfsRoot));
      const emulated = board.emulator
        ? new EmulatedLoads(options.sysfsRoot!, (unit) => board.platform.units.find((u) => u.id === unit)?.cores ?? 1)
        : null;
      // Until the agent listens, a restore is its own cleanup after a failed start: the refusal
      // says what went wrong, so only a restore that itself failed is worth a line.
      let serving = false;
      const agent = await listening(options, () =>
        startAgent({
          adapter: board.adapter,
          platform: board.platform,
          dnn,
          startWorkload: board.startWorkload,
          startBusyLoad: emulated
            ? (unit, _cpus, cores, utilisation, busiestShare) => emulated.start(unit, cores, utilisation, busiestShare)
            : (_unit, cpus, cores, utilisation) => startBusyLoad(cpus, cores, utilisation, board.taskset),
          token,
          watchdogMs,
          rtapp: { binary: rtappBinary },
          stateFile: {
            saved: (state) => writeStateFile(statePath, state, { pid: process.pid, command: 'twinrtm agent' }),
            restored: () => removeStateFile(statePath),
          },
          port,
          ...(options.host !== undefined ? { host: options.host } : {}),
          onRestore: (reason, error) => {
            if (serving || error) io.err(`agent: board restored (${reason})${error ? `: ${error}` : ''}\n`);
          },
        }),
      );
      serving = true;
      for (const line of warnings) io.err(`${line}\n`);
      if (!isLoopback(options.host ?? DEFAULT_AGENT_HOST)) {
        io.err(
          `twinrtm: warning: the agent serves ${options.host} over plain HTTP: the token and every request cross the network unencrypted; prefer the default 127.0.0.1 and an SSH tunnel (ssh -L 8350:127.0.0.1:8350 board)\n`,
        );
      }
      // From here the board may change: a signal stops the agent and restores the board, and any
      // other end of the process (an uncaught error, process.exit) restores it synchronously.
      const stopped = new Promise<NodeJS.Signals>((resolve) => {
        const onSignal = (signal: NodeJS.Signals) => {
          process.off('SIGINT', onSignal);
          process.off('SIGTERM', onSignal);
          io.err(`agent: ${signal}: stopping the workloads and restoring the board\n`);
          void agent.close().then(() => resolve(signal));
        };
        process.on('SIGINT', onSignal);
        process.on('SIGTERM', onSignal);
      });
      const onExit = () => void agent.close();
      process.on('exit', onExit);
      // The session saved the board; a freshly enabled power sensor needs one update period.
      await board.adapter.ready?.();
      io.err(
        `agent for ${options.board} (${board.platform.id})${board.emulator ? ' (emulated)' : ''} listening on ${agent.url}; the DNN runs in ${board.workload}; Ctrl-C stops it and restores the board\n`,
      );
      for (const note of board.notes) io.err(`note: ${note}\n`);
      // Serve until a signal: then close (which restores the board) and end the process.
      const signal = await stopped;
      process.off('exit', onExit);
      // Everything is stopped and restored: nothing left may keep the process alive (a client's
      // socket, a child ignoring SIGTERM), so the agent ends with the shell's code for the signal.
      killAllChildren();
      process.exit(128 + osConstants.signals[signal]);
    });
}
