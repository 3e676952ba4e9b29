/**
 * `twinrtm accuracy`: an engine's top-1 on a test split for every active-group count (ONNX Runtime over
 * the per-group files by default where it loads, the TypeScript engine otherwise or with --engine ts),
 * checked image by image against PyTorch's predictions for the same weights (predictions.json, which
 * the training run writes beside them). Exit 1 when any image's class differs.
 */
import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { DEFAULT_DNN_ID, networkById } from '../../dnn/builtinNetworks.js';
import { originNote, splitDescription } from '../../dnn/data/describeSplit.js';
import { DATASETS, loadTestSplit, type SplitOrigin } from '../../dnn/data/testSplit.js';
import { classifySplit, type GroupPredictions } from '../../dnn/engine/classifySplit.js';
import { chooseEngine } from '../../dnn/engine/chooseEngine.js';
import { chooseWeights } from '../../dnn/engine/defaultWeights.js';
import { createEngine } from '../../dnn/engine/engine.js';
import { createOnnxEngine } from '../../dnn/engine/onnxEngine.js';
import { onnxGroupsFor, type OnnxGroups } from '../../dnn/engine/onnxGroups.js';
import { createParallelEngine } from '../../dnn/engine/parallelEngine.js';
import { cascadeMacs } from '../../dnn/anytimeProfile.js';
import {
  anytimeSummary,
  confidenceMetrics,
  type AnytimeSummary,
  type ConfidenceMetrics,
} from '../../dnn/confidence.js';
import { networkCost } from '../../dnn/networkCost.js';
import {
  checkPredictionsCover,
  comparePredictions,
  loadPredictions,
  scoresOf,
  sha256File,
  type PredictionAgreement,
} from '../../dnn/engine/predictionsFile.js';
import type { Weights } from '../../dnn/engine/types.js';
import { InputError } from '../../dnn/inputError.js';
import { DataFileError } from '../../dnn/schemaCheck.js';
import { printJson, type Io } from '../io.js';
import { parseCount } from '../parse.js';
import { progressBar } from '../progressBar.js';
import { formatTable } from '../table.js';
import { ChecksFailed } from '../checksFailed.js';

interface AccuracyCliOptions {
  dataset: string;
  data?: string;
  dnn: string;
  weights?: string;
  against?: string;
  limit?: string;
  threads?: string;
  engine?: string;
  anytime?: string;
  json?: boolean;
}

/** What the command reports (--json). */
export interface AccuracyReport {
  network: string;
  dataset: string;
  split: string;
  images: number;
  /** The images' folder and why it was read: given with --data, installed, or the committed fixture. */
  data: { origin: SplitOrigin; directory: string };
  weights: { path: string | null; source: Weights['source'] };
  /** ts: the TypeScript engine; onnx: ONNX Runtime over the per-group files. */
  engine: 'ts' | 'onnx';
  /** How the engine was chosen (and why, where the default fell back to the TypeScript engine). */
  engineChoice: string;
  against: string | null;
  threads: number;
  seconds: number;
  entries: (ConfidenceMetrics & {
    correct: number;
    reference:
      | (Omit<PredictionAgreement, 'groups' | 'engineTop1'> & { maxTopProbabilityDifference: number | null })
      | null;
  })[];
  /**
   * Anytime inference per threshold asked for with --anytime (the first g whose top-1 probability
   * reaches it), with the mean multiply-accumulates of the cascade (cascadeMacs).
   */
  anytime?: (AnytimeSummary & { meanMacs: number })[];
  /** The multiply-accumulates of a fixed g-group inference, per g (to set anytime's against). */
  macs: number[];
}

