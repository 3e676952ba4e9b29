import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadNetworkFile } from '../../dnn/loadNetworkFile.js';
import { DataFileError } from '../../dnn/schemaCheck.js';

const dir = mkdtempSync(join(tmpdir(), 'twinrtm-dnn-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const shipped = new URL('../../dnn/networks/alexnet-cifar10-g4.json', import.meta.url);

function write(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('loadNetworkFile', () => {
  it('loads a valid network file', () => {
    const path = write('copy.json', readFileSync(shipped, 'utf8'));
    expect(loadNetworkFile(path).layers).toHaveLength(11);
  });

  it('reports a missing file as one DataFileError naming the path', () => {
    const path = join(dir, 'absent.json');
    expect(() => loadNetworkFile(path)).toThrow(DataFileError);
    expect(() => loadNetworkFile(path)).toThrow(`${path}: no such file`);
  });

  it('reports bad JSON as one DataFileError naming the path', () => {
    const path = write('broken.json', '{ "id": ');
    expect(() => loadNetworkFile(path)).toThrow(new RegExp(`^${path.replace(/[.\\]/g, '\\$&')}: is not valid JSON`));
  });

  it('reports a schema error with the path and the field', () => {
    const spec = JSON.parse(readFileSync(shipped, 'utf8')) as { groups: unknown };
    spec.groups = 'four';
    const path = write('typo.json', JSON.stringify(spec));
    expect(() => loadNetworkFile(path)).toThrow(`${path}: groups: must be integer`);
  });
});
