/**
 * The Fashion-MNIST folder read when none is given: the installed data set where it is, else the
 * committed fixture, found from the sources and from dist/ as the package ships it. The installed
 * folder is a parameter here, pointed at folders the test makes or at one that does not exist, so
 * nothing depends on what this machine has installed.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';
import { originNote, splitDescription } from '../../../dnn/data/describeSplit.js';
import {
  FASHION_MNIST_FIXTURE,
  fashionMnistFixtureDir,
  fashionMnistFolder,
} from '../../../dnn/data/fashionMnistFolder.js';
import { loadTestSplit } from '../../../dnn/data/testSplit.js';
import { InputError } from '../../../dnn/inputError.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'twinrtm-fashion-folder-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const SHAPE: [number, number, number] = [3, 32, 32];
const missing = join(dir, 'not-installed');
const fixture = join(ROOT, FASHION_MNIST_FIXTURE);

/** An "installed" folder holding `n` blank images labelled 0..n-1 mod 10. */
function installedFolder(n: number): string {
  const folder = join(dir, `installed-${n}`);
  mkdirSync(folder, { recursive: true });
  const idx = (dims: number[], data: Uint8Array) => {
    const header = Buffer.alloc(4 + 4 * dims.length);
    header[2] = 0x08;
    header[3] = dims.length;
    dims.forEach((d, i) => {
      header.writeUInt32BE(d, 4 + 4 * i);
    });
    return Buffer.concat([header, data]);
  };
  writeFileSync(join(folder, 't10k-images-idx3-ubyte'), idx([n, 28, 28], new Uint8Array(n * 784)));
  writeFileSync(
    join(folder, 't10k-labels-idx1-ubyte'),
    idx(
      [n],
      Uint8Array.from({ length: n }, (_, i) => i % 10),
    ),
  );
  return folder;
}

describe('fashionMnistFolder', () => {
  it('takes a given folder as given, whether or not it exists', () => {
    expect(fashionMnistFolder(join(dir, 'anything'), missing)).toEqual({
      directory: join(dir, 'anything'),
      origin: 'given',
    });
  });

  it('reads the installed data set where it exists', () => {
    const installed = installedFolder(3);
    expect(fashionMnistFolder(undefined, installed)).toEqual({ directory: installed, origin: 'installed' });
  });

  it('falls back to the committed fixture where nothing is installed', () => {
    expect(fashionMnistFolder(undefined, missing)).toEqual({ directory: fixture, origin: 'fixture' });
    expect(fashionMnistFixtureDir()).toBe(fixture);
  });
});

describe('loadTestSplit without a folder', () => {
  it('reads the fixture when nothing is installed: 500 images, marked as the fixture', () => {
    const split = loadTestSplit('fashion-mnist', undefined, SHAPE, undefined, { installedFashionMnist: missing });
    expect([split.origin, split.directory, split.total, split.labels.length]).toEqual(['fixture', fixture, 500, 500]);
    const limited = loadTestSplit('fashion-mnist', undefined, SHAPE, 100, { installedFashionMnist: missing });
    expect([limited.labels.length, limited.total]).toEqual([100, 500]);
    expect(splitDescription(limited)).toBe(
      'test (first 100 of 500 images: the committed fixture; apt-get install dataset-fashion-mnist for all 10000)',
    );
    expect(splitDescription(split)).toBe(
      'test (first 500 images: the committed fixture; apt-get install dataset-fashion-mnist for all 10000)',
    );
    expect(originNote(split)).toBe(
      'the committed fixture, the first 500 of the 10000 test images; apt-get install dataset-fashion-mnist for all',
    );
  });

  it('refuses a limit beyond the fixture, since the other images exist but are not installed', () => {
    const load = () => loadTestSplit('fashion-mnist', undefined, SHAPE, 501, { installedFashionMnist: missing });
    expect(load).toThrow(InputError);
    expect(load).toThrow(
      /^--limit 501 is more than the 500 test images of the committed Fashion-MNIST fixture \(.*apt-get install dataset-fashion-mnist for all 10000, or give its folder with --data\)$/,
    );
    expect(
      loadTestSplit('fashion-mnist', undefined, SHAPE, 500, { installedFashionMnist: missing }).labels.length,
    ).toBe(500);
  });

  it('keeps the whole installed split for a limit beyond it, as for any folder', () => {
    const split = loadTestSplit('fashion-mnist', undefined, SHAPE, 10, { installedFashionMnist: installedFolder(4) });
    expect([split.origin, split.labels.length, split.total]).toEqual(['installed', 4, 4]);
    expect([splitDescription(split), originNote(split)]).toEqual(['test (4 images)', 'installed on this machine']);
    const given = loadTestSplit('fashion-mnist', installedFolder(4), SHAPE, 2, { installedFashionMnist: missing });
    expect([given.origin, splitDescription(given), originNote(given)]).toEqual([
      'given',
      'test (first 2 of 4 images)',
      'the folder given',
    ]);
  });
});

describe('the fixture from compiled JavaScript', () => {
  it('is found from dist/dnn/data/ as the package ships it (the fixture beside dist/, not in it)', async () => {
    const pkg = join(dir, 'package');
    for (const file of ['dnn/data/fashionMnistFolder.ts', 'dnn/packageFile.ts', 'dnn/inputError.ts']) {
      const target = join(pkg, 'dist', file.replace(/\.ts$/, '.js'));
      mkdirSync(dirname(target), { recursive: true });
      const { outputText } = ts.transpileModule(readFileSync(join(ROOT, file), 'utf8'), {
        fileName: file,
        compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: true },
      });
      writeFileSync(target, outputText);
    }
    writeFileSync(join(pkg, 'package.json'), '{ "type": "module" }\n');
    cpSync(fixture, join(pkg, FASHION_MNIST_FIXTURE), { recursive: true });
    const compiled = (await import(
      pathToFileURL(join(pkg, 'dist/dnn/data/fashionMnistFolder.js')).href
    )) as typeof import('../../../dnn/data/fashionMnistFolder.js');
    expect(compiled.fashionMnistFixtureDir()).toBe(join(pkg, FASHION_MNIST_FIXTURE));
    expect(compiled.fashionMnistFolder(undefined, missing)).toEqual({
      directory: join(pkg, FASHION_MNIST_FIXTURE),
      origin: 'fixture',
    });
    // A copy without the fixture says what is missing and how to get the data, in one line.
    rmSync(join(pkg, 'dnn'), { recursive: true });
    expect(compiled.fashionMnistFixtureDir()).toBeUndefined();
    expect(() => compiled.fashionMnistFolder(undefined, missing)).toThrow(
      /^\S*not-installed: no such folder, and no committed fixture \(dnn\/data\/fixtures\/fashion-mnist\) beside the code; install Fashion-MNIST \(apt-get install dataset-fashion-mnist\) or give its folder$/,
    );
  });
});