export function registerAccuracy(program: Command, io: Io): void {
  program
    .command('accuracy')
    .description(
      "measure the engine's top-1 per active-group count on a test split and check every image's class against PyTorch's predictions",
    )
    .option('--dataset <name>', `data set: ${DATASETS.join(' or ')}`, 'fashion-mnist')
    .option(
      '--data <dir>',
      'data folder: Fashion-MNIST IDX files (default /usr/share/datasets/fashion-mnist when installed, else the committed first 500 test images); CIFAR-10 binary version (cifar-10-batches-bin or its parent)',
    )
    .option('--dnn <id>', 'built-in network', DEFAULT_DNN_ID)
    .option(
      '--weights <manifest.json|random>',
      "the engine's weights (default: the network's committed trained weights, dnn/weights/)",
    )
    .option(
      '--against <predictions.json|none>',
      "PyTorch's predictions to check against (default: predictions.json beside the weights, when there)",
    )
    .option('--limit <n>', 'only the first N test images')
    .option('--threads <n>', 'engine threads (default: every core)')
    .option(
      '--engine <ts|onnx>',
      'onnx: ONNX Runtime over the per-group files (dnn/weights/ID/onnx/; the default where it loads and the files match the weights); ts: the TypeScript engine (the default otherwise)',
    )
    .option(
      '--anytime <thresholds>',
      'also score anytime inference: comma-separated top-1 probabilities (0..1, or above 1 to always run G) at which an inference stops adding groups, e.g. 0.5,0.7,0.9',
    )
    .option('--json', 'print the report as JSON')
    .action(async (options: AccuracyCliOptions) => {
      const dnn = networkById(options.dnn);
      const thresholds = options.anytime === undefined ? [] : parseThresholds(options.anytime);
      const limit = options.limit === undefined ? undefined : parseCount('--limit', options.limit, 1);
      const threads =
        options.threads === undefined ? availableParallelism() : parseCount('--threads', options.threads, 1, 256);
      const { weights, path } = chooseWeights(dnn, options.weights, { shared: true });
      if (options.weights === undefined && path === null) {
        throw new InputError(
          `${dnn.id} has no committed trained weights (dnn/weights/); pass --weights FILE or --weights random`,
        );
      }
      // Checked before any image is read: files from other weights cannot answer for these.
      const choice = await chooseEngine(dnn, options.engine, path, ['ts', 'onnx']);
      const onnx = choice.engine === 'onnx' ? onnxGroupsFor(dnn, path) : null;
      const against = chooseReference(options.against, path);
      const reference = against === null ? null : loadPredictions(against);
      if (reference !== null && path !== null) checkSameWeights(reference.weightsSha256, path, against!);
      if (reference !== null && reference.network !== dnn.id) {
        throw new DataFileError(against!, 'network', `is '${reference.network}' but the engine runs '${dnn.id}'`);
      }
      const split = loadTestSplit(options.dataset, options.data, dnn.input, limit);
      const n = split.labels.length;
      const groups = Array.from({ length: dnn.groups }, (_, i) => i + 1);
      // Everything that can make the comparison impossible is refused before minutes of scoring.
      if (reference !== null) {
        if (reference.dataset !== split.name)
          throw new DataFileError(against!, 'dataset', `is ${reference.dataset} but the images are ${split.name}`);
        checkPredictionsCover(reference, split.labels, groups, against!);
      }
      io.err(
        `${split.name} from ${split.directory} (${originNote(split)}): ${n} of ${split.total} test images, g = 1..${dnn.groups}, ${threads} thread(s), ${choice.note}\n`,
      );

      const progress = progressBar(io, process.stderr.isTTY === true);
      const step = Math.max(1, Math.round(n / 20));
      const onImage = (done: number) => {
        if (done % step === 0 || done === n) progress(done, n, 'images');
      };
      const started = performance.now();
      const predictions = onnx
        ? await classifyOnnx(onnx, dnn.input, threads, split, groups, onImage)
        : await classify(weights, threads, split, groups, onImage);
      const seconds = (performance.now() - started) / 1000;
      const agreement = reference === null ? null : comparePredictions(predictions, split.labels, reference, against!);
      const metrics = confidenceMetrics(split.labels, predictions);
      const referenceScores = reference === null ? [] : scoresOf(reference);

      const report: AccuracyReport = {
        network: dnn.id,
        dataset: split.name,
        split: splitDescription(split),
        images: n,
        data: { origin: split.origin, directory: split.directory },
        weights: { path, source: weights.source },
        engine: onnx ? 'onnx' : 'ts',
        engineChoice: choice.note,
        macs: Array.from({ length: dnn.groups }, (_, i) => networkCost(dnn, i + 1).macs),
        against,
        threads,
        seconds: Math.round(seconds * 10) / 10,
        entries: predictions.map((p, i) => {
          const a = agreement?.[i];
          const theirs = referenceScores.find((r) => r.groups === p.groups);
          return {
            ...metrics[i]!,
            correct: p.correct,
            reference:
              a === undefined
                ? null
                : {
                    referenceTop1: a.referenceTop1,
                    images: a.images,
                    differing: a.differing,
                    firstDiffering: a.firstDiffering,
                    maxTopProbabilityDifference:
                      theirs === undefined ? null : maxDifference(p.topProbability, theirs.topProbability),
                  },
          };
        }),
      };
      if (thresholds.length > 0) {
        const macsAt = Array.from({ length: dnn.groups }, (_, i) => cascadeMacs(dnn, i + 1));
        report.anytime = thresholds.map((t) => {
          const a = anytimeSummary(split.labels, predictions, t, dnn.groups);
          return {
            ...a,
            meanMacs: n === 0 ? 0 : a.groupsHistogram.reduce((sum, count, i) => sum + count * macsAt[i]!, 0) / n,
          };
        });
      }
      if (options.json) printJson(io, report);
      else printReport(io, report, reference?.framework ?? 'reference');
      const differing = report.entries.filter((e) => e.reference !== null && e.reference.differing > 0);
      if (differing.length > 0) {
        const message = `the engine's class differs from the reference's for g = ${differing.map((e) => e.groups).join(', ')}`;
        io.err(`twinrtm accuracy: ${message}\n`);
        throw new ChecksFailed(message);
      }
    });
}

