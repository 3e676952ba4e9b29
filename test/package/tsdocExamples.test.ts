/**
 * The `@example` blocks of the API reference are code a user copies, so each one must compile: every
 * ```ts fence after an `@example` tag in the package's sources is type-checked here, as a module of
 * its own that imports the package by its public names ('twinrtm', 'twinrtm/testkit',
 * 'twinrtm/hil', mapped to the sources), with the project's compiler options. The examples are
 * checked, not run: some need a board or an agent (examples/ holds the runnable ones, which
 * test/examples/ runs).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The folders the three entry points export from (cli/, test/ and bench/ are not part of the package's API). */
const SOURCES = ['index.ts', 'dnn', 'models', 'calibration', 'policies', 'sim', 'scenarios', 'testkit', 'hil'];

interface Example {
  /** Where it is, as "file:line". */
  where: string;
  /** The declaration or module it documents, as the line after its comment names it. */
  owner: string;
  code: string;
}

function sourceFiles(path: string): string[] {
  const full = join(ROOT, path);
  if (statSync(full).isFile()) return path.endsWith('.ts') ? [path] : [];
  return readdirSync(full).flatMap((name) => (name === 'node_modules' ? [] : sourceFiles(join(path, name))));
}

/** Every ```ts fence that follows an @example tag in a doc comment of a file's text. */
function examplesOf(file: string, text: string): Example[] {
  const lines = text.split('\n');
  const found: Example[] = [];
  let inExample = false;
  let fence: { start: number; code: string[] } | null = null;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const text = line.replace(/^\s*\/?\*+\/?\s?/, '');
    if (fence) {
      if (text.trim() === '```') {
        const close = lines.slice(i).findIndex((l) => l.includes('*/'));
        const after = lines.slice(i + close + 1).find((l) => l.trim() !== '') ?? '';
        const owner = /@module\s+(\S+)/.exec(lines.slice(fence.start, i + close + 1).join('\n'))?.[1] ?? after.trim();
        found.push({ where: `${file}:${fence.start + 1}`, owner, code: fence.code.join('\n') });
        fence = null;
      } else {
        fence.code.push(text);
      }
    } else if (/^\s*\*?\s*@example\b/.test(line)) {
      inExample = true;
    } else if (inExample && /^```(ts|typescript)\s*$/.test(text.trim())) {
      fence = { start: i, code: [] };
    } else if (/^\s*\*?\s*@\w+/.test(line) || line.includes('*/')) {
      inExample = false;
    }
  }
  return found;
}

const EXAMPLES = SOURCES.flatMap(sourceFiles).flatMap((file) =>
  examplesOf(file, readFileSync(join(ROOT, file), 'utf8')),
);

/** An example that must not compile (simulate takes a Scenario, not a string): proof the check can fail. */
const BROKEN = examplesOf(
  'broken.ts',
  [
    '/**',
    ' * @example',
    ' * ```ts',
    " * import { createRtm, simulate } from 'twinrtm';",
    " * simulate('xu3-default', createRtm());",
    ' * ```',
    ' */',
    'export function broken() {}',
  ].join('\n'),
);

/** Type-checks each example as a module of its own; the diagnostics per example, '' when it compiles. */
function typeCheck(examples: readonly Example[]): string[] {
  const config = ts.getParsedCommandLineOfConfigFile(
    join(ROOT, 'tsconfig.json'),
    {},
    { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} },
  )!;
  const options: ts.CompilerOptions = {
    ...config.options,
    noEmit: true,
    declaration: false,
    sourceMap: false,
    baseUrl: ROOT,
    paths: { twinrtm: ['index.ts'], 'twinrtm/testkit': ['testkit/index.ts'], 'twinrtm/hil': ['hil/index.ts'] },
  };
  // In-memory files beside the tests, so packages resolve from the project's node_modules.
  const virtual = new Map(examples.map((e, i) => [join(ROOT, 'test/package', `example${i}.ts`), e.code]));
  const host = ts.createCompilerHost(options);
  const read = host.getSourceFile.bind(host);
  host.getSourceFile = (file, language, ...rest) =>
    virtual.has(file) ? ts.createSourceFile(file, virtual.get(file)!, language, true) : read(file, language, ...rest);
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (file) => virtual.has(file) || fileExists(file);
  const program = ts.createProgram([...virtual.keys()], options, host);
  return [...virtual.keys()].map((file) => {
    const source = program.getSourceFile(file)!;
    const diagnostics = [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)];
    return diagnostics
      .map((d) => {
        const line = d.start === undefined ? '?' : source.getLineAndCharacterOfPosition(d.start).line + 1;
        return `line ${line}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`;
      })
      .join('; ');
  });
}

describe('the examples in the API reference', () => {
  it('should be found where the reference promises them', () => {
    const owners = EXAMPLES.map((e) => e.owner);
    // The main entries of each entry point; a name here whose example moves or goes fails the test.
    for (const expected of [
      'twinrtm/testkit',
      'twinrtm/hil',
      'export interface Policy',
      'export function simulate(',
      'export function createRtm',
      'export function chooseConfiguration',
      'export function checkPolicy',
      'export function checkScenario',
      'export function predict(',
      'export function paretoFront',
      'export function checkPlatform',
      'export function anytimeProfileOf',
      'export async function startEmulator',
    ]) {
      expect(
        owners.some((o) => o.startsWith(expected)),
        `no @example on ${expected} (found: ${owners.join(', ')})`,
      ).toBe(true);
    }
  });

  it('should each type-check against the sources', { timeout: 180_000 }, () => {
    expect(BROKEN).toEqual([
      {
        where: 'broken.ts:3',
        owner: 'export function broken() {}',
        code: "import { createRtm, simulate } from 'twinrtm';\nsimulate('xu3-default', createRtm());",
      },
    ]);
    const problems = typeCheck([...EXAMPLES, ...BROKEN]);
    const failing = EXAMPLES.map((e, i) =>
      problems[i] === '' ? '' : `${e.where} (${e.owner}): ${problems[i]}`,
    ).filter((p) => p !== '');
    expect(failing, failing.join('\n')).toEqual([]);
    expect(problems.at(-1)).toMatch(
      /line 2: Argument of type 'string' is not assignable to parameter of type 'Scenario'/,
    );
  });
});
