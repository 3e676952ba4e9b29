/**
 * Paths that cannot serve: an output that is a directory or sits in a missing one, an input that
 * does not exist. Each is refused in one line, exit 2, before any work (a sweep measured for
 * minutes must not fail at its end) and before any board is touched. Boards here are fake sysfs
 * trees; these runs are refused before they would start.
 */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { containerTree, makeRoot, removeTrees } from '../hil/board/fakeTrees.js';
import { expectOneLineRefusal, run, runJson } from './run.js';

afterAll(() => removeTrees());

/** A scratch folder with a file and a subfolder in it. */
function scratch(): { dir: string; file: string; sub: string } {
  const dir = makeRoot();
  const file = join(dir, 'a-file.json');
  writeFileSync(file, '');
  const sub = join(dir, 'a-folder');
  mkdirSync(sub);
  return { dir, file, sub };
}

describe('twinrtm check --out', () => {
  it('refuses a file where the counterexample directory goes', async () => {
    const { file } = scratch();
    expectOneLineRefusal(
      await run('check', 'rtm', '--out', file, '--runs', '1'),
      `--out ${file} is a file; expected a directory`,
    );
  });
});

describe('twinrtm hil sweep: output paths, checked before the board', () => {
  it('refuses --out that is a directory', async () => {
    const root = containerTree();
    const { sub } = scratch();
    expectOneLineRefusal(
      await run('hil', 'sweep', '--board', 'local', '--sysfs-root', root, '--no-taskset', '--out', sub),
      `--out ${sub} is a directory`,
    );
  });

  it('refuses --out in a directory that does not exist', async () => {
    const root = containerTree();
    const out = join(root, 'missing', 'sweep.csv');
    expectOneLineRefusal(
      await run('hil', 'sweep', '--board', 'local', '--sysfs-root', root, '--no-taskset', '--out', out),
      `--out ${out}: the directory`,
      'does not exist',
    );
  });

  it('refuses --state-file that is a directory, and writes no state', async () => {
    const root = containerTree();
    const { dir, sub } = scratch();
    expectOneLineRefusal(
      await run(
        'hil',
        'sweep',
        '--board',
        'local',
        '--sysfs-root',
        root,
        '--no-taskset',
        '--out',
        join(dir, 's.csv'),
        '--state-file',
        sub,
      ),
      `--state-file ${sub} is a directory`,
    );
    expect(readdirSync(dir).sort()).toEqual(['a-file.json', 'a-folder']);
  });
});

describe('twinrtm hil run: paths, checked before the board', () => {
  it('refuses --state-file that is a directory', async () => {
    const root = containerTree();
    const { sub } = scratch();
    expectOneLineRefusal(
      await run(
        'hil',
        'run',
        'host-corunner',
        '--board',
        'local',
        '--sysfs-root',
        root,
        '--no-taskset',
        '--state-file',
        sub,
        '--duration',
        '1',
      ),
      `--state-file ${sub} is a directory`,
    );
  });

  it('refuses --trace in a directory that does not exist', async () => {
    const root = containerTree();
    const trace = join(root, 'missing', 'run.jsonl');
    expectOneLineRefusal(
      await run(
        'hil',
        'run',
        'host-corunner',
        '--board',
        'local',
        '--sysfs-root',
        root,
        '--no-taskset',
        '--trace',
        trace,
        '--duration',
        '1',
      ),
      `--trace ${trace}: the directory`,
    );
  });

  it('refuses a --sysfs-root that does not exist or is a file', async () => {
    const { dir, file } = scratch();
    const missing = join(dir, 'no-such-root');
    expectOneLineRefusal(
      await run('hil', 'run', 'host-corunner', '--board', 'local', '--sysfs-root', missing, '--duration', '1'),
      `--sysfs-root ${missing} does not exist`,
    );
    expectOneLineRefusal(
      await run('hil', 'run', 'host-corunner', '--board', 'local', '--sysfs-root', file, '--duration', '1'),
      `--sysfs-root ${file} is a file; expected a directory`,
    );
  });

  it('refuses --weights that does not exist, before starting any workload', async () => {
    const root = containerTree();
    const weights = join(root, 'no-such.weights.json');
    expectOneLineRefusal(
      await run(
        'hil',
        'run',
        'host-corunner',
        '--board',
        'local',
        '--sysfs-root',
        root,
        '--no-taskset',
        '--weights',
        weights,
        '--duration',
        '1',
      ),
      `--weights ${weights} does not exist`,
    );
  });

  it('refuses an unknown --engine, and --engine onnx with random weights, before starting any workload', async () => {
    const root = containerTree();
    expectOneLineRefusal(
      await run(
        'hil',
        'run',
        'host-corunner',
        '--board',
        'local',
        '--sysfs-root',
        root,
        '--no-taskset',
        '--engine',
        'tensorrt',
        '--duration',
        '1',
      ),
      '--engine tensorrt: expected ts, onnx or torch',
    );
    expectOneLineRefusal(
      await run(
        'hil',
        'run',
        'host-corunner',
        '--board',
        'local',
        '--sysfs-root',
        root,
        '--no-taskset',
        '--engine',
        'onnx',
        '--weights',
        'random',
        '--duration',
        '1',
      ),
      '--weights random runs only on the TypeScript engine: give --engine ts',
    );
  });
});

describe('twinrtm agent', () => {
  it('refuses a host it cannot listen on in one line', async () => {
    const root = containerTree();
    expectOneLineRefusal(
      await run(
        'agent',
        '--board',
        'local',
        '--sysfs-root',
        root,
        '--no-taskset',
        '--token',
        't',
        '--port',
        '0',
        '--host',
        'no-such-host.invalid',
      ),
      'cannot listen on no-such-host.invalid:0',
    );
  });
});

describe('twinrtm simulate without a scenario', () => {
  it('runs the built-in default (no file looked up in the working directory)', async () => {
    expect((await runJson('simulate', '--duration', '1', '--json')).scenario).toBe('xu3-default');
    expect((await run('simulate', '--help')).out).toContain('(default: "xu3-default")');
  });
});
