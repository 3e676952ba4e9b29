/**
 * The command line of the emulated workload (emulatedWorkload.ts) for a unit and a core count: from
 * the compiled dist/ when it exists, else through tsx from the sources (tests run the sources).
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The emulated workload's command line: the program and its arguments (see the file's comment). */
export function emulatedWorkloadCommand(root: string, unit: string, cores: number, dnn: string): string[] {
  const js = fileURLToPath(new URL('./emulatedWorkload.js', import.meta.url));
  const ts = fileURLToPath(new URL('./emulatedWorkload.ts', import.meta.url));
  const script = existsSync(js) ? [js] : ['--import', import.meta.resolve('tsx'), ts];
  return [process.execPath, ...script, '--root', root, '--unit', unit, '--cores', String(cores), '--dnn', dnn];
}
