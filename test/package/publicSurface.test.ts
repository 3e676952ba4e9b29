/**
 * The package's public surface, made deliberate: the names `twinrtm`, `twinrtm/testkit` and
 * `twinrtm/hil` export are listed in test/package/publicSurface.json, and any change to them fails here until the list
 * is updated on purpose. Values are what importing the entry point gives; types are the names the
 * TypeScript checker sees exported beyond them (interfaces, type aliases, `export type`).
 *
 * When the change is intended, review the diff in the failure and rewrite the list:
 *
 *   UPDATE_PUBLIC_SURFACE=1 npx vitest run test/package/publicSurface.test.ts
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const LIST = fileURLToPath(new URL('publicSurface.json', import.meta.url));

/** Each public entry point (its package.json export) and its source. */
const ENTRIES = { twinrtm: 'index.ts', 'twinrtm/testkit': 'testkit/index.ts', 'twinrtm/hil': 'hil/index.ts' } as const;
type EntryName = keyof typeof ENTRIES;

interface Surface {
  values: string[];
  types: string[];
}

/** The names each entry exports, as the checker sees them (types included). */
function checkerExports(): Record<EntryName, string[]> {
  const options: ts.CompilerOptions = {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    resolveJsonModule: true,
    noEmit: true,
    noLib: true,
    types: [],
  };
  // Only the project's own modules can add exports to its entry points: every other file (packages,
  // JSON) is read as empty, which keeps this to the parsing of the sources.
  const host = ts.createCompilerHost(options);
  const read = host.getSourceFile.bind(host);
  host.getSourceFile = (file, language, ...rest) =>
    file.includes('/node_modules/') || !file.endsWith('.ts')
      ? ts.createSourceFile(file, '', language)
      : read(file, language, ...rest);
  const files = Object.values(ENTRIES).map((f) => ROOT + f);
  const program = ts.createProgram(files, options, host);
  const checker = program.getTypeChecker();
  const names = (file: string) => {
    const module = checker.getSymbolAtLocation(program.getSourceFile(file)!)!;
    return checker.getExportsOfModule(module).map((s) => s.name);
  };
  return Object.fromEntries(Object.entries(ENTRIES).map(([entry, file]) => [entry, names(ROOT + file)])) as Record<
    EntryName,
    string[]
  >;
}

async function currentSurface(): Promise<Record<EntryName, Surface>> {
  const modules: Record<EntryName, Record<string, unknown>> = {
    twinrtm: await import('../../index.js'),
    'twinrtm/testkit': await import('../../testkit/index.js'),
    'twinrtm/hil': await import('../../hil/index.js'),
  };
  const declared = checkerExports();
  const surface = {} as Record<EntryName, Surface>;
  for (const entry of Object.keys(ENTRIES) as EntryName[]) {
    const values = Object.keys(modules[entry]).sort();
    const types = declared[entry].filter((n) => !values.includes(n)).sort();
    surface[entry] = { values, types };
  }
  return surface;
}

/** What was added and removed between two lists, one line each, or '' when they are equal. */
function diff(entry: string, kind: string, committed: readonly string[], now: readonly string[]): string {
  const added = now.filter((n) => !committed.includes(n));
  const removed = committed.filter((n) => !now.includes(n));
  return [...added.map((n) => `  + ${entry} ${kind} ${n}`), ...removed.map((n) => `  - ${entry} ${kind} ${n}`)].join(
    '\n',
  );
}

describe('the public surface of the package', () => {
  it('should export exactly the names listed in test/package/publicSurface.json', async () => {
    const now = await currentSurface();
    if (process.env.UPDATE_PUBLIC_SURFACE === '1') writeFileSync(LIST, `${JSON.stringify(now, null, 2)}\n`);
    const committed = JSON.parse(readFileSync(LIST, 'utf8')) as Record<EntryName, Surface>;
    const changes = (Object.keys(ENTRIES) as EntryName[])
      .flatMap((entry) => [
        diff(entry, 'value', committed[entry]?.values ?? [], now[entry].values),
        diff(entry, 'type', committed[entry]?.types ?? [], now[entry].types),
      ])
      .filter((d) => d !== '')
      .join('\n');
    expect(
      changes,
      `The public surface changed (+ now exported, - no longer exported):\n${changes}\n` +
        'If an export leaked by accident, remove it from the entry point. If the change is on purpose ' +
        '(and the CHANGELOG says so), review it and update the list: UPDATE_PUBLIC_SURFACE=1 npx vitest run test/package/publicSurface.test.ts',
    ).toBe('');
  });

  it('should keep the list sorted and free of duplicates, a name being a value or a type, not both', () => {
    const committed = JSON.parse(readFileSync(LIST, 'utf8')) as Record<EntryName, Surface>;
    expect(Object.keys(committed).sort()).toEqual(Object.keys(ENTRIES).sort());
    for (const { values, types } of Object.values(committed)) {
      for (const list of [values, types]) expect(list).toEqual([...new Set(list)].sort());
      expect(values.filter((n) => types.includes(n))).toEqual([]);
    }
  });
});
