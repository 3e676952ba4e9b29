/**
 * The package's entry points: `twinrtm` (the models, policies, simulator and calibration) loads no
 * HTTP server and nothing of the hardware-in-the-loop half, which lives at `twinrtm/hil`; every
 * subpath export points at a module that exists. Checked on the static import graph of the sources,
 * so it holds whatever this machine has built.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');

/** The static imports and re-exports of a module (dynamic import() is lazy, so not followed). */
function specifiers(source: string): string[] {
  const found: string[] = [];
  const pattern = /^\s*(?:import|export)\s[^;]*?\sfrom\s+'([^']+)'|^\s*import\s+'([^']+)'/gm;
  for (const m of source.matchAll(pattern)) found.push((m[1] ?? m[2])!);
  return found;
}

/** Every source file and every package a module loads, transitively. */
function closure(entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const stack = [resolve(ROOT, entry)];
  while (stack.length > 0) {
    const file = stack.pop()!;
    if (files.has(file)) continue;
    files.add(file);
    const source = readFileSync(file, 'utf8');
    for (const spec of specifiers(source)) {
      if (spec.startsWith('.')) {
        const target = resolve(dirname(file), spec.replace(/\.js$/, '.ts'));
        if (existsSync(target)) stack.push(target);
        else if (!spec.endsWith('.json'))
          throw new Error(`${relative(ROOT, file)} imports ${spec}, which does not exist`);
      } else {
        packages.add(spec);
      }
    }
  }
  return { files, packages };
}

const SERVER_PACKAGES = ['express', 'node:http', 'node:https', 'node:net', 'http', 'net'];

describe('the package entry points', () => {
  it('should load no server and nothing under hil/ or cli/ from the root entry', () => {
    const { files, packages } = closure('index.ts');
    const folders = new Set([...files].map((f) => relative(ROOT, f).split('/')[0]));
    expect([...folders].sort()).toEqual(['calibration', 'dnn', 'index.ts', 'models', 'policies', 'scenarios', 'sim']);
    for (const p of SERVER_PACKAGES) expect(packages.has(p), p).toBe(false);
  });

  it('should load no server from the test kit either', () => {
    const { files, packages } = closure('testkit/index.ts');
    expect([...files].filter((f) => /^(hil|cli)\//.test(relative(ROOT, f)))).toEqual([]);
    for (const p of SERVER_PACKAGES) expect(packages.has(p), p).toBe(false);
  });

  it('should offer the board side at twinrtm/hil, agent included', async () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      exports: Record<string, { import: string; types: string }>;
    };
    expect(Object.keys(pkg.exports).sort()).toEqual(['.', './hil', './package.json', './testkit'].sort());
    for (const [path, target] of Object.entries(pkg.exports)) {
      if (typeof target !== 'object') continue;
      const source = target.import.replace(/^\.\/dist\//, '').replace(/\.js$/, '.ts');
      expect(existsSync(join(ROOT, source)), `${path} -> ${source}`).toBe(true);
    }
    const hil = await import('../../hil/index.js');
    expect(typeof hil.startAgent).toBe('function');
    expect(typeof hil.runHil).toBe('function');
    expect(closure('hil/index.ts').packages.has('express')).toBe(true);
  });
});
