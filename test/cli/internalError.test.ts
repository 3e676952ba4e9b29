/**
 * A plain Error reaching the top of the CLI is a bug in twinrtm: one line saying so, a hint to
 * report it, exit 1, and the stack only when asked for. The error is injected through a command
 * (policies) whose action is replaced by one that throws, so main's real handling is what runs.
 */
import type { Command } from 'commander';
import { describe, expect, it, vi } from 'vitest';
import { main } from '../../cli/main.js';
import { BUG_HINT, reportError } from '../../cli/reportError.js';
import { InputError } from '../../dnn/inputError.js';
import { run } from './run.js';

vi.mock('../../cli/commands/policies.js', () => ({
  registerPolicies: (program: Command) => {
    program
      .command('policies')
      .option('--json')
      .action(() => {
        throw new Error('policy table is corrupt\nsecond line of detail');
      });
  },
}));

/** Runs main with captured output and the given environment. */
async function runWith(env: NodeJS.ProcessEnv, ...argv: string[]) {
  let out = '';
  let err = '';
  const code = await main(
    argv,
    {
      out: (s) => {
        out += s;
      },
      err: (s) => {
        err += s;
      },
    },
    env,
  );
  return { code, out, err };
}

const STACK_FRAME = /\n\s+at .+:\d+:\d+/;

describe('an internal error', () => {
  it('is one line and a hint to report it, exit 1, no stack', async () => {
    const r = await runWith({}, 'policies');
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toBe(`twinrtm: internal error: policy table is corrupt\n${BUG_HINT}\n`);
    expect(r.err).not.toMatch(STACK_FRAME);
  });

  it('shows the stack with --debug, given after the command', async () => {
    const r = await runWith({}, 'policies', '--debug');
    expect(r.code).toBe(1);
    expect(r.err).toContain('twinrtm: internal error: policy table is corrupt\nsecond line of detail\n');
    expect(r.err).toMatch(STACK_FRAME);
    expect(r.err).toContain('please report it with the stack above');
  });

  it('shows the stack with --debug before the command', async () => {
    expect((await runWith({}, '--debug', 'policies')).err).toMatch(STACK_FRAME);
  });

  it('shows the stack with TWINRTM_DEBUG=1', async () => {
    expect((await runWith({ TWINRTM_DEBUG: '1' }, 'policies')).err).toMatch(STACK_FRAME);
  });
});

describe('reportError', () => {
  const capture = () => {
    let err = '';
    return {
      io: {
        out: () => undefined,
        err: (s: string) => {
          err += s;
        },
      },
      text: () => err,
    };
  };

  it('gives bad input its message alone and exit 2', () => {
    const c = capture();
    expect(reportError(new InputError('unknown platform'), c.io, false)).toBe(2);
    expect(c.text()).toBe('twinrtm: unknown platform\n');
  });

  it('adds the stack of bad input and of its cause with --debug', () => {
    const c = capture();
    expect(
      reportError(new InputError('policy file x.ts failed to load: boom', { cause: new Error('boom') }), c.io, true),
    ).toBe(2);
    expect(c.text()).toMatch(
      /^twinrtm: policy file x\.ts failed to load: boom\nInputError: .*\n\s+at [\s\S]*caused by:\nError: boom\n\s+at /,
    );
  });

  it('names the class of an internal error that is not a plain Error, and takes a thrown non-Error', () => {
    const c = capture();
    expect(reportError(new TypeError('x is undefined'), c.io, false)).toBe(1);
    expect(reportError('a string', c.io, false)).toBe(1);
    expect(c.text()).toBe(
      `twinrtm: internal error: TypeError: x is undefined\n${BUG_HINT}\ntwinrtm: internal error: a string\n${BUG_HINT}\n`,
    );
  });
});

describe('the --debug option', () => {
  it('is in the help', async () => {
    expect((await run('--help')).out).toContain('--debug');
  });
});
