/**
 * The `twinrtm` command. It only parses input, calls the library and prints; every user mistake
 * ends as one line on stderr and a non-zero exit code, never a stack trace.
 */
import { Command, CommanderError } from 'commander';
import { InputError } from '../dnn/inputError.js';
import { MeasurementError } from '../calibration/measurementError.js';
import { DataFileError } from '../dnn/schemaCheck.js';
import { registerAccuracy } from './commands/accuracy.js';
import { registerAgent } from './commands/agent.js';
import { registerCalibrate } from './commands/calibrate.js';
import { ChecksFailed, registerCheck } from './commands/check.js';
import { registerDnns } from './commands/dnns.js';
import { registerHil } from './commands/hil.js';
import { registerPlatforms } from './commands/platforms.js';
import { registerPolicies } from './commands/policies.js';
import { registerPredict } from './commands/predict.js';
import { registerRanges } from './commands/ranges.js';
import { registerScenarios } from './commands/scenarios.js';
import { registerSimulate } from './commands/simulate.js';
import { registerSpace } from './commands/space.js';
import { registerTrain } from './commands/train.js';
import type { Io } from './io.js';
import { version } from './version.js';

/** Exit code for bad input (unknown names, invalid values, bad files). */
export const EXIT_USAGE = 2;
/** Exit code for a failure that is not the user's input. */
export const EXIT_FAILURE = 1;

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
    .showSuggestionAfterError()
    .exitOverride()
    .configureOutput(routeOutput(io));
  registerPlatforms(program, io);
  registerDnns(program, io);
  registerPredict(program, io);
  registerSpace(program, io);
  registerRanges(program, io);
  registerSimulate(program, io);
  registerCheck(program, io);
  registerPolicies(program, io);
  registerScenarios(program, io);
  registerCalibrate(program, io);
  registerHil(program, io);
  registerAgent(program, io);
  registerTrain(program, io);
  registerAccuracy(program, io);
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

/** Runs the CLI on argv (without node and script); returns the exit code. */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  const program = buildProgram(io);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      // commander has printed its own one-line message (or the help/version text).
      return err.exitCode === 0 ? 0 : EXIT_USAGE;
    }
    if (err instanceof ChecksFailed) return EXIT_FAILURE;
    if (err instanceof InputError || err instanceof DataFileError || err instanceof MeasurementError) {
      io.err(`twinrtm: ${err.message}\n`);
      return EXIT_USAGE;
    }
    io.err(`twinrtm: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    return EXIT_FAILURE;
  }
}
