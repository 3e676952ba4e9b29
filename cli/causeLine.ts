/**
 * One line for an error thrown by a user's file (loading it, or its policy's reset()): the first
 * line of the cause with its class, a syntax error's position instead of the compiler's preamble,
 * and a hint when the file's module system is the wrong one for its syntax (the commonest
 * newcomer mistake, and Node's own hint spans lines).
 */

/** esbuild (through tsx): "Transform failed with 1 error:\n/path/file.ts:3:9: ERROR: Expected ';'". */
const ESBUILD_ERROR = /:(\d+):(\d+): ERROR: (.+)$/m;

/** ES module syntax in a file that Node loads as CommonJS (a .cjs file). */
const ESM_SYNTAX_IN_CJS = /Unexpected token 'export'|Cannot use import statement outside a module/;

/** CommonJS names in a file that Node loads as an ES module (.mjs, or .js under "type": "module"). */
const CJS_NAMES_IN_ESM = /\b(module|exports|require) is not defined in ES module scope/;

export function causeLine(err: unknown): string {
  if (!(err instanceof Error)) return `it threw ${typeof err === 'string' ? JSON.stringify(err) : String(err)}`;
  const syntax = ESBUILD_ERROR.exec(err.message);
  if (syntax) return `syntax error at line ${syntax[1]}, column ${syntax[2]}: ${syntax[3]!.trim()}`;
  const first = err.message.split('\n')[0]!.trim();
  const cause = first === '' ? `${err.name} with no message` : err.name === 'Error' ? first : `${err.name}: ${first}`;
  if (ESM_SYNTAX_IN_CJS.test(first))
    return `${cause} (the file is loaded as CommonJS: use module.exports = ..., or rename it .mjs)`;
  if (CJS_NAMES_IN_ESM.test(first))
    return `${cause} (the file is loaded as an ES module: use export default, or rename it .cjs)`;
  return cause;
}
