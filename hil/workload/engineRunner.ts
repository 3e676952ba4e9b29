/**
 * The built-in workload: a process that runs ONNX Runtime over the per-group files (`--engine onnx`,
 * the default where it loads and the files match the weights) or the TypeScript engine (`--engine ts`,
 * the default otherwise; its ready line says why) and speaks the workload protocol (protocol.ts) on
 * stdin/stdout. `node engineRunner.js --dnn ID --threads N [--engine ts|onnx] [--weights
 * manifest.json|random] [--seed N]`; the parent pins it to the unit's cpus with taskset. Without --weights it runs the
 * network's committed trained weights (seeded random ones for a network without).
 *
 * Latency is the wall time of the engine's run for one inference. The input is the next real test image
 * of a seeded order (imageFeed.ts) where the weights were trained on one, and the reply says the class
 * the DNN gave and the image's label; a fixed synthetic image otherwise. Every reply gives the
 * answer's top-1 probability; a request with a confidence threshold runs the engine's anytime
 * cascade (runAnytime) and says the g it stopped at.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { createInterface } from 'node:readline';
import { performance } from 'node:perf_hooks';
import { networkById } from '../../dnn/builtinNetworks.js';
import { chooseEngine } from '../../dnn/engine/chooseEngine.js';
import { createEngine } from '../../dnn/engine/engine.js';
import { chooseWeights, defaultWeightsPath } from '../../dnn/engine/defaultWeights.js';
import { createOnnxEngine } from '../../dnn/engine/onnxEngine.js';
import { onnxGroupsFor } from '../../dnn/engine/onnxGroups.js';
import { argmax } from '../../dnn/engine/classifySplit.js';
import { softmax } from '../../dnn/engine/softmax.js';
import { imageFeed } from './imageFeed.js';
import { watchParent } from './parentWatch.js';
import type { Dnn } from '../../dnn/types.js';
import type { Weights } from '../../dnn/engine/types.js';

function argument(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function reply(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}

async function main(): Promise<void> {
  const dnn = networkById(argument('dnn') ?? 'alexnet-cifar10-g4');
  const seed = Number(argument('seed') ?? 1);
  const threads = Math.max(1, Math.floor(Number(argument('threads') ?? 1)));
  const manifest = argument('weights');
  const choice = await chooseEngine(
    dnn,
    argument('engine'),
    manifest === 'random' ? null : (manifest ?? defaultWeightsPath(dnn.id) ?? null),
    ['ts', 'onnx'],
  );
  const {
    runner: engine,
    ready,
    source,
  } = choice.engine === 'onnx'
    ? await createOnnxRunner(dnn, manifest, threads)
    : await createTsRunner(dnn, manifest, seed, threads);
  const feed = imageFeed(dnn, source, seed);
  reply({ ...ready, chosen: choice.note, images: feed.describe });
  for await (const line of createInterface({ input: process.stdin })) {
    if (line.trim() === '') continue;
    let request: { groups?: unknown; layers?: unknown; confidenceThreshold?: unknown };
    try {
      request = JSON.parse(line) as typeof request;
    } catch {
      reply({ error: `not JSON: ${line.slice(0, 80)}` });
      continue;
    }
    const g = request.groups;
    if (typeof g !== 'number' || !Number.isInteger(g) || g < 1 || g > dnn.groups) {
      reply({ error: `groups must be an integer 1..${dnn.groups}` });
      continue;
    }
    const threshold = request.confidenceThreshold;
    if (threshold !== undefined && !(typeof threshold === 'number' && threshold >= 0)) {
      reply({ error: 'confidenceThreshold must be a number >= 0' });
      continue;
    }
    if (threshold !== undefined && engine.runAnytime === undefined) {
      reply({
        error: `anytime inference is not available on ${engine.threads} threads of the TypeScript engine (one thread, or --engine onnx)`,
      });
      continue;
    }
    const { input, label } = feed.next();
    const start = performance.now();
    const result =
      threshold === undefined
        ? await engine.run(input, g, request.layers === true)
        : await engine.runAnytime!(input, threshold, g);
    const latencyMs = performance.now() - start;
    const p = softmax(result.logits);
    const answer = {
      ...(label === null ? {} : { class: argmax(result.logits), label }),
      confidence: p[argmax(result.logits)]!,
      ...(threshold === undefined ? {} : { groupsRun: result.groups }),
    };
    reply(
      request.layers === true && result.layerMs
        ? { latencyMs, layersMs: result.layerMs, ...answer }
        : { latencyMs, ...answer },
    );
  }
  await engine.close();
}

interface Started {
  runner: Runner;
  ready: Record<string, unknown>;
  /** Where the weights came from: real images are fed only to weights trained on them. */
  source: Weights['source'];
}

