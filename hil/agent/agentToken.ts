/**
 * Where the agent's token comes from, on the board (`twinrtm agent`) and on the controller
 * (`twinrtm hil run --agent`): a file only its user can read (`--token-file`), or the environment
 * (TWINRTM_AGENT_TOKEN). `--token T` still works, with a warning: a command line is readable by
 * every local user (ps, /proc/PID/cmdline).
 */
import { closeSync, fstatSync, openSync, readFileSync } from 'node:fs';
import { InputError } from '../../dnn/inputError.js';

/** The environment variable holding the token. */
export const AGENT_TOKEN_ENV = 'TWINRTM_AGENT_TOKEN';

/** The longest token accepted (an HTTP header line has to carry it). */
const MAX_TOKEN_LENGTH = 4096;

/** The warning --token prints on stderr. */
export const TOKEN_ON_COMMAND_LINE_WARNING = `twinrtm: warning: --token puts the token on the command line, which every local user can read (ps, /proc/PID/cmdline): use --token-file FILE (mode 600) or ${AGENT_TOKEN_ENV}`;

/** The token options a command takes. */
export interface TokenOptions {
  /** --token: the token itself (warned against: see TOKEN_ON_COMMAND_LINE_WARNING). */
  token?: string;
  /** --token-file: a file holding it. */
  tokenFile?: string;
}

/** Checks a token's form: the Authorization header carries `Bearer TOKEN`, one word of visible characters. */
function checkToken(token: string, from: string): string {
  if (token === '') throw new InputError(`the agent token from ${from} is empty`);
  if (token.length > MAX_TOKEN_LENGTH)
    throw new InputError(
      `the agent token from ${from} is ${token.length} characters long (at most ${MAX_TOKEN_LENGTH})`,
    );
  if (!/^[\x21-\x7e]+$/.test(token))
    throw new InputError(
      `the agent token from ${from} must be one word of visible ASCII characters (no spaces or control characters), as an Authorization: Bearer header carries it`,
    );
  return token;
}

/**
 * Reads a token file: its first line, trimmed. Refused when other users may read or write it
 * (mode bits for group or others set), as ssh refuses a private key.
 * @throws InputError naming the file and what to do
 */
export function readTokenFile(path: string): string {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (err) {
    throw new InputError(
      `--token-file ${path} cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`,
    );
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new InputError(`--token-file ${path} is not a regular file`);
    if ((st.mode & 0o077) !== 0)
      throw new InputError(
        `--token-file ${path} is open to other users (mode ${(st.mode & 0o777).toString(8).padStart(4, '0')}): chmod 600 ${path}`,
      );
    if (st.size > MAX_TOKEN_LENGTH + 2)
      throw new InputError(
        `--token-file ${path} is ${st.size} bytes, larger than a token (at most ${MAX_TOKEN_LENGTH} characters)`,
      );
    const text = readFileSync(fd, 'utf8');
    return checkToken(text.split(/\r?\n/)[0]!.trim(), `--token-file ${path}`);
  } finally {
    closeSync(fd);
  }
}

/**
 * The token, from exactly one source: --token-file, --token (warned about), or TWINRTM_AGENT_TOKEN.
 * @param warn where the --token warning goes
 * @throws InputError when none or both flags are given, or the token is not usable
 */
export function resolveAgentToken(o: TokenOptions, env: NodeJS.ProcessEnv, warn: (line: string) => void): string {
  if (o.token !== undefined && o.tokenFile !== undefined)
    throw new InputError(
      '--token and --token-file both give the token: give one of them (--token-file keeps it off the command line)',
    );
  if (o.tokenFile !== undefined) return readTokenFile(o.tokenFile);
  if (o.token !== undefined) {
    // A token that is refused is the one line; the warning is for a token that is used.
    const token = checkToken(o.token, '--token');
    warn(TOKEN_ON_COMMAND_LINE_WARNING);
    return token;
  }
  const fromEnv = env[AGENT_TOKEN_ENV];
  if (fromEnv !== undefined && fromEnv !== '') return checkToken(fromEnv, AGENT_TOKEN_ENV);
  throw new InputError(
    `the agent needs a token: give --token-file FILE (mode 600) or set ${AGENT_TOKEN_ENV} (--token T works too, but every local user can read a command line)`,
  );
}
