/**
 * Weight files: a JSON manifest plus a binary file of little-endian float32 values (format in
 * README.md, "Weight files"). Every way a pair of files can be wrong ends as one DataFileError.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';
import { networkById } from '../builtinNetworks.js';
import { InputError } from '../inputError.js';
import { checkAgainstSchema, DataFileError, parseJson } from '../schemaCheck.js';
import type { Dnn } from '../types.js';
import { allocateWeights } from './allocateWeights.js';
import { checkManifest } from './checkManifest.js';
import type { WeightsManifest, Weights } from './types.js';
import manifestSchema from './weightsManifest.schema.json' with { type: 'json' };

/** Options of loadWeights. */
export interface LoadWeightsOptions {
  /** Back the weights with a SharedArrayBuffer (see allocateWeights). @defaultValue false */
  shared?: boolean;
}

/**
 * Writes weights as a manifest and a binary file.
 *
 * In plain words: the tensors go back to back into the .bin, in tensorSpecs order, as little-endian
 * float32; the manifest lists each with its shape and byte range, the network, and the source.
 *
 * @param weights - the weights to save
 * @param manifestPath - where to write the JSON manifest
 * @param binPath - where to write the binary file (the manifest records it relative to its own folder)
 * @returns the manifest written
 */
export function saveWeights(weights: Weights, manifestPath: string, binPath: string): WeightsManifest {
  const { dnn } = weights;
  const bytes = new DataView(new ArrayBuffer(weights.data.length * 4));
  // DataView writes little-endian whatever the host's byte order.
  weights.data.forEach((value, i) => {
    bytes.setFloat32(4 * i, value, true);
  });
  const manifest: WeightsManifest = {
    format: 'twinrtm-weights',
    version: 1,
    network: dnn.id,
    structure: dnn.structure,
    groups: dnn.groups,
    dtype: 'float32-le',
    bin: relative(dirname(resolve(manifestPath)), resolve(binPath))
      .split(sep)
      .join('/'),
    byteLength: bytes.byteLength,
    source: weights.source,
    tensors: weights.layout.map((tensor) => ({
      name: tensor.name,
      shape: [...tensor.shape],
      byteOffset: 4 * tensor.offset,
      byteLength: 4 * (weights.tensors.get(tensor.name)?.length ?? 0),
    })),
  };
  writeFileSync(binPath, new Uint8Array(bytes.buffer));
  writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

/**
 * Reads and fully checks a manifest and its binary file.
 *
 * In plain words: the manifest must follow the schema and match the network tensor by tensor (names,
 * shapes, byte ranges); the binary file must have exactly the size the manifest says and hold only
 * finite numbers. The first problem found is thrown, naming the file and the tensor.
 *
 * @param manifestPath - path of the JSON manifest
 * @param dnn - the network the weights belong to; default the built-in network the manifest names
 * @param options - shared memory
 * @returns the weights, with the manifest's source
 * @throws DataFileError naming the manifest or the binary file, and the field or tensor
 */
export function loadWeights(manifestPath: string, dnn?: Dnn, options: LoadWeightsOptions = {}): Weights {
  const manifest = checkAgainstSchema<WeightsManifest>(
    manifestSchema,
    parseJson(readText(manifestPath), manifestPath),
    manifestPath,
  );
  const network = dnn ?? builtinNetwork(manifest.network, manifestPath);
  const tensors = checkManifest(manifest, network, manifestPath);
  const binPath = resolve(dirname(manifestPath), manifest.bin);
  const bin = readBytes(binPath, manifestPath);
  if (bin.length < manifest.byteLength) {
    const cut = tensors.find((tensor) => tensor.byteOffset + tensor.byteLength > bin.length);
    throw new DataFileError(
      binPath,
      cut?.name ?? '',
      `${cut === undefined ? '' : `bytes ${cut.byteOffset}..${cut.byteOffset + cut.byteLength} lie beyond the end of the file: `}` +
        `it has ${bin.length} bytes but ${manifestPath} says ${manifest.byteLength} (truncated?)`,
    );
  }
  if (bin.length > manifest.byteLength) {
    throw new DataFileError(
      binPath,
      '',
      `has ${bin.length} bytes but ${manifestPath} says ${manifest.byteLength} (a different file?)`,
    );
  }
  const weights = allocateWeights(network, manifest.source, { shared: options.shared === true });
  const view = new DataView(bin.buffer, bin.byteOffset, bin.byteLength);
  for (const tensor of tensors) {
    const values = weights.tensors.get(tensor.name)!;
    for (let i = 0; i < values.length; i++) {
      const value = view.getFloat32(tensor.byteOffset + 4 * i, true);
      if (!Number.isFinite(value))
        throw new DataFileError(binPath, `${tensor.name}[${i}]`, `is ${value}; weights must be finite`);
      values[i] = value;
    }
  }
  return weights;
}

function builtinNetwork(id: string, file: string): Dnn {
  try {
    return networkById(id);
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    throw new DataFileError(file, 'network', `${err.message}; pass the network to loadWeights for other networks`);
  }
}

function readText(path: string): string {
  return readBytes(path).toString('utf8');
}

function readBytes(path: string, namedBy?: string): Buffer {
  try {
    return readFileSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : `cannot be read (${(err as Error).message})`;
    throw new DataFileError(path, '', namedBy === undefined ? why : `${why} (named by ${namedBy})`);
  }
}
