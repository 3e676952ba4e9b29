/**
 * The built-in workload's weights: the network's committed trained weights by default, seeded random
 * ones with --weights random, a given file otherwise; a bad file ends the process with its error.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { defaultWeightsPath } from '../../dnn/engine/defaultWeights.js';
import { engineRunnerCommand } from '../../hil/workload/engineCommand.js';
import { WorkloadProcess } from '../../hil/workload/workloadProcess.js';

const started: WorkloadProcess[] = [];
function start(
  weights?: string,
  dnn = 'alexnet-cifar10-g4',
  engine?: 'ts' | 'onnx',
): { w: WorkloadProcess; stderr: () => string } {
  let err = '';
  const command = engineRunnerCommand({
    dnn,
    threads: 1,
    cpus: [],
    taskset: false,
    ...(weights === undefined ? {} : { weights }),
    ...(engine ? { engine } : {}),
  });
  const w = new WorkloadProcess({
    command,
    stderr: (t) => {
      err += t;
    },
  });
  started.push(w);
  return { w, stderr: () => err };
}
afterEach(async () => {
  await Promise.all(started.splice(0).map((w) => w.close()));
});

describe('the engine runner', () => {
  it('runs the committed trained weights by default, on ONNX Runtime where it loads', async () => {
    const { w } = start();
    const ready = await w.ready();
    expect(ready).toMatchObject({
      ready: true,
      engine: 'onnx',
      chosen: expect.stringMatching(/^the default engine: ONNX Runtime over the per-group files, on onnxruntime-node/),
      weights: { kind: 'trained', dataset: 'Fashion-MNIST' },
      images: { dataset: 'Fashion-MNIST', images: 500, order: 'seeded (1)' },
    });
    // Real test images: each reply says the class the DNN gave and the image's label.
    const replies = [];
    for (let i = 0; i < 20; i++) replies.push(await w.infer(2));
    for (const r of replies)
      expect(r).toEqual({
        latencyMs: expect.any(Number),
        class: expect.any(Number),
        label: expect.any(Number),
        confidence: expect.any(Number),
      });
    const labels = replies.map((r) => ('label' in r ? r.label : -1));
    expect(new Set(labels).size).toBeGreaterThan(1);
    // The trained network is right about nine times in ten on these images (g = 2: 0.926 on the split).
    expect(replies.filter((r) => 'class' in r && r.class === r.label).length).toBeGreaterThanOrEqual(14);
  }, 60_000);

  it('runs seeded random weights with --weights random, and a given file', async () => {
    const random = start('random').w;
    expect(await random.ready()).toMatchObject({
      engine: 'twinrtm',
      chosen: expect.stringMatching(/^the TypeScript engine, as .* no ONNX files/),
      weights: { kind: 'random', seed: 1 },
      images: { synthetic: expect.any(String) },
    });
    expect(await random.infer(1)).toEqual({ latencyMs: expect.any(Number), confidence: expect.any(Number) });
    expect(await start(defaultWeightsPath('alexnet-cifar10-g4')).w.ready()).toMatchObject({
      weights: { kind: 'trained' },
    });
  }, 60_000);

  it('runs random weights for a network without committed ones', async () => {
    const id = 'alexnet-cifar10-g4-cumulative';
    const ready = await start(undefined, id).w.ready();
    expect(ready).toMatchObject({ weights: { kind: defaultWeightsPath(id) === undefined ? 'random' : 'trained' } });
  }, 60_000);

  it('ends with the error of a weights file that cannot be read', async () => {
    const { w, stderr } = start('/nonexistent/w.json');
    const ready = await w.ready();
    expect(ready.error).toBeDefined();
    expect(stderr()).toMatch(/engine runner: .*w\.json: no such file/);
  }, 60_000);

  it('runs ONNX Runtime over the per-group files with --engine onnx, every g', async () => {
    const { w } = start(undefined, 'alexnet-cifar10-g4', 'onnx');
    expect(await w.ready()).toMatchObject({
      ready: true,
      engine: 'onnx',
      runtime: expect.stringMatching(/^onnxruntime-node/),
      providers: ['cpu'],
      files: expect.arrayContaining(['alexnet-cifar10-g4.group4.onnx']),
    });
    for (const g of [1, 2, 3, 4])
      expect(await w.infer(g)).toEqual({
        latencyMs: expect.any(Number),
        class: expect.any(Number),
        label: expect.any(Number),
        confidence: expect.any(Number),
      });
    expect(await w.infer(5)).toEqual({ error: 'groups must be an integer 1..4' });
  }, 60_000);

  it('says in one line why --engine onnx cannot run random weights or a network without files', async () => {
    const random = start('random', 'alexnet-cifar10-g4', 'onnx');
    expect((await random.w.ready()).error).toBeDefined();
    expect(random.stderr()).toMatch(
      /engine runner: alexnet-cifar10-g4 runs seeded random weights here .* which have no ONNX files: run it with --engine ts/,
    );
    const id = 'alexnet-cifar10-g4-cumulative';
    const other = start(undefined, id, 'onnx');
    expect((await other.w.ready()).error).toBeDefined();
    expect(other.stderr()).toMatch(
      /engine runner: alexnet-cifar10-g4-cumulative runs seeded random weights here \(--weights random, or a network without trained weights\), which have no ONNX files: run it with --engine ts/,
    );
  }, 60_000);

  it.each(['ts', 'onnx'] as const)(
    'runs anytime inference on the %s engine: the g it stopped at, within the limit, sure enough where it stopped early',
    async (engine) => {
      const { w } = start(undefined, 'alexnet-cifar10-g4', engine);
      await w.ready();
      // Threshold 0 stops at g = 1; above 1 it runs the limit; 0.9 stops where the answer is that sure.
      expect(await w.infer(4, false, 0)).toMatchObject({ groupsRun: 1 });
      expect(await w.infer(3, false, 1.5)).toMatchObject({ groupsRun: 3 });
      let early = 0;
      for (let i = 0; i < 30; i++) {
        const r = await w.infer(4, false, 0.9);
        if ('error' in r) throw new Error(r.error);
        expect(r.groupsRun).toBeGreaterThanOrEqual(1);
        expect(r.groupsRun).toBeLessThanOrEqual(4);
        if (r.groupsRun! < 4) {
          expect(r.confidence).toBeGreaterThanOrEqual(0.9);
          early++;
        }
      }
      // About 90 % of the test images stop before g = 4 at 0.9 (README's anytime table).
      expect(early).toBeGreaterThan(15);
      expect(await w.infer(4, false, -1)).toEqual({ error: 'confidenceThreshold must be a number >= 0' });
    },
    60_000,
  );
});
