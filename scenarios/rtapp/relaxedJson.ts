/**
 * rt-app's relaxed JSON, read into a tree that keeps what rt-app's own reading keeps: every key of an
 * object in file order, duplicates included, and where each value stands (line and column).
 *
 * rt-app parses its file with json-c in its non-strict mode, and its documented front end, workgen,
 * first renames duplicate keys ("run", "run" become "run", "run1") and fills a bare `"suspend"` with
 * the task's name (rt-app 1.0, doc/tutorial.txt). So this reader accepts, beyond JSON:
 * - comments, `/* ... *\/` and `// ...` to the end of the line (json-c);
 * - a comma before a closing `}` or `]` (json-c);
 * - strings in single quotes, and true, false, null in any case (json-c);
 * - the same key twice in an object: both kept, in order (as workgen makes them unique);
 * - a key with no value (`"suspend",`): kept as a `missing` value for the reader to fill (workgen).
 * It refuses what json-c refuses too (unquoted keys, hexadecimal, NaN, Infinity, a second document),
 * so a file read here also runs under rt-app.
 *
 * Why not JSON5 or a JSON-with-comments package: JSON5.parse keeps only the last of two equal keys,
 * and a JavaScript object moves keys that look like integers ahead of the others, so rt-app's event
 * order would be lost; JSON5 also takes syntax json-c refuses. The one entry point, parseRelaxedJson,
 * returns a plain tree, so another parser that keeps duplicates and offsets (jsonc-parser's parseTree)
 * could stand behind it.
 */

/** Where a value starts: 1-based line and column. */
export interface JsonPosition {
  line: number;
  column: number;
}

export interface JsonEntry {
  key: string;
  value: JsonNode;
  at: JsonPosition;
}

export type JsonNode =
  | { kind: 'object'; entries: JsonEntry[]; at: JsonPosition }
  | { kind: 'array'; items: JsonNode[]; at: JsonPosition }
  | { kind: 'string'; value: string; at: JsonPosition }
  /** `integer`: written without a fraction or exponent, as json-c's int type. */
  | { kind: 'number'; value: number; integer: boolean; at: JsonPosition }
  | { kind: 'boolean'; value: boolean; at: JsonPosition }
  | { kind: 'null'; at: JsonPosition }
  /** A key written without a colon and value (workgen's bare `"suspend"`). */
  | { kind: 'missing'; at: JsonPosition };

/** A syntax error: where, what was expected, and the keys of the objects around it (outermost first). */
export class RelaxedJsonError extends Error {
  override name = 'RelaxedJsonError';
  constructor(
    readonly at: JsonPosition,
    readonly problem: string,
    readonly keys: readonly string[],
  ) {
    super(`${at.line}:${at.column}: ${problem}`);
  }
}

const ESCAPES: Record<string, string> = {
  '"': '"',
  "'": "'",
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
};
/** Deep enough for any rt-app file (tasks, phases, a timer's object), shallow enough for the stack. */
const MAX_DEPTH = 64;

/**
 * Parses rt-app's relaxed JSON.
 *
 * @param text - the file's text
 * @returns the tree of the one value the text holds
 * @throws RelaxedJsonError with the line and column of the first syntax error
 */