interface Runner {
  threads: number;
  run(
    input: Float32Array,
    g: number,
    layers: boolean,
  ): Promise<{ groups?: number; logits: Float32Array; layerMs?: number[] }>;
  /** Anytime inference up to maxGroups; absent where the engine has none (the worker-thread engine). */
  runAnytime?(
    input: Float32Array,
    threshold: number,
    maxGroups: number,
  ): Promise<{ groups: number; logits: Float32Array; layerMs?: number[] }>;
  close(): Promise<void>;
}

/** The TypeScript engine: single-thread for one thread, the worker-thread engine for more. */
async function createTsRunner(dnn: Dnn, manifest: string | undefined, seed: number, threads: number): Promise<Started> {
  const { weights } = chooseWeights(dnn, manifest, { seed });
  const runner = await createRunner(weights, threads);
  return {
    runner,
    source: weights.source,
    ready: { ready: true, engine: 'twinrtm', dnn: dnn.id, threads: runner.threads, weights: weights.source },
  };
}

/**
 * ONNX Runtime over the per-group files (dnn/weights/ID/onnx/), which must be those of the weights in
 * use (the committed ones, or --weights: its .bin's SHA-256 is checked). Per-layer times are not
 * available: a group's file runs as one graph.
 */
async function createOnnxRunner(dnn: Dnn, manifest: string | undefined, threads: number): Promise<Started> {
  // chooseEngine has refused random weights and a network without trained ones.
  const weightsManifest = manifest ?? defaultWeightsPath(dnn.id)!;
  const groups = onnxGroupsFor(dnn, weightsManifest);
  // The weights' source from their manifest alone (the ONNX files hold the values).
  const source = (JSON.parse(readFileSync(weightsManifest, 'utf8')) as { source: Weights['source'] }).source;
  const engine = await createOnnxEngine(groups, dnn.input, { threads });
  const runner: Runner = {
    threads: engine.threads,
    run: async (input, g) => ({ logits: (await engine.run(input, g)).logits }),
    runAnytime: async (input, threshold, maxGroups) => {
      const r = await engine.runAnytime(input, threshold, maxGroups);
      return { groups: r.groups, logits: r.logits };
    },
    close: () => engine.close(),
  };
  return {
    runner,
    source,
    ready: {
      ready: true,
      engine: 'onnx',
      weights: source,
      runtime: engine.runtime,
      providers: engine.providers,
      dnn: dnn.id,
      threads: engine.threads,
      files: groups.files.map((f) => basename(f)),
    },
  };
}

/** The single-thread engine for one thread; the worker-thread engine for more. */
async function createRunner(weights: Weights, threads: number): Promise<Runner> {
  if (threads > 1) {
    const parallel = await import('../../dnn/engine/parallelEngine.js').catch(() => null);
    if (parallel) {
      const engine = await parallel.createParallelEngine(weights, threads);
      return {
        threads,
        run: (input, g, layers) => engine.runAsync(input, g, { timeLayers: layers }),
        close: () => engine.close(),
      };
    }
  }
  const engine = createEngine(weights);
  return {
    threads: 1,
    run: async (input, g, layers) => engine.run(input, g, { timeLayers: layers }),
    runAnytime: async (input, threshold, maxGroups) => engine.runAnytime(input, threshold, maxGroups),
    close: async () => {},
  };
}

// A parent killed with SIGKILL cannot stop this process: it ends itself (parentWatch.ts).
watchParent();
main().catch((err: unknown) => {
  process.stderr.write(`engine runner: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
