import { describe, expect, it } from 'vitest';
import { parseRelaxedJson, RelaxedJsonError, type JsonNode } from '../../../scenarios/rtapp/relaxedJson.js';

/** The tree as plain values: objects as [key, value] lists, so order and duplicates show. */
function plain(node: JsonNode): unknown {
  switch (node.kind) {
    case 'object':
      return node.entries.map((e) => [e.key, plain(e.value)]);
    case 'array':
      return node.items.map(plain);
    case 'null':
      return null;
    case 'missing':
      return '<missing>';
    default:
      return node.value;
  }
}

function errorOf(text: string): RelaxedJsonError {
  try {
    parseRelaxedJson(text);
  } catch (err) {
    if (err instanceof RelaxedJsonError) return err;
    throw err;
  }
  throw new Error('parsed');
}

describe('parseRelaxedJson', () => {
  it('should read plain JSON', () => {
    expect(plain(parseRelaxedJson('{"a": [1, 2.5, -3e2], "b": {"c": "x"}, "d": true, "e": null}'))).toEqual([
      ['a', [1, 2.5, -300]],
      ['b', [['c', 'x']]],
      ['d', true],
      ['e', null],
    ]);
  });

  it('should skip /* */ and // comments, as json-c does', () => {
    const text = '/* head\n * more */\n{\n  // a line comment\n  "a": 1, /* inline */ "b": 2 // tail\n}\n';
    expect(plain(parseRelaxedJson(text))).toEqual([
      ['a', 1],
      ['b', 2],
    ]);
  });

  it('should take a comma before } and ]', () => {
    expect(plain(parseRelaxedJson('{"a": [1, 2,], "b": 3,}'))).toEqual([
      ['a', [1, 2]],
      ['b', 3],
    ]);
  });

  it("should take single-quoted strings and True, FALSE, Null, as json-c's non-strict mode does", () => {
    expect(plain(parseRelaxedJson('{\'a\': \'it\\\'s\', "b": True, "c": FALSE, "d": Null}'))).toEqual([
      ['a', "it's"],
      ['b', true],
      ['c', false],
      ['d', null],
    ]);
  });

  it('should keep every duplicate key in file order, as workgen makes them unique', () => {
    expect(plain(parseRelaxedJson('{"run": 1, "sleep": 2, "run": 3}'))).toEqual([
      ['run', 1],
      ['sleep', 2],
      ['run', 3],
    ]);
  });

  it('should keep keys that look like integers where they stand', () => {
    expect((plain(parseRelaxedJson('{"b": 1, "2": 2, "1": 3}')) as [string, unknown][]).map(([key]) => key)).toEqual([
      'b',
      '2',
      '1',
    ]);
  });

  it('should keep a key written without a value (workgen\'s bare "suspend") as missing', () => {
    expect(plain(parseRelaxedJson('{"run": 1, "suspend", "run": 2, "suspend"}'))).toEqual([
      ['run', 1],
      ['suspend', '<missing>'],
      ['run', 2],
      ['suspend', '<missing>'],
    ]);
  });

  it('should tell integers from numbers with a fraction or exponent', () => {
    const node = parseRelaxedJson('[10, 10.0, 1e3]');
    expect(node.kind === 'array' && node.items.map((n) => n.kind === 'number' && n.integer)).toEqual([
      true,
      false,
      false,
    ]);
  });

  it('should say where each value starts', () => {
    const node = parseRelaxedJson('{\n  "a":\n    [1,\n     2]}');
    expect(node.kind === 'object' && node.entries[0]!.value.at).toEqual({ line: 3, column: 5 });
  });

  it.each([
    ['{a: 1}', 1, 2, `expected a "key" or '}'`],
    ['{"a" 1}', 1, 6, `expected ':' after the key "a"`],
    ['{"a": 1} {"b": 2}', 1, 10, 'expected the end of the file'],
    ['{"a": NaN}', 1, 7, "found 'NaN'"],
    ['{"a": 0x10}', 1, 8, "expected ',' or '}'"],
    ['{"a": 1 /* never closed', 1, 9, 'never closed'],
    ['{"a": "x\n"}', 1, 7, 'never closed'],
    ['{"a": [1 2]}', 1, 10, "expected ',' or ']'"],
    ['', 1, 1, 'the end of the file'],
  ])('should refuse %j at its line and column', (text, line, column, problem) => {
    const err = errorOf(text);
    expect(err.at).toEqual({ line, column });
    expect(err.problem).toContain(problem);
  });

  it('should name the keys around a syntax error', () => {
    expect(errorOf('{"tasks": {"t1": {"phases": {"p1": {"run": 10 "sleep": 5}}}}}').keys).toEqual([
      'tasks',
      't1',
      'phases',
      'p1',
    ]);
    expect(errorOf('{"tasks": {"t1": {"run": }}}').keys).toEqual(['tasks', 't1', 'run']);
  });
});
