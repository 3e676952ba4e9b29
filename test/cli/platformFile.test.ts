import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { expectOneLineRefusal, run, runJson } from './run.js';

const XU3 = fileURLToPath(new URL('../../models/platforms/odroid-xu3.json', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'twinrtm-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A copy of the XU3 platform file in the temp dir, after `edit` (none: a verbatim copy). */
function platformFile(name: string, edit?: (p: any) => void): string {
  const path = join(dir, name);
  if (!edit) {
    copyFileSync(XU3, path);
    return path;
  }
  const data = JSON.parse(readFileSync(XU3, 'utf8'));
  edit(data);
  writeFileSync(path, JSON.stringify(data, null, 2));
  return path;
}

describe('--platform-file', () => {
  it('should predict from a copy of odroid-xu3.json as from the built-in platform', async () => {
    const file = platformFile('copy.json');
    const fromFile = await runJson(
      'predict',
      '--json',
      '--platform-file',
      file,
      '--unit',
      'a15',
      '--groups',
      '2',
      '--freq',
      '1600',
    );
    const builtin = await runJson(
      'predict',
      '--json',
      '--platform',
      'odroid-xu3',
      '--unit',
      'a15',
      '--groups',
      '2',
      '--freq',
      '1600',
    );
    expect(fromFile).toEqual(builtin);
  });

  it('should list the 512 configurations of a copy of odroid-xu3.json', async () => {
    const file = platformFile('copy-space.json');
    expect((await runJson('space', '--json', '--platform-file', file)).count).toBe(512);
  });

  it('should give the ranges of a copy of odroid-xu3.json as for the built-in platform', async () => {
    const file = platformFile('copy-ranges.json');
    expect(await runJson('ranges', '--json', '--platform-file', file)).toEqual(
      await runJson('ranges', '--json', '--platform', 'odroid-xu3'),
    );
  });

  it('should refuse --platform and --platform-file together with one line naming both', async () => {
    const file = platformFile('both.json');
    expectOneLineRefusal(
      await run('space', '--platform', 'odroid-xu3', '--platform-file', file),
      '--platform',
      '--platform-file',
    );
  });

  it('should refuse a file missing a required field with one line naming the file and the field', async () => {
    const file = platformFile('no-cores.json', (p) => delete p.units[0].cores);
    expectOneLineRefusal(await run('space', '--platform-file', file), file, 'units[0].cores');
  });

  it('should refuse a field of the wrong type with one line naming the file and the field', async () => {
    const file = platformFile('string-cores.json', (p) => (p.units[1].cores = 'four'));
    expectOneLineRefusal(await run('predict', '--platform-file', file, '--unit', 'a15'), file, 'units[1].cores');
  });

  it('should refuse a rail naming an unknown component with one line naming the file, the field and the valid ones', async () => {
    const file = platformFile('bad-rail.json', (p) => (p.rails[0].components = ['a99']));
    expectOneLineRefusal(
      await run('ranges', '--platform-file', file),
      file,
      'rails[0].components[0]',
      "'a99'",
      'a7, a15',
    );
  });

  it('should refuse a truncated file with one line naming the file', async () => {
    const path = join(dir, 'truncated.json');
    writeFileSync(path, readFileSync(XU3, 'utf8').slice(0, 200));
    expectOneLineRefusal(await run('space', '--platform-file', path), path, 'not valid JSON');
  });

  it('should refuse a file with a trailing comma in an array with one line naming the file', async () => {
    const path = join(dir, 'trailing-comma.json');
    // The hand-editing slip: a comma left after the last item of a multi-line array.
    writeFileSync(path, readFileSync(XU3, 'utf8').replace(/\n(\s*)\]/, ',\n$1]'));
    expectOneLineRefusal(await run('space', '--platform-file', path), path, 'not valid JSON');
  });

  it('should refuse a file that does not exist with one line naming the file', async () => {
    const path = join(dir, 'missing.json');
    expectOneLineRefusal(await run('space', '--platform-file', path), path);
  });
});
