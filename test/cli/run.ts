/**
 * Runs the CLI in-process with captured output, the way the tests drive it.
 */
import { expect } from 'vitest';
import { main } from '../../cli/main.js';

export interface Run {
  code: number;
  out: string;
  err: string;
}

/** Runs `twinrtm ...argv` and returns its exit code and what it wrote. */
export async function run(...argv: string[]): Promise<Run> {
  let out = '';
  let err = '';
  const code = await main(argv, {
    out: (s) => {
      out += s;
    },
    err: (s) => {
      err += s;
    },
  });
  return { code, out, err };
}

/** `hil run host-corunner` on this machine's board read from a test tree, without taskset; more arguments after. */
export function localHilRun(tree: string, ...args: string[]): string[] {
  return ['hil', 'run', 'host-corunner', '--board', 'local', '--sysfs-root', tree, '--no-taskset', ...args];
}

/** Runs a command that must succeed with JSON on out and nothing on err; returns the parsed JSON. */
export async function runJson(...argv: string[]): Promise<any> {
  const r = await run(...argv);
  expect(r.err).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.out);
}

/**
 * Checks the contract for bad input: exit 2, nothing on out, exactly one line on err, no stack trace,
 * and every fragment (the problem, the valid values) present in that line.
 */
export function expectOneLineRefusal(r: Run, ...fragments: (string | RegExp)[]): void {
  expect(r.code).toBe(2);
  expect(r.out).toBe('');
  expect(r.err).toMatch(/^[^\n]+\n$/);
  expect(r.err).not.toMatch(/\bat .+:\d+:\d+/);
  for (const f of fragments) {
    if (typeof f === 'string') expect(r.err).toContain(f);
    else expect(r.err).toMatch(f);
  }
}

/** A line of a text table's header: the column names in order, separated by spaces. */
export function headerLine(...columns: string[]): RegExp {
  const escaped = columns.map((c) => c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^\\s*${escaped.join('\\s{2,}')}\\s*$`, 'm');
}