/** --anytime's list: numbers >= 0, comma-separated. */
function parseThresholds(text: string): number[] {
  const parts = text.split(',').map((t) => t.trim());
  const values = parts.map(Number);
  const bad = parts.findIndex((t, i) => t === '' || !Number.isFinite(values[i]!) || values[i]! < 0);
  if (bad >= 0)
    throw new InputError(
      `--anytime '${text}': '${parts[bad]}' is not a probability threshold (comma-separated numbers >= 0, e.g. 0.5,0.7,0.9)`,
    );
  return values;
}

/** The largest |a - b| over the first a.length values (the images the engine scored). */
function maxDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]! - b[i]!));
  return max;
}

function chooseReference(option: string | undefined, weightsPath: string | null): string | null {
  if (option === 'none') return null;
  if (option !== undefined && weightsPath === null) {
    throw new InputError(
      '--against needs weights from a file: a predictions file names its weights by the SHA-256 of their .bin',
    );
  }
  if (option !== undefined) return resolve(option);
  if (weightsPath === null) return null;
  const beside = join(dirname(weightsPath), 'predictions.json');
  return existsSync(beside) ? beside : null;
}

function checkSameWeights(sha256: string, manifestPath: string, against: string): void {
  const bin = loadManifestBin(manifestPath);
  if (sha256File(bin) !== sha256) {
    throw new DataFileError(
      against,
      'weightsSha256',
      `does not match ${bin}: the predictions were made with other weights`,
    );
  }
}

function loadManifestBin(manifestPath: string): string {
  // loadWeights has already checked the manifest; only its bin field is needed here.
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { bin: string };
  return resolve(dirname(manifestPath), manifest.bin);
}

