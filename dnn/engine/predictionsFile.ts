/**
 * PyTorch's predictions for a weight file (predictions.json, see dnn/train/evaluate.py) and the
 * image-by-image comparison of the engine's answers with them.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { checkAgainstSchema, DataFileError, parseJson } from '../schemaCheck.js';
import type { GroupScores } from '../confidence.js';
import type { GroupPredictions } from './classifySplit.js';
import schema from './predictions.schema.json' with { type: 'json' };

/** The file's content, as written by the Python side. */
export interface PredictionsFile {
  note?: string;
  framework?: string;
  network: string;
  dataset: string;
  split: string;
  images: number;
  labels: string;
  weightsSha256: string;
  entries: {
    groups: number;
    top1: number;
    correct: number;
    predictions: string;
    topProbability?: string;
    correctProbability?: string;
  }[];
}

/** The stored probabilities' unit: uint16 / 65535 (dnn/train/evaluate.py PROBABILITY_SCALE). */
const PROBABILITY_SCALE = 65535;

/** base64 of little-endian uint16 values / 65535, as evaluate.py encode_probabilities writes them. */
export function decodeProbabilities(text: string): Float64Array {
  const bytes = Buffer.from(text, 'base64');
  const out = new Float64Array(bytes.length >> 1);
  for (let i = 0; i < out.length; i++) out[i] = bytes.readUInt16LE(2 * i) / PROBABILITY_SCALE;
  return out;
}

/**
 * The file's answers as confidence scores, for the entries that carry probabilities (files written
 * before confidence was measured have none: an empty list).
 */
export function scoresOf(file: PredictionsFile): GroupScores[] {
  return file.entries.flatMap((e) =>
    e.topProbability === undefined || e.correctProbability === undefined
      ? []
      : [
          {
            groups: e.groups,
            predicted: Uint8Array.from(e.predictions, Number),
            topProbability: decodeProbabilities(e.topProbability),
            correctProbability: decodeProbabilities(e.correctProbability),
          },
        ],
  );
}

/** The true classes of a file's images. */
export function labelsOf(file: PredictionsFile): Uint8Array {
  return Uint8Array.from(file.labels, Number);
}

/**
 * Reads and checks a predictions file: the schema, one prediction and one label per image, and
 * `correct` agreeing with the predictions and labels.
 *
 * @throws DataFileError naming the file and the field
 */
export function loadPredictions(path: string): PredictionsFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new DataFileError(
      path,
      '',
      (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : `cannot be read (${(err as Error).message})`,
    );
  }
  const file = checkAgainstSchema<PredictionsFile>(schema, parseJson(text, path), path);
  if (file.labels.length !== file.images)
    throw new DataFileError(path, 'labels', `has ${file.labels.length} digits for ${file.images} images`);
  file.entries.forEach((entry, i) => {
    if (entry.predictions.length !== file.images) {
      throw new DataFileError(
        path,
        `entries[${i}].predictions`,
        `has ${entry.predictions.length} digits for ${file.images} images`,
      );
    }
    let correct = 0;
    for (let k = 0; k < file.images; k++) if (entry.predictions[k] === file.labels[k]) correct += 1;
    if (correct !== entry.correct)
      throw new DataFileError(
        path,
        `entries[${i}].correct`,
        `is ${entry.correct} but the predictions match ${correct} labels`,
      );
    if (file.images > 0 && Math.abs(entry.top1 - correct / file.images) > 1e-12) {
      throw new DataFileError(
        path,
        `entries[${i}].top1`,
        `is ${entry.top1} but ${correct} of ${file.images} is ${correct / file.images}`,
      );
    }
    for (const field of ['topProbability', 'correctProbability'] as const) {
      const text = entry[field];
      if (text !== undefined && Buffer.from(text, 'base64').length !== 2 * file.images) {
        throw new DataFileError(
          path,
          `entries[${i}].${field}`,
          `holds ${Buffer.from(text, 'base64').length >> 1} probabilities for ${file.images} images`,
        );
      }
    }
    if ((entry.topProbability === undefined) !== (entry.correctProbability === undefined)) {
      throw new DataFileError(
        path,
        `entries[${i}]`,
        'has one of topProbability and correctProbability without the other',
      );
    }
    const first = file.entries.findIndex((other) => other.groups === entry.groups);
    if (first !== i)
      throw new DataFileError(path, `entries[${i}].groups`, `duplicates entries[${first}] (g = ${entry.groups})`);
  });
  return file;
}

/** SHA-256 of a file, hex: what predictions files name their weights by. */
export function sha256File(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/**
 * Checks, before any scoring, that a predictions file can be compared with the engine's answers on
 * these images: at least as many images, the same labels (the same data), an entry for every g.
 *
 * @throws DataFileError naming the file and the field
 */
export function checkPredictionsCover(
  reference: PredictionsFile,
  labels: Uint8Array,
  groups: readonly number[],
  file: string,
): void {
  const images = labels.length;
  if (images > reference.images)
    throw new DataFileError(file, 'images', `is ${reference.images}, fewer than the ${images} images to score`);
  for (let i = 0; i < images; i++) {
    if (String(labels[i]) !== reference.labels[i]) {
      throw new DataFileError(
        file,
        'labels',
        `image ${i} is labelled ${reference.labels[i]} there but ${labels[i]} in the data read: predictions for other data`,
      );
    }
  }
  for (const g of groups) {
    if (!reference.entries.some((entry) => entry.groups === g))
      throw new DataFileError(file, 'entries', `has no entry for g = ${g}`);
  }
}

/** One g of the comparison. */
export interface PredictionAgreement {
  groups: number;
  engineTop1: number;
  referenceTop1: number;
  /** Images compared: the engine's (the first N of the split). */
  images: number;
  /** Images whose predicted class differs. */
  differing: number;
  /** The first few differing image indices. */
  firstDiffering: number[];
}

/**
 * Compares the engine's answers with a predictions file image by image, over the images the engine
 * scored (the split's first N); both top-1s are over those images.
 *
 * @param engine - the engine's answers per g
 * @param labels - the labels of the images the engine scored
 * @param reference - the predictions file
 * @param file - its name, for errors
 * @throws DataFileError when the file has fewer images, other labels (other data) or lacks a g
 */
export function comparePredictions(
  engine: readonly GroupPredictions[],
  labels: Uint8Array,
  reference: PredictionsFile,
  file: string,
): PredictionAgreement[] {
  checkPredictionsCover(
    reference,
    labels,
    engine.map((mine) => mine.groups),
    file,
  );
  const images = labels.length;
  return engine.map((mine) => {
    const theirs = reference.entries.find((entry) => entry.groups === mine.groups)!;
    const firstDiffering: number[] = [];
    let differing = 0;
    let referenceCorrect = 0;
    for (let i = 0; i < images; i++) {
      if (theirs.predictions[i] === reference.labels[i]) referenceCorrect += 1;
      if (String(mine.predictions[i]) !== theirs.predictions[i]) {
        differing += 1;
        if (firstDiffering.length < 10) firstDiffering.push(i);
      }
    }
    return {
      groups: mine.groups,
      engineTop1: images === 0 ? 0 : mine.correct / images,
      referenceTop1: images === 0 ? 0 : referenceCorrect / images,
      images,
      differing,
      firstDiffering,
    };
  });
}
