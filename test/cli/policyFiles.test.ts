/**
 * User policy files as a newcomer writes them: in a folder of their own outside the project, with
 * or without a package.json, in any of the six extensions, as an ES module or as CommonJS. Each
 * file is written to a temporary folder under the system temp directory and loaded the way
 * `twinrtm simulate --policy FILE` loads it.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { InputError } from '../../dnn/inputError.js';
import { loadPolicyModule } from '../../cli/loadPolicyModule.js';
import { expectOneLineRefusal, runJson, run } from './run.js';

const root = mkdtempSync(join(tmpdir(), 'twinrtm-policy-files-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** The folder kinds a user's governor may sit in: what its package.json says, if there is one. */
const FOLDERS = {
  'no package.json': null,
  '"type": "commonjs"': { type: 'commonjs' },
  '"type": "module"': { type: 'module' },
  'package.json without type': {},
} as const;
type Folder = keyof typeof FOLDERS;

const EXTENSIONS = ['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs'] as const;
type Extension = (typeof EXTENSIONS)[number];

/** A policy object literal; TypeScript files get a type annotation, so they must be compiled to load. */
const literal = (name: string, ts: boolean) =>
  `{ name: ${JSON.stringify(name)}, decide(${ts ? 'observation: unknown' : 'observation'})${ts ? ': null' : ''} { return null; } }`;

interface Style {
  system: 'esm' | 'cjs';
  source(name: string, ts: boolean): string;
}

const STYLES: Record<string, Style> = {
  'export default a Policy': {
    system: 'esm',
    source: (n, ts) => `const policy = ${literal(n, ts)};\nexport default policy;\n`,
  },
  'export default a factory': {
    system: 'esm',
    source: (n, ts) => `export default function create() {\n  return ${literal(n, ts)};\n}\n`,
  },
  'module.exports = a Policy': { system: 'cjs', source: (n, ts) => `module.exports = ${literal(n, ts)};\n` },
  'module.exports = a factory': {
    system: 'cjs',
    source: (n, ts) => `module.exports = function create() {\n  return ${literal(n, ts)};\n};\n`,
  },
  'exports.default = a Policy': { system: 'cjs', source: (n, ts) => `exports.default = ${literal(n, ts)};\n` },
};

/**
 * Whether Node's own rules let a file of this system load: ES syntax is refused only in a .cjs
 * file; CommonJS names only in .mjs and in .js under "type": "module". (.mts with module.exports
 * loads through tsx, but Node's rules make .mts an ES module, so it is not promised.)
 */
function loads(system: Style['system'], ext: Extension, folder: Folder): boolean {
  if (system === 'esm') return ext !== '.cjs';
  if (ext === '.mjs' || ext === '.mts') return false;
  return !(ext === '.js' && folder === '"type": "module"');
}

let folderCount = 0;
/** A new folder of the given kind under the temp root. */
function folder(kind: Folder): string {
  const dir = join(root, `f${folderCount++}`);
  mkdirSync(dir);
  const pkg = FOLDERS[kind];
  if (pkg !== null) writeFileSync(join(dir, 'package.json'), JSON.stringify(pkg));
  return dir;
}

/** Writes `source` as `name` in a new folder of the given kind; returns its path. */
function policyFile(kind: Folder, name: string, source: string): string {
  const path = join(folder(kind), name);
  writeFileSync(path, source);
  return path;
}

const cases = Object.entries(STYLES).flatMap(([style, s]) =>
  (Object.keys(FOLDERS) as Folder[]).flatMap((kind) =>
    EXTENSIONS.filter((ext) => loads(s.system, ext, kind)).map((ext) => ({ style, kind, ext, s })),
  ),
);

describe('loadPolicyModule: every extension, folder kind and export style that Node lets load', () => {
  it.each(cases)('$style in a $ext file, folder with $kind', async ({ style, kind, ext, s }) => {
    const name = `${style} ${ext} ${kind}`.replace(/[^a-z0-9.]+/gi, '-');
    const policy = await loadPolicyModule(policyFile(kind, `governor${ext}`, s.source(name, ext.endsWith('ts'))));
    expect(policy.name).toBe(name);
    expect(policy.decide({} as never)).toBeNull();
  });
});

