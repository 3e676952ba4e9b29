/**
 * Runs an example of examples/ in this process and returns what it printed, line by line.
 *
 * The examples import the package by its public name ('twinrtm', 'twinrtm/testkit'), which outside
 * the tests resolves to the build (dist/). Each test file maps those names to the sources with
 * vi.mock, so an example is checked against the code as it is now, built or not:
 *
 *   vi.mock('twinrtm', () => import('../../index.js'));
 *   vi.mock('twinrtm/testkit', () => import('../../testkit/index.js'));
 *
 * The example is imported by URL, so the project's typecheck does not follow it (`tsc -p examples`
 * checks the examples against the sources).
 */
import { format } from 'node:util';
import { vi } from 'vitest';
import * as source from '../../index.js';

/** The examples folder, as a URL ending in a slash. */
export const EXAMPLES = new URL('../../examples/', import.meta.url);

/**
 * Imports examples/FILE (once per test file: modules are cached) with console.log captured.
 *
 * @throws Error when 'twinrtm' is not mapped to the sources in the calling test file
 */
export async function runExample(file: string): Promise<string[]> {
  // A specifier in a variable: the typecheck need not resolve the package (nor need a build for it).
  const name = 'twinrtm';
  const byName = (await import(name)) as typeof source;
  if (byName.predict !== source.predict)
    throw new Error("'twinrtm' resolves to the build, not the sources: vi.mock it in the test file");
  const lines: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void lines.push(format(...args)));
  try {
    await import(new URL(file, EXAMPLES).href);
  } finally {
    log.mockRestore();
  }
  return lines;
}
