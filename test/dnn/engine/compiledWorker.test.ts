import { execFileSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';
import { networkById } from '../../../dnn/builtinNetworks.js';
import { createEngine } from '../../../dnn/engine/engine.js';
import { randomWeights } from '../../../dnn/engine/randomWeights.js';
import { seededInput } from './fixtures.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const out = mkdtempSync(join(tmpdir(), 'twinrtm-engine-js-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

/** dnn/ as the package ships it: .js files (type-stripped, as tsc emits them) and the JSON data. */
function compileDnn(): void {
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
      entry.isDirectory() ? walk(join(dir, entry.name)) : [join(dir, entry.name)],
    );
  for (const file of walk(join(root, 'dnn'))) {
    const target = join(out, relative(root, file));
    mkdirSync(dirname(target), { recursive: true });
    if (file.endsWith('.json')) cpSync(file, target);
    if (!file.endsWith('.ts')) continue;
    const { outputText } = ts.transpileModule(readFileSync(file, 'utf8'), {
      fileName: file,
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: true },
    });
    writeFileSync(target.replace(/\.ts$/, '.js'), outputText);
  }
  writeFileSync(join(out, 'package.json'), '{ "type": "module" }\n');
  symlinkSync(join(root, 'node_modules'), join(out, 'node_modules'), 'dir');
}

const script = `
import { networkById } from './dnn/builtinNetworks.js';
import { createParallelEngine } from './dnn/engine/parallelEngine.js';
import { mulberry32 } from './dnn/engine/mulberry32.js';
import { randomWeights } from './dnn/engine/randomWeights.js';
const dnn = networkById('alexnet-cifar10-g4');
const next = mulberry32(6);
const input = Float32Array.from({ length: 3 * 32 * 32 }, () => 2 * next() - 1);
const engine = await createParallelEngine(randomWeights(dnn, 12), 2);
const result = await engine.runAsync(input, 3);
await engine.close();
console.log(JSON.stringify(Array.from(result.logits)));
`;

describe('the parallel engine from compiled JavaScript', () => {
  it('starts worker.js directly (no TypeScript beside it) and gives the same logits', () => {
    compileDnn();
    expect(existsSync(join(out, 'dnn/engine/worker.js'))).toBe(true);
    expect(existsSync(join(out, 'dnn/engine/worker.ts'))).toBe(false);
    writeFileSync(join(out, 'run.mjs'), script);
    const printed = execFileSync(process.execPath, [join(out, 'run.mjs')], {
      cwd: out,
      encoding: 'utf8',
      timeout: 60_000,
    });
    const dnn = networkById('alexnet-cifar10-g4');
    const expected = createEngine(randomWeights(dnn, 12)).run(seededInput(dnn, 6), 3).logits;
    expect(JSON.parse(printed)).toEqual(Array.from(expected));
  });
});
