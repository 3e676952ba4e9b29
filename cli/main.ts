/**
 * The `twinrtm` command. It only parses input, calls the library and prints; every user mistake
 * ends as one line on stderr and exit 2, anything else as a one-line internal error and exit 1,
 * never a stack trace unless asked for with --debug (or TWINRTM_DEBUG=1).
 */
import { Command } from 'commander';
import type { Io } from './io.js';
import { reportError } from './reportError.js';
import { version } from './version.js';

export { EXIT_FAILURE, EXIT_USAGE } from './reportError.js';

/** Commander's errors, with a suggestion on a second line, folded into one line. */
function routeOutput(io: Io) {
  return {
    writeOut: (s: string) => io.out(s),
    writeErr: (s: string) => io.err(s),
    outputError: (s: string, write: (s: string) => void) => write(`${s.trimEnd().replace(/\s*\n\s*/g, ' ')}\n`),
  };
}

type Register = (program: Command, io: Io) => unknown;

/**
 * Every command, in the order --help lists them, as a loader of the module that registers it: a
 * process that runs one command imports that command's module alone (each module pulls in its part
 * of the library, which costs start-up time in every spawned `twinrtm`).
 */
const COMMANDS: Readonly<Record<string, () => Promise<Register>>> = {
  platforms: async () => (await import('./commands/platforms.js')).registerPlatforms,
  dnns: async () => (await import('./commands/dnns.js')).registerDnns,
  predict: async () => (await import('./commands/predict.js')).registerPredict,
  space: async () => (await import('./commands/space.js')).registerSpace,
  ranges: async () => (await import('./commands/ranges.js')).registerRanges,
  simulate: async () => (await import('./commands/simulate.js')).registerSimulate,
  sweep: async () => (await import('./commands/sweep.js')).registerSweep,
  check: async () => (await import('./commands/check.js')).registerCheck,
  policies: async () => (await import('./commands/policies.js')).registerPolicies,
  scenarios: async () => (await import('./commands/scenarios.js')).registerScenarios,
  calibrate: async () => (await import('./commands/calibrate.js')).registerCalibrate,
  validate: async () => (await import('./commands/validate.js')).registerValidate,
  hil: async () => (await import('./commands/hil.js')).registerHil,
  agent: async () => (await import('./commands/agent.js')).registerAgent,
  emulate: async () => (await import('./commands/emulate.js')).registerEmulate,
  train: async () => (await import('./commands/train.js')).registerTrain,
  accuracy: async () => (await import('./commands/accuracy.js')).registerAccuracy,
  report: async () => (await import('./commands/report.js')).registerReport,
};

/**
 * The commands argv needs: the one it names, when only --debug comes before it (the program's other
 * options print the whole program's help or version); else all of them (help, no command, a misspelt
 * one and its suggestion need every name). Help and errors come out the same either way, since a
 * command's help and parsing depend on that command alone.
 */
function commandsFor(argv: readonly string[] | undefined): string[] {
  const all = Object.keys(COMMANDS);
  if (argv === undefined) return all;
  const at = argv.findIndex((a) => a !== '--debug');
  const named = at < 0 ? undefined : argv[at];
  return named !== undefined && Object.hasOwn(COMMANDS, named) ? [named] : all;
}

/**
 * The `twinrtm` program with every command, or with only the commands argv needs (see commandsFor).
 */
export async function buildProgram(io: Io, argv?: readonly string[]): Promise<Command> {
  const registrars = await Promise.all(commandsFor(argv).map((name) => COMMANDS[name]!()));
  const program = new Command('twinrtm')
    .description('a digital twin for runtime management of dynamic (group-pruned) DNNs on heterogeneous boards')
    .version(version(), '-V, --version')
    .option('--debug', 'on an error, also print its stack (as does TWINRTM_DEBUG=1)')
    .showSuggestionAfterError()
    .exitOverride()
    .configureOutput(routeOutput(io));
  for (const register of registrars) register(program, io);
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
function debugWanted(program: Command | undefined, argv: readonly string[], env: NodeJS.ProcessEnv): boolean {
  const end = argv.indexOf('--');
  return (
    program?.opts().debug === true ||
    (end < 0 ? argv : argv.slice(0, end)).includes('--debug') ||
    env.TWINRTM_DEBUG === '1'
  );
}

/** Runs the CLI on argv (without node and script); returns the exit code. */
export async function main(argv: readonly string[], io: Io, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let program: Command | undefined;
  try {
    program = await buildProgram(io, argv);
    await program.parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (err) {
    return reportError(err, io, debugWanted(program, argv, env));
  }
}
