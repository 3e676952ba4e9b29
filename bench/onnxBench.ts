/**
 * Inference time per active-group count, one thread, the same image, in one process: the TypeScript
 * engine, the ONNX Runtime executor over the per-group files (committed) on the native and the
 * WebAssembly builds, and, as the peer the executor is judged against, ONNX Runtime on the single-file
 * model of each g (exported for the bench by `python3 -m dnn.train.export_groups --whole` where PyTorch
 * is installed; null otherwise), measured in turns with the executor.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median } from 'simple-statistics';
import { networkById } from '../dnn/builtinNetworks.js';
import { chooseWeights } from '../dnn/engine/defaultWeights.js';
import { createEngine } from '../dnn/engine/engine.js';
import { createOnnxEngine, loadOnnxRuntime } from '../dnn/engine/onnxEngine.js';
import { defaultOnnxGroupsPath, readOnnxGroups } from '../dnn/engine/onnxGroups.js';
import { networkCost } from '../dnn/networkCost.js';

/** One active-group count: each executor's median time, ms. */
export interface EngineRow {
  /** Active groups. */
  groups: number;
  /** The TypeScript engine. */
  tsMs: number;
  /** The ONNX Runtime executor over the per-group files, native build. */
  onnxGroupsMs: number;
  /** The same executor on onnxruntime-web's WebAssembly build (the fallback where the native one does not load). */
  webGroupsMs: number;
  /** ONNX Runtime on the single-file model (the peer); null without it. */
  onnxWholeMs: number | null;
  /** The executor against the single-file model (target: at most 1.25). */
  groupsOverWhole: number | null;
  /** Multiply-accumulates per second of each, billions. */
  gMacsPerS: { ts: number; onnxGroups: number; onnxWhole: number | null };
}

/**
 * Medians of several runners measured in turns (a, b, c, a, b, c, ...): a slow spell of a shared
 * machine then hits every runner alike, so their ratios hold even when the absolute times move.
 */
async function timeInTurns(runners: readonly (() => unknown)[], runs: number, warmup: number): Promise<number[]> {
  const times = runners.map(() => [] as number[]);
  for (let i = 0; i < warmup + runs; i++) {
    for (const [k, run] of runners.entries()) {
      const start = process.hrtime.bigint();
      await run();
      if (i >= warmup) times[k]!.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
  }
  return times.map((t) => median(t));
}

/** Exports the single-file models into a temporary folder; null without PyTorch. */
function exportWhole(): { dir: string } | null {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const dir = mkdtempSync(join(tmpdir(), 'twinrtm-bench-onnx-'));
  const python = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
  const r = spawnSync(python, ['-m', 'dnn.train.export_groups', '--out', dir, '--whole'], {
    cwd: root,
    encoding: 'utf8',
  });
  if (r.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    return null;
  }
  return { dir };
}

/** Times every executor at every group count (see the file's comment); `peer` says what the peer was, or why none. */
export async function timeOnnx(runs = 21, warmup = 5): Promise<{ rows: EngineRow[]; peer: string }> {
  const dnn = networkById('alexnet-cifar10-g4');
  const { weights } = chooseWeights(dnn);
  const ts = createEngine(weights);
  const groups = readOnnxGroups(defaultOnnxGroupsPath(dnn.id)!, dnn, null);
  const executor = await createOnnxEngine(groups, dnn.input, { threads: 1, runtime: 'node' });
  const { ort } = await loadOnnxRuntime('node');
  const web = await createOnnxEngine(groups, dnn.input, { threads: 1, runtime: 'web' });
  const whole = exportWhole();
  const input = new Float32Array(dnn.input[0] * dnn.input[1] * dnn.input[2]).map(
    (_, i) => (Math.sin(i * 12.9898) + 1) / 2,
  );
  const rows: EngineRow[] = [];
  try {
    for (let g = 1; g <= dnn.groups; g++) {
      const macs = networkCost(dnn, g).macs;
      let session: Awaited<ReturnType<typeof ort.InferenceSession.create>> | null = null;
      if (whole)
        session = await ort.InferenceSession.create(join(whole.dir, `${dnn.id}.g${g}.onnx`), {
          executionProviders: ['cpu'],
          intraOpNumThreads: 1,
          interOpNumThreads: 1,
          graphOptimizationLevel: 'all',
        });
      const tensor = new ort.Tensor('float32', input, [1, ...dnn.input]);
      // The executor and its peer in turns; each of the others on its own, so that neither evicts
      // the caches of the runtime being compared.
      const [tsMs] = (await timeInTurns([() => ts.run(input, g)], runs, warmup)) as [number];
      const [webGroupsMs] = (await timeInTurns([() => web.run(input, g)], runs, warmup)) as [number];
      let timed: number[];
      try {
        timed = await timeInTurns(
          [() => executor.run(input, g), ...(session ? [() => session.run({ input: tensor })] : [])],
          runs,
          warmup,
        );
      } finally {
        await session?.release();
      }
      const [onnxGroupsMs, wholeMs] = timed as [number, number | undefined];
      const onnxWholeMs = wholeMs ?? null;
      const rate = (ms: number) => macs / (ms / 1000) / 1e9;
      rows.push({
        groups: g,
        tsMs,
        onnxGroupsMs,
        webGroupsMs,
        onnxWholeMs,
        groupsOverWhole: onnxWholeMs === null ? null : onnxGroupsMs / onnxWholeMs,
        gMacsPerS: {
          ts: rate(tsMs),
          onnxGroups: rate(onnxGroupsMs),
          onnxWhole: onnxWholeMs === null ? null : rate(onnxWholeMs),
        },
      });
    }
  } finally {
    await executor.close();
    await web.close();
    if (whole) rmSync(whole.dir, { recursive: true, force: true });
  }
  return {
    rows,
    peer: whole
      ? 'single-file models exported by python3 -m dnn.train.export_groups --whole'
      : 'none: PyTorch is not installed, so no single-file models to compare with',
  };
}
