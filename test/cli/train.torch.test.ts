/**
 * `twinrtm train` and the Python trainer behind it (dnn/train/), run by `npm run test:train` (not by
 * `npm test`, which needs Node alone). These tests need /usr/bin/python3 with Debian's python3-torch
 * and dataset-fashion-mnist (CI installs them): without them they fail, they never skip.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { builtinNetworks, networkById } from '../../dnn/builtinNetworks.js';
import { checkAccuracyTable } from '../../dnn/checkAccuracyTable.js';
import { createEngine } from '../../dnn/engine/engine.js';
import { tensorSpecs } from '../../dnn/engine/tensorSpecs.js';
import { loadWeights } from '../../dnn/engine/weightsFile.js';
import { networkCost } from '../../dnn/networkCost.js';
import type { AccuracyTable } from '../../dnn/types.js';
import { expectOneLineRefusal, run } from './run.js';

const PYTHON = '/usr/bin/python3';
const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
const INSTALL = 'apt-get install -y --no-install-recommends python3-torch python3-numpy dataset-fashion-mnist';
const dir = mkdtempSync(join(tmpdir(), 'twinrtm-train-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function python(args: string[], env: NodeJS.ProcessEnv = {}) {
  return spawnSync(PYTHON, args, {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1', ...env },
    maxBuffer: 64 << 20,
  });
}

describe('the trainer environment', () => {
  it('has PyTorch for /usr/bin/python3 and Debian Fashion-MNIST', () => {
    expect(existsSync(PYTHON), `${PYTHON} is missing: ${INSTALL}`).toBe(true);
    const r = python(['-c', 'import torch, numpy']);
    expect(r.status, `${PYTHON} cannot import torch (${r.stderr.trim()}): ${INSTALL}`).toBe(0);
    expect(existsSync('/usr/share/datasets/fashion-mnist'), `no Fashion-MNIST: ${INSTALL}`).toBe(true);
  });
});

describe('dnn/train (Python)', () => {
  it('passes its unittest suite', () => {
    const r = python(['-m', 'unittest', 'discover', '-s', 'dnn/train/tests', '-t', '.']);
    expect(r.status, `python unittest failed:\n${r.stdout}${r.stderr.slice(-6000)}`).toBe(0);
    expect(r.stderr).toMatch(/Ran \d+ tests/);
  }, 600_000);

  it('resolves every built-in network exactly as resolveNetwork and tensorSpecs do', () => {
    for (const dnn of builtinNetworks()) {
      const r = python(['-m', 'dnn.train.spec', `dnn/networks/${dnn.id}.json`]);
      expect(r.status, r.stderr).toBe(0);
      const resolved = JSON.parse(r.stdout);
      expect(resolved.id).toBe(dnn.id);
      expect(resolved.input).toEqual(dnn.input);
      expect([resolved.groups, resolved.structure]).toEqual([dnn.groups, dnn.structure]);
      expect(resolved.layers).toEqual(dnn.layers.map((layer) => ({ ...layer })));
      expect(resolved.tensors).toEqual(tensorSpecs(dnn).map((t) => ({ name: t.name, shape: [...t.shape] })));
    }
  }, 60_000);
});

describe('twinrtm train', () => {
  it('trains on 256 Fashion-MNIST images, and the TypeScript engine agrees with PyTorch on the weights it wrote', async () => {
    const out = join(dir, 'run');
    const r = await run('train', '--dataset', 'fashion-mnist', '--epochs', '1', '--limit', '256', '--out', out);
    expect(r.code, r.err).toBe(0);
    for (let k = 1; k <= 4; k++) expect(r.err).toContain(`stage ${k}/4 epoch 1/1: loss `);
    expect(r.err).toContain('bit-for-bit');
    expect(r.out).toContain('weights:');

    const dnn = networkById('alexnet-cifar10-g4');
    const manifestPath = join(out, 'alexnet-cifar10-g4.weights.json');
    const weights = loadWeights(manifestPath);
    expect(weights.dnn).toBe(dnn);
    expect(readFileSync(join(out, 'alexnet-cifar10-g4.weights.bin')).length).toBe(networkCost(dnn, 4).paramBytes);
    const command = `twinrtm train --dataset fashion-mnist --epochs 1 --seed 1 --limit 256 --dnn alexnet-cifar10-g4 --out ${out}`;
    expect(weights.source).toMatchObject({ kind: 'trained', dataset: 'Fashion-MNIST', command, epochs: 1, seed: 1 });
    for (let g = 1; g <= 4; g++) expect(existsSync(join(out, `alexnet-cifar10-g4.g${g}.onnx`))).toBe(true);

    const table = JSON.parse(readFileSync(join(out, 'accuracy.json'), 'utf8')) as AccuracyTable;
    expect(checkAccuracyTable(table, dnn.groups, 'accuracy.json')).toEqual(table);
    expect(Object.keys(table.source ?? {}).sort()).toEqual(['command', 'dataset', 'date', 'epochs', 'seed', 'split']);
    expect(table.source).toMatchObject({
      dataset: 'Fashion-MNIST',
      split: 'test (first 256 of 10000 images)',
      epochs: 1,
      seed: 1,
      command,
    });
    expect(table.entries.map((e) => e.groups)).toEqual([1, 2, 3, 4]);
    for (const e of table.entries) expect(e.top1).toBeGreaterThanOrEqual(0);

    // The cross-check: for every g the engine's logits on the exported weights match PyTorch's.
    const check = JSON.parse(readFileSync(join(out, 'check.json'), 'utf8')) as {
      images: { input: number[]; logits: number[][] }[];
    };
    expect(check.images.length).toBeGreaterThanOrEqual(4);
    const engine = createEngine(weights);
    let worst = 0;
    for (const image of check.images) {
      for (let g = 1; g <= 4; g++) {
        const logits = engine.run(image.input, g).logits;
        const expected = image.logits[g - 1]!;
        expect(logits.length).toBe(10);
        logits.forEach((v, i) => {
          worst = Math.max(worst, Math.abs(v - expected[i]!));
        });
        const argmax = (xs: ArrayLike<number>) =>
          Array.from(xs).reduce((best, v, i, all) => (v > all[best]! ? i : best), 0);
        expect(argmax(logits)).toBe(argmax(expected));
      }
    }
    expect(worst).toBeLessThan(1e-4);
  }, 600_000);

  it('refuses a malformed data set in one line, from the Python side', async () => {
    const cifar = join(dir, 'cifar');
    mkdirSync(join(cifar, 'cifar-10-batches-bin'), { recursive: true });
    for (const name of ['data_batch_1', 'data_batch_2', 'data_batch_3', 'data_batch_4', 'data_batch_5', 'test_batch']) {
      writeFileSync(
        join(cifar, 'cifar-10-batches-bin', `${name}.bin`),
        Buffer.alloc(name === 'data_batch_3' ? 3000 : 3073),
      );
    }
    expectOneLineRefusal(
      await run('train', '--dataset', 'cifar10', '--data', cifar, '--out', join(dir, 'x')),
      'data_batch_3.bin: has 3000 bytes',
    );
  }, 120_000);

  it('says how to install PyTorch when torch is missing', async () => {
    const saved = { python: process.env.TWINRTM_PYTHON, path: process.env.PYTHONPATH };
    try {
      delete process.env.TWINRTM_PYTHON;
      const fake = join(dir, 'fake-torch');
      mkdirSync(fake, { recursive: true });
      writeFileSync(join(fake, 'torch.py'), "raise ImportError('simulated: no torch')\n");
      process.env.PYTHONPATH = fake;
      expectOneLineRefusal(
        await run('train', '--dataset', 'fashion-mnist', '--out', dir),
        'cannot import torch',
        "install Debian's python3-torch: apt-get install python3-torch",
      );
    } finally {
      for (const [key, value] of [
        ['TWINRTM_PYTHON', saved.python],
        ['PYTHONPATH', saved.path],
      ] as const) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    }
  }, 60_000);
});