describe('twinrtm simulate --policy FILE outside the project', () => {
  it('runs a .ts file with export default in a folder without package.json (compiled as CommonJS)', async () => {
    const path = policyFile(
      'no package.json',
      'my-governor.ts',
      STYLES['export default a Policy']!.source('my-governor', true),
    );
    const json = await runJson('simulate', 'xu3-steady-30fps', '--policy', path, '--duration', '2', '--json');
    expect(json.results.map((r: { policy: string }) => r.policy)).toEqual(['my-governor']);
    expect(json.results[0].metrics.inferences).toBeGreaterThan(0);
  });

  it('runs a .js file whose module.exports is a factory', async () => {
    const path = policyFile(
      'no package.json',
      'governor.js',
      STYLES['module.exports = a factory']!.source('cjs-factory', false),
    );
    expect(
      (await runJson('simulate', 'xu3-steady-30fps', '--policy', path, '--duration', '2', '--json')).results[0].policy,
    ).toBe('cjs-factory');
  });

  it('runs a .cts file with exports.default under "type": "module"', async () => {
    const path = policyFile(
      '"type": "module"',
      'governor.cts',
      STYLES['exports.default = a Policy']!.source('cts-default', true),
    );
    expect(
      (await runJson('simulate', 'xu3-steady-30fps', '--policy', path, '--duration', '2', '--json')).results[0].policy,
    ).toBe('cts-default');
  });

  it('runs a class default export, one instance', async () => {
    const path = policyFile(
      'no package.json',
      'governor.ts',
      'export default class Governor {\n  readonly name = "a-class";\n  decide(): null {\n    return null;\n  }\n}\n',
    );
    expect(
      (await runJson('simulate', 'xu3-steady-30fps', '--policy', path, '--duration', '2', '--json')).results[0].policy,
    ).toBe('a-class');
  });
});

describe('a file in the wrong module system: one line with the fix', () => {
  afterEach(() => vi.restoreAllMocks());

  it('refuses module.exports in a .mjs file, saying it is an ES module', async () => {
    const path = policyFile('no package.json', 'governor.mjs', STYLES['module.exports = a Policy']!.source('x', false));
    expectOneLineRefusal(
      await run('simulate', 'xu3-steady-30fps', '--policy', path, '--duration', '2'),
      path,
      'failed to load',
      'module is not defined',
      'use export default, or rename it .cjs',
    );
  });

  it('refuses module.exports in a .js file under "type": "module"', async () => {
    const path = policyFile('"type": "module"', 'governor.js', STYLES['module.exports = a Policy']!.source('x', false));
    expectOneLineRefusal(
      await run('simulate', 'xu3-steady-30fps', '--policy', path, '--duration', '2'),
      path,
      'use export default, or rename it .cjs',
    );
  });

  it('refuses export default in a .cjs file, saying it is CommonJS, and lets Node print no warning', async () => {
    const warnings: unknown[] = [];
    const onWarning = (w: unknown) => void warnings.push(w);
    process.on('warning', onWarning);
    const emitWarning = vi.spyOn(process, 'emitWarning');
    try {
      const path = policyFile('no package.json', 'governor.cjs', STYLES['export default a Policy']!.source('x', false));
      expectOneLineRefusal(
        await run('simulate', 'xu3-steady-30fps', '--policy', path, '--duration', '2'),
        path,
        "Unexpected token 'export'",
        'use module.exports = ..., or rename it .mjs',
      );
      await new Promise((resolve) => setImmediate(resolve));
      expect(emitWarning).not.toHaveBeenCalled();
      expect(warnings).toEqual([]);
    } finally {
      process.off('warning', onWarning);
    }
  });

  it('passes on the warnings of a file that loads', async () => {
    const emitWarning = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    const path = policyFile(
      'no package.json',
      'governor.mjs',
      `process.emitWarning('from the governor');\nexport default ${literal('warns', false)};\n`,
    );
    expect((await loadPolicyModule(path)).name).toBe('warns');
    expect(emitWarning).toHaveBeenCalledWith('from the governor');
  });
});

