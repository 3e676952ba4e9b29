/** `twinrtm emulate`: an emulated board's sysfs tree, kept alive by the twin's models until stopped. */
import type { Command } from 'commander';
import { InputError, unknownName } from '../../dnn/inputError.js';
import { EMULATED_BOARDS, type EmulatedBoardId } from '../../hil/emulator/boardLayout.js';
import { startEmulator } from '../../hil/emulator/emulator.js';
import type { Io } from '../io.js';
import { parseNumber } from '../parse.js';

interface EmulateOptions {
  root: string;
  dnn?: string;
  ambient?: string;
  tickMs?: string;
}

/** Resolves on the first SIGINT or SIGTERM (the emulator runs in the foreground until then). */
function untilStopped(): Promise<string> {
  return new Promise((resolve) => {
    const stop = (signal: string) => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      resolve(signal);
    };
    const onInt = () => stop('SIGINT');
    const onTerm = () => stop('SIGTERM');
    process.once('SIGINT', onInt);
    process.once('SIGTERM', onTerm);
  });
}

/**
 * Starts the emulator; a --root it cannot lay its tree out in (below a file, a name too long, a
 * read-only or full file system) is the user's to fix: one line naming the folder, the file and why.
 */
async function layingOut<T>(root: string, start: () => Promise<T>): Promise<T> {
  try {
    return await start();
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    // A file system's refusal names the path; Node's own for a path it cannot take (a NUL in it) does not.
    const fromFileSystem = typeof e.code === 'string' && /^E[A-Z]+$/.test(e.code) && typeof e.path === 'string';
    if (!fromFileSystem && e.code !== 'ERR_INVALID_ARG_VALUE') throw err;
    throw new InputError(
      `--root ${root}: cannot lay out the board's tree there (${e.code}${e.path === undefined || e.path === root ? '' : ` at ${e.path}`})`,
      { cause: err },
    );
  }
}

export function registerEmulate(program: Command, io: Io): void {
  program
    .command('emulate')
    .description(
      "lay out a board's sysfs tree and keep it alive with the twin's models until stopped (SIGINT or SIGTERM), so hil sweep, hil run, hil compare and agent run on any machine",
    )
    .argument('<board>', `the board to emulate: ${EMULATED_BOARDS.join(' or ')}`)
    .requiredOption(
      '--root <dir>',
      "the folder that stands for the board's / (created if missing; must be empty or an earlier emulator's tree)",
    )
    .option('--dnn <id>', 'the network the emulated workload runs (default alexnet-cifar10-g4)')
    .option('--ambient <C>', 'the room temperature, C (default 25)')
    .option('--tick-ms <ms>', 'how often the sensor files are rewritten (default 2)')
    .action(async (board: string, options: EmulateOptions) => {
      if (!(EMULATED_BOARDS as readonly string[]).includes(board))
        throw unknownName('board to emulate', board, EMULATED_BOARDS);
      const emulator = await layingOut(options.root, () =>
        startEmulator({
          board: board as EmulatedBoardId,
          root: options.root,
          ...(options.dnn !== undefined ? { dnn: options.dnn } : {}),
          ...(options.ambient !== undefined ? { ambientC: parseNumber('--ambient', options.ambient) } : {}),
          ...(options.tickMs !== undefined ? { tickMs: parseNumber('--tick-ms', options.tickMs) } : {}),
        }),
      );
      // Scripts wait for this line: the tree is laid out and the emulator answers.
      io.out(`ready: emulating ${board} under ${options.root} (pid ${emulator.marker.pid}); stop with Ctrl-C\n`);
      const signal = await untilStopped();
      await emulator.stop();
      io.err(`${signal}: emulator stopped; the tree stays under ${options.root} without its marker\n`);
    });
}