export function parseRelaxedJson(text: string): JsonNode {
  let i = 0;
  let line = 1;
  let lineStart = 0;
  const keys: string[] = [];

  const here = (): JsonPosition => ({ line, column: i - lineStart + 1 });
  const fail = (problem: string, at: JsonPosition = here()): never => {
    throw new RelaxedJsonError(at, problem, [...keys]);
  };
  const describe = (): string => (i >= text.length ? 'the end of the file' : `'${text[i]}'`);

  const skipBlank = (): void => {
    while (i < text.length) {
      const c = text[i]!;
      if (c === '\n') {
        i++;
        line++;
        lineStart = i;
      } else if (c === ' ' || c === '\t' || c === '\r') {
        i++;
      } else if (c === '/' && text[i + 1] === '/') {
        while (i < text.length && text[i] !== '\n') i++;
      } else if (c === '/' && text[i + 1] === '*') {
        const start = here();
        i += 2;
        for (;;) {
          if (i >= text.length) fail('a comment opened here is never closed with */', start);
          if (text[i] === '*' && text[i + 1] === '/') {
            i += 2;
            break;
          }
          if (text[i] === '\n') {
            line++;
            lineStart = i + 1;
          }
          i++;
        }
      } else {
        return;
      }
    }
  };

  const readString = (): string => {
    const quote = text[i]!;
    const start = here();
    i++;
    let out = '';
    for (;;) {
      if (i >= text.length || text[i] === '\n') fail(`a string opened here is never closed with ${quote}`, start);
      const c = text[i]!;
      if (c === quote) {
        i++;
        return out;
      }
      if (c === '\\') {
        const e = text[i + 1];
        if (e === 'u') {
          const hex = text.slice(i + 2, i + 6);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail('expected four hexadecimal digits after \\u');
          out += String.fromCharCode(parseInt(hex, 16));
          i += 6;
        } else if (e !== undefined && ESCAPES[e] !== undefined) {
          out += ESCAPES[e];
          i += 2;
        } else {
          fail(`unknown escape \\${e ?? ''} in a string`);
        }
      } else {
        out += c;
        i++;
      }
    }
  };

  const readNumber = (): JsonNode => {
    const at = here();
    const m = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(text.slice(i, i + 400));
    if (!m) return fail(`expected a value, found ${describe()}`);
    i += m[0].length;
    const value = Number(m[0]);
    if (!Number.isFinite(value)) fail(`the number ${m[0]} is too large`, at);
    return { kind: 'number', value, integer: m[2] === undefined && m[3] === undefined, at };
  };

  const readWord = (): JsonNode => {
    const at = here();
    const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i, i + 100));
    const word = m?.[0] ?? '';
    i += word.length;
    switch (word.toLowerCase()) {
      case 'true':
        return { kind: 'boolean', value: true, at };
      case 'false':
        return { kind: 'boolean', value: false, at };
      case 'null':
        return { kind: 'null', at };
    }
    return fail(
      `expected a value (a number, a "string", true, false, null, an object or an array), found '${word}'`,
      at,
    );
  };

  const readValue = (depth: number): JsonNode => {
    skipBlank();
    if (depth > MAX_DEPTH) fail(`values nested deeper than ${MAX_DEPTH} levels`);
    const c = text[i];
    if (c === '{') return readObject(depth);
    if (c === '[') return readArray(depth);
    if (c === '"' || c === "'") {
      const at = here();
      return { kind: 'string', value: readString(), at };
    }
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return readNumber();
    if (c !== undefined && /[A-Za-z_]/.test(c)) return readWord();
    return fail(`expected a value, found ${describe()}`);
  };

  const readObject = (depth: number): JsonNode => {
    const at = here();
    i++;
    const entries: JsonEntry[] = [];
    for (;;) {
      skipBlank();
      if (text[i] === '}') {
        i++;
        return { kind: 'object', entries, at };
      }
      if (text[i] !== '"' && text[i] !== "'") fail(`expected a "key" or '}', found ${describe()}`);
      const keyAt = here();
      const key = readString();
      skipBlank();
      if (text[i] === ',' || text[i] === '}') {
        // workgen's bare key: no colon, no value.
        entries.push({ key, value: { kind: 'missing', at: keyAt }, at: keyAt });
      } else {
        if (text[i] !== ':') fail(`expected ':' after the key "${key}", found ${describe()}`);
        i++;
        keys.push(key);
        entries.push({ key, value: readValue(depth + 1), at: keyAt });
        keys.pop();
        skipBlank();
      }
      if (text[i] === ',') i++;
      else if (text[i] !== '}') fail(`expected ',' or '}' after the value of "${key}", found ${describe()}`);
    }
  };

  const readArray = (depth: number): JsonNode => {
    const at = here();
    i++;
    const items: JsonNode[] = [];
    for (;;) {
      skipBlank();
      if (text[i] === ']') {
        i++;
        return { kind: 'array', items, at };
      }
      items.push(readValue(depth + 1));
      skipBlank();
      if (text[i] === ',') i++;
      else if (text[i] !== ']') fail(`expected ',' or ']' in an array, found ${describe()}`);
    }
  };

  const value = readValue(0);
  skipBlank();
  if (i < text.length) fail(`expected the end of the file after the top-level value, found ${describe()}`);
  return value;
}
