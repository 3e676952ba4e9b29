/**
 * `twinrtm train`, the parts that need Node alone: its help, where it finds dnn/train, the options it
 * refuses before starting Python, and the install hint when the interpreter is missing. Everything
 * that runs /usr/bin/python3 (the trainer's unittest suite, training, the Python side's refusals) is in
 * train.torch.test.ts, run by `npm run test:train`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { trainerRoot } from '../../cli/commands/train.js';
import { expectOneLineRefusal, run } from './run.js';

const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
const dir = mkdtempSync(join(tmpdir(), 'twinrtm-train-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('twinrtm train', () => {
  it('documents its options, and finds dnn/train from its own module', async () => {
    const r = await run('train', '--help');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Usage: twinrtm train /);
    for (const option of ['--dataset', '--data', '--epochs', '--seed', '--limit', '--dnn', '--out', '--json'])
      expect(r.out).toContain(option);
    expect(trainerRoot()).toBe(ROOT);
  });

  it('refuses bad options in one line before starting Python', async () => {
    expectOneLineRefusal(
      await run('train', '--dataset', 'mnist', '--out', dir),
      "unknown dataset 'mnist'",
      'fashion-mnist, cifar10',
    );
    expectOneLineRefusal(await run('train', '--dataset', 'cifar10', '--out', dir), 'cifar10 needs --data DIR');
    expectOneLineRefusal(
      await run('train', '--dataset', 'fashion-mnist', '--epochs', '0', '--out', dir),
      '--epochs 0 must be at least 1',
    );
    expectOneLineRefusal(
      await run('train', '--dataset', 'fashion-mnist', '--dnn', 'vgg', '--out', dir),
      "unknown dnn 'vgg'",
    );
  });

  it('says how to install PyTorch when the interpreter is missing', async () => {
    const saved = process.env.TWINRTM_PYTHON;
    try {
      process.env.TWINRTM_PYTHON = join(dir, 'no-python3');
      expectOneLineRefusal(
        await run('train', '--dataset', 'fashion-mnist', '--out', dir),
        'does not exist',
        "install Debian's python3-torch: apt-get install python3-torch",
      );
    } finally {
      if (saved === undefined) delete process.env.TWINRTM_PYTHON;
      else process.env.TWINRTM_PYTHON = saved;
    }
  });
});
