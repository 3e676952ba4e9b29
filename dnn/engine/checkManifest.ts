/**
 * Checks a schema-valid weights manifest against the network it claims to belong to, so a wrong
 * shape, a stray offset or a missing tensor is reported before a byte of the .bin is read.
 */
import { DataFileError } from '../schemaCheck.js';
import type { Dnn } from '../types.js';
import { elementCount } from './elementCount.js';
import { tensorSpecs } from './tensorSpecs.js';
import type { ManifestTensor, WeightsManifest } from './types.js';

/** A manifest tensor with its index in the manifest, for messages. */
export interface IndexedTensor extends ManifestTensor {
  index: number;
}

/**
 * Throws unless the manifest matches the network exactly: the same structure and G, every tensor the
 * network needs present once with its shape, 4 bytes per element, inside byteLength, no two
 * tensors overlapping, nothing extra.
 *
 * In plain words: trust nothing in the file that the network already determines.
 *
 * @param manifest - a manifest that passed the schema
 * @param dnn - the network the weights are loaded for
 * @param file - the manifest's path, for messages
 * @returns the tensors sorted by byteOffset
 * @throws DataFileError naming the file and the field (`tensors[3] (conv1.g4.bias)`)
 */
export function checkManifest(manifest: WeightsManifest, dnn: Dnn, file: string): IndexedTensor[] {
  if (manifest.network !== dnn.id) {
    throw new DataFileError(
      file,
      'network',
      `is '${manifest.network}' but the weights are loaded for network '${dnn.id}'`,
    );
  }
  if (manifest.structure !== dnn.structure) {
    throw new DataFileError(
      file,
      'structure',
      `is '${manifest.structure}' but network '${dnn.id}' is '${dnn.structure}'`,
    );
  }
  if (manifest.groups !== dnn.groups) {
    throw new DataFileError(file, 'groups', `is ${manifest.groups} but network '${dnn.id}' has ${dnn.groups}`);
  }
  const expected = new Map(tensorSpecs(dnn).map((spec) => [spec.name, spec.shape]));
  const seen = new Map<string, number>();
  const tensors: IndexedTensor[] = manifest.tensors.map((tensor, index) => {
    const fail = (problem: string): never => {
      throw new DataFileError(file, `tensors[${index}] (${tensor.name})`, problem);
    };
    const earlier = seen.get(tensor.name);
    if (earlier !== undefined) fail(`duplicates tensors[${earlier}]`);
    seen.set(tensor.name, index);
    const shape = expected.get(tensor.name);
    if (shape === undefined)
      fail(`is not a tensor of network '${dnn.id}' (names look like ${[...expected.keys()][0]})`);
    if (!sameShape(tensor.shape, shape ?? [])) {
      fail(`shape ${show(tensor.shape)} does not match network '${dnn.id}', which needs ${show(shape ?? [])}`);
    }
    const bytes = 4 * elementCount(tensor.shape);
    if (tensor.byteLength !== bytes)
      fail(`byteLength ${tensor.byteLength} should be ${bytes} (4 bytes per float32 element)`);
    if (tensor.byteOffset + tensor.byteLength > manifest.byteLength) {
      fail(
        `bytes ${tensor.byteOffset}..${tensor.byteOffset + tensor.byteLength} lie beyond byteLength ${manifest.byteLength}`,
      );
    }
    return { ...tensor, index };
  });
  const missing = [...expected.keys()].filter((name) => !seen.has(name));
  if (missing.length > 0) {
    const more = missing.length > 1 ? ` (and ${missing.length - 1} more)` : '';
    throw new DataFileError(file, 'tensors', `lacks ${missing[0]}${more}, which network '${dnn.id}' needs`);
  }
  const sorted = [...tensors].sort((a, b) => a.byteOffset - b.byteOffset);
  sorted.forEach((tensor, i) => {
    const before = sorted[i - 1];
    if (before !== undefined && tensor.byteOffset < before.byteOffset + before.byteLength) {
      throw new DataFileError(
        file,
        `tensors[${tensor.index}] (${tensor.name})`,
        `overlaps tensors[${before.index}] (${before.name})`,
      );
    }
  });
  return sorted;
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((side, i) => side === b[i]);
}

function show(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}
