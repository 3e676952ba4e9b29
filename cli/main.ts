/**
 * The `twinrtm` command. It only parses input, calls the library and prints; every user mistake
 * ends as one line on stderr and exit 2, anything else as a one-line internal error and exit 1,
 * never a stack trace unless asked for with --debug (or TWINRTM_DEBUG=1).
 */
import { Command } from 'commander';
import { registerAccuracy } from './commands/accuracy.js';
import { registerAgent } from './commands/agent.js';
import { registerCalibrate } from './commands/calibrate.js';
import { registerCheck } from './commands/check.js';
import { registerDnns } from './commands/dnns.js';
import { registerEmulate } from './commands/emulate.js';
import { registerHil } from './commands/hil.js';
import { registerPlatforms } from './commands/platforms.js';
import { registerPolicies } from './commands/policies.js';
import { registerPredict } from './commands/predict.js';
import { registerRanges } from './commands/ranges.js';
import { registerReport } from './commands/report.js';
import { registerScenarios } from './commands/scenarios.js';
import { registerSimulate } from './commands/simulate.js';
import { registerSpace } from './commands/space.js';
import { registerSweep } from './commands/sweep.js';
import { registerTrain } from './commands/train.js';
import type { Io } from './io.js';
import { reportError } from './reportError.js';
import { version } from './version.js';

export { EXIT_FAILURE, EXIT_USAGE } from './reportError.js';

/** Commander's errors, with a suggestion on a second line, folded into one line. */
function routeOutput(io: Io) {
  return {
    writeOut: (s: string) => io.out(s),
    writeErr: (s: string) => io.err(s),
    outputError: (s: string, write: (s: string) => void) => write(s.trimEnd().replace(/\s*\n\s*/g, ' ') + '\n'),
  };
}

export function buildProgram(io: Io): Command {
  const program = new Command('twinrtm')
    .description('a digital twin for runtime management of dynamic (group-pruned) DNNs on heterogeneous boards')
    .version(version(), '-V, --version')
    .option('--debug', 'on an error, also print its stack (as does TWINRTM_DEBUG=1)')
    .showSuggestionAfterError()
    .exitOverride()
    .configureOutput(routeOutput(io));
  registerPlatforms(program, io);
  registerDnns(program, io);
  registerPredict(program, io);
  registerSpace(program, io);
  registerRanges(program, io);
  registerSimulate(program, io);
  registerSweep(program, io);
  registerCheck(program, io);
  registerPolicies(program, io);
  registerScenarios(program, io);
  registerCalibrate(program, io);
  registerHil(program, io);
  registerAgent(program, io);
  registerEmulate(program, io);
  registerTrain(program, io);
  registerAccuracy(program, io);
  registerReport(program, io);
  // Subcommands (and theirs) inherit the error handling and output routing.
  const route = (command: Command): void => {
    for (const sub of command.commands) {
      sub.exitOverride().configureOutput(routeOutput(io)).showSuggestionAfterError();
      route(sub);
    }
  };
  route(program);
  return program;
}

/**
 * Whether to print stacks: --debug anywhere before `--` (read from argv too, so it holds when
 * parsing itself failed), or TWINRTM_DEBUG=1.
 */
function debugWanted(program: Command, argv: readonly string[], env: NodeJS.ProcessEnv): boolean {
  const end = argv.indexOf('--');
  return program.opts()['debug'] === true || (end < 0 ? argv : argv.slice(0, end)).includes('--debug') || env['TWINRTM_DEBUG'] === '1';
}

/** Runs the CLI on argv (without node and script); returns the exit code. */
export async function main(argv: readonly string[], io: Io, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const program = buildProgram(io);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (err) {
    return reportError(err, io, debugWanted(program, argv, env));
  }
}