describe('a file that exports no Policy: one line saying what it exports instead', () => {
  const refusal = async (ext: Extension, source: string, kind: Folder = 'no package.json') => {
    const path = policyFile(kind, `governor${ext}`, source);
    return { path, r: await run('simulate', 'xu3-steady-30fps', '--policy', path, '--duration', '2') };
  };

  it.each(['.ts', '.mts', '.js'] as const)('names the exports of a %s file with only named exports', async (ext) => {
    const { path, r } = await refusal(ext, 'export const foo = 1;\nexport function bar() {}\n');
    expectOneLineRefusal(r, path, 'exports no Policy', 'it exports only bar, foo and no default export');
  });

  it('says the default export is a number', async () => {
    const { path, r } = await refusal('.ts', 'export default 42;\n');
    expectOneLineRefusal(r, path, 'its default export is a number (42)');
  });

  it('says what a factory returned', async () => {
    const { path, r } = await refusal('.ts', 'export default function create() {}\n');
    expectOneLineRefusal(r, path, 'its default export is a factory that returned undefined');
  });

  it('says what a factory threw', async () => {
    const { path, r } = await refusal('.mjs', 'export default () => { throw new TypeError("no board"); };\n');
    expectOneLineRefusal(r, path, 'a factory that threw: no board');
  });

  it('says an object lacks decide()', async () => {
    const { path, r } = await refusal('.cjs', 'module.exports = { name: "half" };\n');
    expectOneLineRefusal(r, path, 'its default export is an object with name but no decide() function');
  });

  it('says an empty file exports nothing, whatever compiles it', async () => {
    for (const ext of ['.ts', '.mjs', '.cjs'] as const) {
      const { path, r } = await refusal(ext, '');
      expectOneLineRefusal(r, path, 'it exports nothing');
    }
  });

  it('says a factory must not be async', async () => {
    const { path, r } = await refusal('.ts', `export default async () => (${literal('late', true)});\n`);
    expectOneLineRefusal(r, path, 'returned a Promise');
  });
});

describe('a file that fails to load: one line naming it and the first line of the cause', () => {
  it('gives the position of a TypeScript syntax error', async () => {
    const path = policyFile(
      'no package.json',
      'governor.ts',
      'const x: number = 1;\nconst y: number = ;\nexport default x + y;\n',
    );
    expectOneLineRefusal(
      await run('simulate', 'xu3-steady-30fps', '--policy', path, '--duration', '2'),
      path,
      'failed to load: syntax error at line 2, column 18',
    );
  });

  it('gives the first line of an error thrown at the top level', async () => {
    const path = policyFile('no package.json', 'governor.ts', 'throw new Error("no such board\\nsecond line");\n');
    const r = await run('simulate', 'xu3-steady-30fps', '--policy', path, '--duration', '2');
    expectOneLineRefusal(r, path, 'failed to load: no such board');
    expect(r.err).not.toContain('second line');
  });

  it('names a missing import', async () => {
    const path = policyFile(
      'no package.json',
      'governor.ts',
      'import { helper } from "./helper.js";\nexport default helper;\n',
    );
    expectOneLineRefusal(
      await run('simulate', 'xu3-steady-30fps', '--policy', path, '--duration', '2'),
      path,
      "Cannot find module './helper.js'",
    );
  });

  it("makes a reset() that throws the user's refusal, not an internal error", async () => {
    const path = policyFile(
      'no package.json',
      'governor.ts',
      'export default { name: "picky", reset() { throw new Error("only on jetson-nano"); }, decide: () => null };\n',
    );
    expectOneLineRefusal(
      await run('simulate', 'xu3-steady-30fps', '--policy', path, '--duration', '2'),
      path,
      'reset() threw: only on jetson-nano',
    );
  });
});

describe('a path that is not a policy file', () => {
  it('refuses a directory', async () => {
    const dir = folder('no package.json');
    expectOneLineRefusal(
      await run('simulate', 'xu3-steady-30fps', '--policy', dir),
      dir,
      'is a directory',
      '.ts, .mts, .cts, .js, .mjs or .cjs',
    );
  });

  it('refuses a file that is not a module', async () => {
    const path = policyFile('no package.json', 'governor.json', '{}');
    expectOneLineRefusal(await run('simulate', 'xu3-steady-30fps', '--policy', path), path, 'is not a module');
  });

  it('suggests the file the user meant when the extension is left off', async () => {
    const path = policyFile('no package.json', 'governor.ts', `export default ${literal('x', true)};\n`);
    const bare = path.slice(0, -'.ts'.length);
    expectOneLineRefusal(
      await run('simulate', 'xu3-steady-30fps', '--policy', bare),
      `${bare} does not exist (did you mean ${path}?)`,
    );
  });

  it('throws InputError from the library function too', async () => {
    await expect(loadPolicyModule(join(root, 'nothing-here.ts'))).rejects.toThrow(InputError);
  });
});
