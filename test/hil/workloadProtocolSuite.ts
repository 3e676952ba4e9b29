/**
 * One protocol test suite for every built-in workload (the TypeScript engine, ONNX Runtime, PyTorch):
 * a ready line that says which images it feeds; an answer for every g with the DNN's time, the class
 * it gave and the label, the labels in the order the seed fixes (the same in every runner, so runs
 * with different engines see the same images); bad requests answered with an error, the process going
 * on.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { networkById } from '../../dnn/builtinNetworks.js';
import { engineRunnerCommand } from '../../hil/workload/engineCommand.js';
import { imageFeed } from '../../hil/workload/imageFeed.js';
import { WorkloadProcess } from '../../hil/workload/workloadProcess.js';

const dnn = networkById('alexnet-cifar10-g4');
const trained = { kind: 'trained', dataset: 'Fashion-MNIST', date: '', command: '' } as const;

export function describeWorkloadProtocol(engine: 'ts' | 'onnx' | 'torch', limitMs = 60_000): void {
  describe(`the ${engine} workload and the workload protocol`, () => {
    let stderr = '';
    const w = new WorkloadProcess({
      command: engineRunnerCommand({ dnn: dnn.id, threads: 1, cpus: [], taskset: false, engine, seed: 7 }),
      stderr: (t) => {
        stderr += t;
      },
    });
    afterAll(() => w.close());

    it(
      'should say in its ready line which images it feeds',
      async () => {
        const ready = await w.ready();
        expect(ready.error, stderr).toBeUndefined();
        expect(ready).toMatchObject({
          ready: true,
          dnn: dnn.id,
          images: { dataset: 'Fashion-MNIST', images: 500, order: 'seeded (7)' },
        });
      },
      limitMs,
    );

    it(
      'should answer every g with its time, its class and the label, the labels in the seed order',
      async () => {
        const feed = imageFeed(dnn, trained, 7);
        let right = 0;
        for (let i = 0; i < 24; i++) {
          const g = (i % dnn.groups) + 1;
          const reply = await w.infer(g);
          expect(reply).toEqual({
            latencyMs: expect.any(Number),
            class: expect.any(Number),
            label: feed.next().label,
            confidence: expect.any(Number),
          });
          if ('class' in reply) {
            expect(reply.latencyMs).toBeGreaterThanOrEqual(0);
            expect(reply.class).toBeLessThan(10);
            if (reply.class === reply.label) right++;
          }
        }
        // The trained network is right about nine times in ten (0.92-0.93 for every g on the split).
        expect(right).toBeGreaterThanOrEqual(17);
      },
      limitMs,
    );

    it(
      'should answer a bad request with an error and go on',
      async () => {
        expect(await w.infer(0)).toEqual({ error: `groups must be an integer 1..${dnn.groups}` });
        expect(await w.infer(dnn.groups + 1)).toEqual({ error: `groups must be an integer 1..${dnn.groups}` });
        expect(await w.infer(1.5)).toEqual({ error: `groups must be an integer 1..${dnn.groups}` });
        expect(await w.infer(1)).toEqual({
          latencyMs: expect.any(Number),
          class: expect.any(Number),
          label: expect.any(Number),
          confidence: expect.any(Number),
        });
      },
      limitMs,
    );
  });
}
