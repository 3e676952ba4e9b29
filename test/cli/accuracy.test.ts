/**
 * `twinrtm accuracy`: the engine scored on the first Fashion-MNIST test images and checked image by
 * image against PyTorch's predictions; a disagreement is exit 1, bad input one line and exit 2. The
 * images are the command's default: Debian's dataset-fashion-mnist where installed, else the committed
 * fixture (accuracyFixture.test.ts runs the fixture case on every machine).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fashionMnistFolder } from '../../dnn/data/fashionMnistFolder.js';
import { defaultWeightsPath } from '../../dnn/engine/defaultWeights.js';
import type { PredictionsFile } from '../../dnn/engine/predictionsFile.js';
import type { AccuracyReport } from '../../cli/commands/accuracy.js';
import { expectOneLineRefusal, headerLine, run } from './run.js';

const dir = mkdtempSync(join(tmpdir(), 'twinrtm-accuracy-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const manifest = defaultWeightsPath('alexnet-cifar10-g4')!;
const predictionsPath = join(dirname(manifest), 'predictions.json');
/** What the command reads by default on this machine. */
const data = fashionMnistFolder(undefined);
const total = data.origin === 'fixture' ? 500 : 10000;

describe('twinrtm accuracy', () => {
  it('scores the committed weights and finds every class equal to PyTorch', async () => {
    const r = await run('accuracy', '--limit', '20', '--threads', '1', '--json');
    expect(r.code, r.err).toBe(0);
    const report = JSON.parse(r.out) as AccuracyReport;
    const split =
      data.origin === 'fixture'
        ? 'test (first 20 of 500 images: the committed fixture; apt-get install dataset-fashion-mnist for all 10000)'
        : 'test (first 20 of 10000 images)';
    expect([report.network, report.dataset, report.split, report.images]).toEqual([
      'alexnet-cifar10-g4',
      'Fashion-MNIST',
      split,
      20,
    ]);
    expect(report.data).toEqual(data);
    expect([report.weights.path, report.against]).toEqual([manifest, predictionsPath]);
    expect(report.weights.source.kind).toBe('trained');
    expect(report.entries.map((e) => [e.groups, e.reference?.differing, e.reference?.images])).toEqual(
      [1, 2, 3, 4].map((g) => [g, 0, 20]),
    );
    for (const e of report.entries) expect(e.top1).toBe(e.reference?.referenceTop1);
    expect(r.err).toContain(`Fashion-MNIST from ${data.directory} (`);
    expect(r.err).toContain(
      `): 20 of ${total} test images, g = 1..4, 1 thread(s), the default engine: ONNX Runtime over the per-group files, on onnxruntime-node`,
    );
    expect([report.engine, report.engineChoice]).toEqual(['onnx', expect.stringMatching(/^the default engine/)]);
  }, 60_000);

  it('scores ONNX Runtime over the per-group files with --engine onnx, every class equal to PyTorch', async () => {
    const r = await run('accuracy', '--engine', 'onnx', '--limit', '100', '--threads', '1', '--json');
    expect(r.code, r.err).toBe(0);
    const report = JSON.parse(r.out) as AccuracyReport;
    expect(report.engine).toBe('onnx');
    expect(report.entries.map((e) => [e.groups, e.reference?.differing, e.reference?.images])).toEqual(
      [1, 2, 3, 4].map((g) => [g, 0, 100]),
    );
    for (const e of report.entries) expect(e.top1).toBe(e.reference?.referenceTop1);
    expectOneLineRefusal(
      await run('accuracy', '--engine', 'onnx', '--weights', 'random', '--limit', '1'),
      'runs seeded random weights here (--weights random, or a network without trained weights), which have no ONNX files: run it with --engine ts',
    );
    expectOneLineRefusal(await run('accuracy', '--engine', 'tvm', '--limit', '1'), '--engine tvm: expected ts or onnx');
  }, 60_000);

  it("reports confidence per g, agreeing with PyTorch's stored probabilities, and anytime inference per threshold", async () => {
    const r = await run(
      'accuracy',
      '--engine',
      'ts',
      '--limit',
      '20',
      '--threads',
      '1',
      '--anytime',
      '0,0.9,2',
      '--json',
    );
    expect(r.code, r.err).toBe(0);
    const report = JSON.parse(r.out) as AccuracyReport;
    for (const e of report.entries) {
      // The engine's float32 logits against PyTorch's, and PyTorch's probabilities stored to 1/65535.
      expect(e.reference?.maxTopProbabilityDifference).toBeLessThan(1e-4);
      expect(e.confidence).toBeGreaterThanOrEqual(e.correctConfidence);
    }
    expect(report.entries.at(-1)!.normalisedCorrectConfidence).toBe(1);
    const [zero, mid, all] = report.anytime!;
    expect(zero).toMatchObject({
      threshold: 0,
      top1: report.entries[0]!.top1,
      meanGroups: 1,
      groupsHistogram: [20, 0, 0, 0],
    });
    expect(all).toMatchObject({
      threshold: 2,
      top1: report.entries[3]!.top1,
      meanGroups: 4,
      groupsHistogram: [0, 0, 0, 20],
    });
    expect(mid!.groupsHistogram.reduce((a, b) => a + b, 0)).toBe(20);
    // Stopping at g = 1 costs the fixed g = 1 run; running all G costs more than the fixed G run.
    expect(zero!.meanMacs).toBe(report.macs[0]);
    expect(all!.meanMacs).toBeGreaterThan(report.macs[3]!);
    expectOneLineRefusal(
      await run('accuracy', '--anytime', '0.5,,0.9', '--limit', '1'),
      "--anytime '0.5,,0.9': '' is not a probability threshold",
    );
    expectOneLineRefusal(
      await run('accuracy', '--anytime', '-1', '--limit', '1'),
      "'-1' is not a probability threshold",
    );
  }, 60_000);

  it('prints a table, and with random weights has nothing to check against', async () => {
    const r = await run('accuracy', '--weights', 'random', '--limit', '3', '--threads', '2');
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(headerLine('groups', 'engine top-1', 'confidence', 'p(true)', 'norm. conf.', 'ECE'));
    expect(r.out).toContain('weights random (random, seed 1)');
    expect(r.err).toContain('the TypeScript engine, as alexnet-cifar10-g4 runs seeded random weights here');
    expect(r.out).not.toContain('checked against');
  }, 60_000);

  it('exits 1 naming the g and the image where the answers differ', async () => {
    const file = JSON.parse(readFileSync(predictionsPath, 'utf8')) as PredictionsFile;
    const entry = file.entries[1]!;
    const wrong = String((Number(entry.predictions[0]) + 1) % 10);
    const wasRight = entry.predictions[0] === file.labels[0];
    entry.predictions = wrong + entry.predictions.slice(1);
    entry.correct += (wrong === file.labels[0] ? 1 : 0) - (wasRight ? 1 : 0);
    entry.top1 = entry.correct / file.images;
    const tampered = join(dir, 'tampered.json');
    writeFileSync(tampered, JSON.stringify(file));
    const r = await run('accuracy', '--against', tampered, '--limit', '4', '--threads', '1');
    expect(r.code).toBe(1);
    expect(r.out).toContain('1 (first: 0)');
    expect(r.err).toContain("the engine's class differs from the reference's for g = 2");
  }, 60_000);

  it('refuses bad input in one line', async () => {
    expectOneLineRefusal(
      await run('accuracy', '--dataset', 'mnist', '--limit', '1'),
      "unknown dataset 'mnist' (valid: fashion-mnist, cifar10)",
    );
    expectOneLineRefusal(await run('accuracy', '--limit', '0'), '--limit 0 must be at least 1');
    expectOneLineRefusal(
      await run('accuracy', '--data', join(dir, 'nowhere'), '--limit', '1'),
      'nowhere: no such folder',
    );
    expectOneLineRefusal(await run('accuracy', '--dnn', 'vgg'), "unknown dnn 'vgg'");
    expectOneLineRefusal(
      await run('accuracy', '--dnn', 'alexnet-cifar10-g4-cumulative', '--limit', '1'),
      'has no committed trained weights',
    );
    const other = join(dir, 'other.json');
    writeFileSync(
      other,
      JSON.stringify({ ...JSON.parse(readFileSync(predictionsPath, 'utf8')), weightsSha256: '0'.repeat(64) }),
    );
    expectOneLineRefusal(
      await run('accuracy', '--against', other, '--limit', '1'),
      'weightsSha256: does not match',
      'made with other weights',
    );
    expectOneLineRefusal(
      await run('accuracy', '--weights', 'random', '--against', predictionsPath, '--limit', '1'),
      '--against needs weights from a file',
    );
    // A file that cannot be compared is refused before any image is scored: one line, no progress.
    const file = JSON.parse(readFileSync(predictionsPath, 'utf8')) as PredictionsFile;
    const short = join(dir, 'short.json');
    const few = {
      ...file,
      images: 3,
      labels: file.labels.slice(0, 3),
      entries: file.entries.map(({ topProbability: _t, correctProbability: _c, ...e }) => ({
        ...e,
        predictions: e.predictions.slice(0, 3),
        correct: [...e.predictions.slice(0, 3)].filter((p, i) => p === file.labels[i]).length,
      })),
    };
    writeFileSync(short, JSON.stringify({ ...few, entries: few.entries.map((e) => ({ ...e, top1: e.correct / 3 })) }));
    expectOneLineRefusal(
      await run('accuracy', '--against', short, '--limit', '500'),
      'images: is 3, fewer than the 500 images to score',
    );
    const noG3 = join(dir, 'no-g3.json');
    writeFileSync(noG3, JSON.stringify({ ...file, entries: file.entries.filter((e) => e.groups !== 3) }));
    expectOneLineRefusal(await run('accuracy', '--against', noG3, '--limit', '5'), 'has no entry for g = 3');
    const cifar = join(dir, 'cifar.json');
    writeFileSync(cifar, JSON.stringify({ ...file, dataset: 'CIFAR-10' }));
    expectOneLineRefusal(
      await run('accuracy', '--against', cifar, '--limit', '5'),
      'dataset: is CIFAR-10 but the images are Fashion-MNIST',
    );
  }, 60_000);
});
