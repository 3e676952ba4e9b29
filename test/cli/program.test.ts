import { describe, expect, it } from 'vitest';
import pkg from '../../package.json' with { type: 'json' };
import { run } from './run.js';

const COMMANDS = ['platforms', 'dnns', 'predict', 'space', 'ranges'] as const;

describe('twinrtm --version', () => {
  it('should print the package version and exit 0', async () => {
    const r = await run('--version');
    expect(r).toEqual({ code: 0, out: `${pkg.version}\n`, err: '' });
  });

  it('should accept -V as the short form', async () => {
    const r = await run('-V');
    expect(r).toEqual({ code: 0, out: `${pkg.version}\n`, err: '' });
  });
});

describe('twinrtm --help', () => {
  it('should print the usage and every command to out and exit 0', async () => {
    const r = await run('--help');
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    expect(r.out).toMatch(/^Usage: twinrtm /);
    for (const command of COMMANDS) expect(r.out).toContain(command);
  });

  it.each(COMMANDS)('should print the usage of %s to out and exit 0', async (command) => {
    const r = await run(command, '--help');
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    expect(r.out).toMatch(new RegExp(`^Usage: twinrtm ${command} `));
    expect(r.out).toContain('--json');
  });

  it('should print the help of predict even though --unit is required', async () => {
    const r = await run('predict', '--help');
    expect(r.code).toBe(0);
    expect(r.out).toContain('--unit <id>');
  });

  it.each(['predict', 'space', 'ranges'])(
    'should document --platform and --platform-file in the help of %s',
    async (command) => {
      const r = await run(command, '--help');
      expect(r.out).toContain('--platform <id>');
      expect(r.out).toContain('--platform-file <file>');
    },
  );
});

describe('unknown commands and options', () => {
  it('should refuse an unknown command with exit 2', async () => {
    const r = await run('frobnicate');
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toContain("unknown command 'frobnicate'");
  });

  // predict needs --unit, or commander reports the missing required option first.
  const runnable: Record<(typeof COMMANDS)[number], string[]> = {
    platforms: [],
    dnns: [],
    predict: ['--unit', 'a15'],
    space: [],
    ranges: [],
  };

  it.each(COMMANDS)('should refuse an unknown option of %s with exit 2', async (command) => {
    const r = await run(command, ...runnable[command], '--frobnicate');
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toContain("unknown option '--frobnicate'");
  });

  it('should refuse predict without --unit with exit 2, naming the option', async () => {
    const r = await run('predict');
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toContain('--unit');
  });

  it('should refuse an option given without its value with exit 2', async () => {
    const r = await run('space', '--pareto');
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toContain('--pareto');
  });
});
