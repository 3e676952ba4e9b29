import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DataFileError } from '../../dnn/schemaCheck.js';
import { loadScenarioFile } from '../../scenarios/loadScenarioFile.js';

const dir = mkdtempSync(join(tmpdir(), 'twinrtm-scenario-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const shipped = new URL('../../scenarios/xu3-corunner.json', import.meta.url);

function write(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

function escaped(path: string): string {
  return path.replace(/[.\\/]/g, '\\$&');
}

describe('loadScenarioFile', () => {
  it('loads a valid scenario file', () => {
    const path = write('copy.json', readFileSync(shipped, 'utf8'));
    expect(loadScenarioFile(path).id).toBe('xu3-corunner');
  });

  it('reports a missing file as one DataFileError naming the path', () => {
    const path = join(dir, 'absent.json');
    expect(() => loadScenarioFile(path)).toThrow(DataFileError);
    expect(() => loadScenarioFile(path)).toThrow(`${path}: cannot be read (ENOENT)`);
  });

  it('reports bad JSON as one DataFileError naming the path', () => {
    const path = write('broken.json', '{ "id": ');
    expect(() => loadScenarioFile(path)).toThrow(DataFileError);
    expect(() => loadScenarioFile(path)).toThrow(new RegExp(`^${escaped(path)}: is not valid JSON`));
  });

  it('reports a bad field with the path and the field', () => {
    const data = JSON.parse(readFileSync(shipped, 'utf8')) as { coworkloads: { cores: number }[] };
    data.coworkloads[1]!.cores = 6;
    const path = write('six-cores.json', JSON.stringify(data));
    expect(() => loadScenarioFile(path)).toThrow(`${path}: coworkloads[1].cores: 6 is more than the 4 cores of a15`);
  });
});