async function classifyOnnx(
  files: OnnxGroups,
  inputShape: readonly number[],
  threads: number,
  split: Parameters<typeof classifySplit>[1],
  groups: number[],
  onImage: (done: number) => void,
): Promise<GroupPredictions[]> {
  const engine = await createOnnxEngine(files, inputShape, { threads });
  try {
    return await classifySplit((input, g) => engine.run(input, g), split, groups, onImage);
  } finally {
    await engine.close();
  }
}

async function classify(
  weights: Weights,
  threads: number,
  split: Parameters<typeof classifySplit>[1],
  groups: number[],
  onImage: (done: number) => void,
): Promise<GroupPredictions[]> {
  if (threads === 1) {
    const engine = createEngine(weights);
    return classifySplit((input, g) => engine.run(input, g), split, groups, onImage);
  }
  const engine = await createParallelEngine(weights, threads);
  try {
    return await classifySplit((input, g) => engine.runAsync(input, g), split, groups, onImage);
  } finally {
    await engine.close();
  }
}

function printReport(io: Io, report: AccuracyReport, framework: string): void {
  const source = report.weights.source;
  const made =
    source.kind === 'trained' ? `trained on ${source.dataset}, ${source.date}` : `random, seed ${source.seed}`;
  io.out(
    `${report.network} on ${report.dataset} ${report.split}, weights ${report.weights.path ?? 'random'} (${made}), ${report.engine === 'onnx' ? 'ONNX Runtime per group' : 'TypeScript engine'}, ${report.seconds} s\n`,
  );
  const withReference = report.against !== null;
  io.out(
    formatTable(
      [
        { header: 'groups', right: true },
        { header: 'engine top-1', right: true },
        { header: 'confidence', right: true },
        { header: 'p(true)', right: true },
        { header: 'norm. conf.', right: true },
        { header: 'ECE', right: true },
        ...(withReference
          ? [
              { header: `${framework} top-1`, right: true },
              { header: 'differing images', right: true },
              { header: 'max |dp|', right: true },
            ]
          : []),
      ],
      report.entries.map((e) => [
        e.groups,
        e.top1.toFixed(4),
        e.confidence.toFixed(4),
        e.correctConfidence.toFixed(4),
        e.normalisedCorrectConfidence.toFixed(4),
        e.ece.toFixed(4),
        ...(e.reference === null
          ? []
          : [
              e.reference.referenceTop1.toFixed(4),
              e.reference.differing === 0
                ? '0'
                : `${e.reference.differing} (first: ${e.reference.firstDiffering.join(', ')})`,
              e.reference.maxTopProbabilityDifference === null
                ? '-'
                : e.reference.maxTopProbabilityDifference.toExponential(1),
            ]),
      ]),
    ),
  );
  io.out(
    'confidence: mean probability of the answer; p(true): of the true class; norm. conf.: total p(true) over that of every group; ECE: expected calibration error, 15 bins\n',
  );
  if (withReference)
    io.out(
      `checked against ${report.against}${report.entries.some((e) => e.reference?.maxTopProbabilityDifference === null) ? ' (it stores no probabilities: max |dp| not compared)' : " (max |dp|: the largest difference in the answer's probability, its own stored to 1/65535)"}\n`,
    );
  if (report.anytime !== undefined) {
    io.out('\nanytime inference: stop at the first g whose answer has at least this probability\n');
    io.out(
      formatTable(
        [
          { header: 'threshold', right: true },
          { header: 'top-1', right: true },
          { header: 'mean groups', right: true },
          { header: 'MMACs', right: true },
          { header: 'stopped at g = 1..G', right: false },
        ],
        report.anytime.map((a) => [
          a.threshold,
          a.top1.toFixed(4),
          a.meanGroups.toFixed(3),
          (a.meanMacs / 1e6).toFixed(1),
          a.groupsHistogram.join(' / '),
        ]),
      ),
    );
  }
}
