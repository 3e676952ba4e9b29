/** `twinrtm agent`: serve a board to a remote controller over HTTP (express), token required. */
import type { Command } from 'commander';
import { networkById } from '../../dnn/builtinNetworks.js';
import { DEFAULT_AGENT_HOST, startAgent } from '../../hil/agent/startAgent.js';
import { EmulatedLoads } from '../../hil/emulator/emulatedCoworkloads.js';
import { startBusyLoad } from '../../hil/workload/busyProcess.js';
import { addHilBoardOptions, openHilBoard, type HilBoardOptions } from '../hilBoard.js';
import type { Io } from '../io.js';
import { parseInteger } from '../parse.js';
import { InputError } from '../../dnn/inputError.js';

interface AgentCliOptions extends HilBoardOptions {
  port: string;
  token: string;
  host?: string;
  watchdogMs?: string;
  dnn?: string;
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
    throw new InputError(`cannot listen on ${options.host ?? DEFAULT_AGENT_HOST}:${options.port} (${code}${code === 'EADDRINUSE' ? ': the port is in use' : ''})`, { cause: err });
  }
}

export function registerAgent(program: Command, io: Io): void {
  addHilBoardOptions(program.command('agent').description('serve this board to a remote controller (twinrtm hil run --agent URL --token T): telemetry, configurations, workloads, co-workloads'))
    .requiredOption('--port <port>', 'TCP port to listen on (0: any free port)')
    .requiredOption('--token <token>', 'the secret every request must carry as Authorization: Bearer TOKEN')
    .option('--host <address>', 'interface to bind (default 127.0.0.1: this machine only)')
    .option('--watchdog-ms <ms>', 'silence from the controller after which workloads stop and the board is restored (default 5000)')
    .option('--dnn <id>', 'network the workload runs (default alexnet-cifar10-g4)')
    .action(async (options: AgentCliOptions) => {
      const port = parseInteger('--port', options.port);
      if (port < 0 || port > 65535) throw new InputError(`--port ${port} is not a TCP port (0..65535)`);
      const watchdogMs = options.watchdogMs === undefined ? 5000 : parseInteger('--watchdog-ms', options.watchdogMs);
      if (watchdogMs < 100) throw new InputError(`--watchdog-ms ${watchdogMs} is too short (at least 100)`);
      const dnn = networkById(options.dnn ?? 'alexnet-cifar10-g4');
      const board = await openHilBoard(options, dnn, io);
      // On an emulated board the co-workloads go into the emulator's model, not onto this machine's cpus.
      const emulated = board.emulator ? new EmulatedLoads(options.sysfsRoot!, (unit) => board.platform.units.find((u) => u.id === unit)?.cores ?? 1) : null;
      // Until the agent listens, a restore is its own cleanup after a failed start: the refusal
      // says what went wrong, so only a restore that itself failed is worth a line.
      let serving = false;
      const agent = await listening(options, () => startAgent({
        adapter: board.adapter,
        platform: board.platform,
        dnn,
        startWorkload: board.startWorkload,
        startBusyLoad: emulated
          ? (unit, _cpus, cores, utilisation) => emulated.start(unit, cores, utilisation)
          : (_unit, cpus, cores, utilisation) => startBusyLoad(cpus, cores, utilisation, board.taskset),
        token: options.token,
        watchdogMs,
        port,
        ...(options.host !== undefined ? { host: options.host } : {}),
        onRestore: (reason, error) => {
          if (serving || error) io.err(`agent: board restored (${reason})${error ? `: ${error}` : ''}\n`);
        },
      }));
      serving = true;
      // The session saved the board; a freshly enabled power sensor needs one update period.
      await board.adapter.ready?.();
      io.err(`agent for ${options.board} (${board.platform.id})${board.emulator ? ' (emulated)' : ''} listening on ${agent.url}; the DNN runs in ${board.workload}; Ctrl-C stops it and restores the board\n`);
      for (const note of board.notes) io.err(`note: ${note}\n`);
      // Serve until a signal: then close (which restores the board) and let the process end.
      await new Promise<void>((resolve) => {
        const stop = () => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          void agent.close().then(resolve);
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
    });
}
