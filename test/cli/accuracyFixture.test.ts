/**
 * `twinrtm accuracy` on a machine without Debian's dataset-fashion-mnist, on every machine: the
 * installed folder is pointed at one that does not exist, so the command falls back to the committed
 * fixture, says so in its header, its split and its --json, still agrees with PyTorch image by image,
 * and refuses a --limit the fixture cannot serve rather than scoring fewer images than asked.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import type { AccuracyReport } from '../../cli/commands/accuracy.js';
import { expectOneLineRefusal, run } from './run.js';

const dir = mkdtempSync(join(tmpdir(), 'twinrtm-accuracy-fixture-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const { missing } = vi.hoisted(() => ({ missing: `/nonexistent-twinrtm-${process.pid}/fashion-mnist` }));

vi.mock('../../dnn/data/fashionMnistFolder.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../dnn/data/fashionMnistFolder.js')>();
  return {
    ...original,
    fashionMnistFolder: (given: string | undefined) => original.fashionMnistFolder(given, missing),
  };
});

const { fashionMnistFixtureDir } = await import('../../dnn/data/fashionMnistFolder.js');
const fixture = fashionMnistFixtureDir()!;

describe('twinrtm accuracy without the installed data set', () => {
  it('scores the committed fixture, says so, and agrees with PyTorch on every image', async () => {
    const r = await run('accuracy', '--limit', '20', '--threads', '1', '--json');
    expect(r.code, r.err).toBe(0);
    const report = JSON.parse(r.out) as AccuracyReport;
    expect(report.split).toBe(
      'test (first 20 of 500 images: the committed fixture; apt-get install dataset-fashion-mnist for all 10000)',
    );
    expect(report.data).toEqual({ origin: 'fixture', directory: fixture });
    expect(report.images).toBe(20);
    expect(report.entries.map((e) => [e.groups, e.reference?.differing, e.reference?.images])).toEqual(
      [1, 2, 3, 4].map((g) => [g, 0, 20]),
    );
    expect(r.err).toContain(
      `Fashion-MNIST from ${fixture} (the committed fixture, the first 500 of the 10000 test images; apt-get install dataset-fashion-mnist for all): 20 of 500 test images`,
    );
  }, 60_000);

  it('names the fixture in the text report too', async () => {
    const r = await run('accuracy', '--weights', 'random', '--limit', '2', '--threads', '1');
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain(
      'on Fashion-MNIST test (first 2 of 500 images: the committed fixture; apt-get install dataset-fashion-mnist for all 10000)',
    );
  }, 60_000);

  it('reads a folder given with --data as given, even the fixture', async () => {
    const r = await run(
      'accuracy',
      '--data',
      fixture,
      '--weights',
      'random',
      '--limit',
      '3',
      '--threads',
      '1',
      '--json',
    );
    expect(r.code, r.err).toBe(0);
    const report = JSON.parse(r.out) as AccuracyReport;
    expect([report.split, report.data]).toEqual([
      'test (first 3 of 500 images)',
      { origin: 'given', directory: fixture },
    ]);
    expect(r.err).toContain(`Fashion-MNIST from ${fixture} (the folder given): 3 of 500 test images`);
  }, 60_000);

  it('refuses a --limit beyond the fixture in one line, saying how to get every image', async () => {
    expectOneLineRefusal(
      await run('accuracy', '--limit', '501', '--threads', '1'),
      '--limit 501 is more than the 500 test images of the committed Fashion-MNIST fixture',
      'apt-get install dataset-fashion-mnist for all 10000',
      '--data',
    );
  });
});
