import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { networkById } from '../../../dnn/builtinNetworks.js';
import { randomWeights } from '../../../dnn/engine/randomWeights.js';
import type { WeightsManifest } from '../../../dnn/engine/types.js';
import { loadWeights, saveWeights } from '../../../dnn/engine/weightsFile.js';
import { networkCost } from '../../../dnn/networkCost.js';
import { DataFileError } from '../../../dnn/schemaCheck.js';
import { handWeights, sameBits, tinyDnn } from './fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'twinrtm-weights-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const dnn = networkById('alexnet-cifar10-g4');
const saved = randomWeights(dnn, 77);
const manifestPath = join(dir, 'w.json');
const binPath = join(dir, 'w.bin');
const manifest = saveWeights(saved, manifestPath, binPath);

/** Writes a corrupted copy of the manifest (and optionally of the bin) and returns the manifest's path. */
function corrupt(name: string, edit: (m: WeightsManifest) => void, bin?: Buffer): string {
  const copy = JSON.parse(readFileSync(manifestPath, 'utf8')) as WeightsManifest;
  edit(copy);
  if (bin !== undefined) {
    copy.bin = `${name}.bin`;
    writeFileSync(join(dir, copy.bin), bin);
  }
  const path = join(dir, `${name}.json`);
  writeFileSync(path, JSON.stringify(copy));
  return path;
}

/** The one DataFileError loading `path` throws. */
function loadError(path: string): DataFileError {
  try {
    loadWeights(path);
  } catch (err) {
    expect(err).toBeInstanceOf(DataFileError);
    return err as DataFileError;
  }
  throw new Error(`${path} loaded without an error`);
}

describe('weight files', () => {
  it('load gives back exactly the weights saved, with their source and network', () => {
    const loaded = loadWeights(manifestPath);
    expect(sameBits(loaded.data, saved.data)).toBe(true);
    expect(loaded.source).toEqual({ kind: 'random', seed: 77 });
    expect(loaded.dnn).toBe(dnn);
    expect(loaded.layout).toEqual(saved.layout);
  });

  it('the manifest records the network, dtype, the bin relative to itself and its exact size', () => {
    expect(manifest).toMatchObject({
      network: dnn.id,
      structure: 'block-diagonal',
      groups: 4,
      dtype: 'float32-le',
      bin: 'w.bin',
    });
    expect(manifest.byteLength).toBe(statSync(binPath).size);
    expect(manifest.byteLength).toBe(4 * saved.data.length);
    expect(manifest.tensors).toHaveLength(138);
    expect(manifest.tensors[0]).toEqual({
      name: 'conv1.g1.weight',
      shape: [16, 3, 3, 3],
      byteOffset: 0,
      byteLength: 1728,
    });
  });

  it('the bin holds exactly the parameter bytes networkCost counts for all G groups', () => {
    expect(manifest.byteLength).toBe(networkCost(dnn, dnn.groups).paramBytes);
  });

  it('reads values as little-endian float32 whatever the host', () => {
    const tiny = tinyDnn([1, 1, 1], 1, 'block-diagonal', [{ name: 'fc', kind: 'fc', outChannels: 2 }]);
    const tinyManifest = join(dir, 'tiny.json');
    saveWeights(handWeights(tiny, { 'fc.weight': [0, 0], 'fc.bias': [0, 0] }), tinyManifest, join(dir, 'tiny.bin'));
    // 1.0 is 0x3f800000 and -2.0 is 0xc0000000; little-endian puts the low byte first.
    writeFileSync(join(dir, 'tiny.bin'), Buffer.from([0, 0, 0x80, 0x3f, 0, 0, 0, 0xc0, 0, 0, 0, 0, 0, 0, 0, 0]));
    expect(Array.from(loadWeights(tinyManifest, tiny).tensors.get('fc.weight')!)).toEqual([1, -2]);
  });

  it('a wrong shape is one DataFileError naming the manifest and the tensor', () => {
    const path = corrupt('shape', (m) => (m.tensors[7]!.shape = [48, 16, 3, 2]));
    const error = loadError(path);
    expect(error.file).toBe(path);
    expect(error.message).toContain(`tensors[7] (${manifest.tensors[7]!.name}): shape [48, 16, 3, 2] does not match`);
  });

  it('an offset beyond the file is one DataFileError naming the tensor', () => {
    const path = corrupt('offset', (m) => (m.tensors[12]!.byteOffset = m.byteLength));
    expect(loadError(path).message).toContain(`tensors[12] (${manifest.tensors[12]!.name}): bytes`);
    expect(loadError(path).message).toContain('lie beyond byteLength');
  });

  it('a truncated bin is one DataFileError naming the bin and the first tensor cut off', () => {
    const bytes = readFileSync(binPath);
    const path = corrupt('truncated', () => {}, bytes.subarray(0, bytes.length - 100));
    const error = loadError(path);
    expect(error.file).toBe(join(dir, 'truncated.bin'));
    expect(error.field).toBe('fc8.weight');
    expect(error.message).toMatch(/lie beyond the end of the file.*truncated\?/);
  });

  it('a bin longer than the manifest says is refused', () => {
    const path = corrupt('long', () => {}, Buffer.concat([readFileSync(binPath), Buffer.alloc(4)]));
    expect(loadError(path).message).toMatch(/long\.bin: has \d+ bytes but .* says/);
  });

  it('a missing, duplicated, unknown or overlapping tensor is refused, naming it', () => {
    expect(loadError(corrupt('missing', (m) => m.tensors.splice(3, 1))).message).toContain(
      `tensors: lacks ${manifest.tensors[3]!.name}`,
    );
    expect(loadError(corrupt('dup', (m) => m.tensors.push({ ...m.tensors[0]! }))).message).toContain(
      '(conv1.g1.weight): duplicates tensors[0]',
    );
    expect(loadError(corrupt('unknown', (m) => (m.tensors[0]!.name = 'conv9.g1.weight'))).message).toContain(
      "(conv9.g1.weight): is not a tensor of network 'alexnet-cifar10-g4'",
    );
    const overlap = loadError(corrupt('overlap', (m) => (m.tensors[1]!.byteOffset = 4)));
    expect(overlap.message).toContain('overlaps tensors[0] (conv1.g1.weight)');
  });

  it('a manifest for another network, structure or G is refused', () => {
    expect(loadError(corrupt('net', (m) => (m.network = 'lenet'))).message).toContain("network: unknown dnn 'lenet'");
    expect(loadError(corrupt('structure', (m) => (m.structure = 'cumulative'))).field).toBe('structure');
    expect(loadError(corrupt('groups', (m) => (m.groups = 2))).field).toBe('groups');
    const other = networkById('alexnet-cifar10-g4-cumulative');
    expect(() => loadWeights(manifestPath, other)).toThrow(
      /network: is 'alexnet-cifar10-g4' but the weights are loaded for/,
    );
  });

  it('a schema violation names the field', () => {
    expect(loadError(corrupt('dtype', (m) => ((m as { dtype: string }).dtype = 'float32-be'))).field).toBe('dtype');
    expect(loadError(corrupt('source', (m) => ((m.source as { kind: string }).kind = 'guessed'))).field).toMatch(
      /^source/,
    );
  });

  it('a non-finite value in the bin is refused, naming the tensor and element', () => {
    const bytes = Buffer.from(readFileSync(binPath));
    const entry = manifest.tensors[5]!;
    bytes.writeFloatLE(Number.NaN, entry.byteOffset + 8);
    const path = corrupt('nan', () => {}, bytes);
    expect(loadError(path).message).toContain(`nan.bin: ${entry.name}[2]: is NaN; weights must be finite`);
  });

  it('a missing bin is one DataFileError naming the bin', () => {
    const path = corrupt('nobin', (m) => (m.bin = 'absent.bin'));
    expect(loadError(path).message).toBe(`${join(dir, 'absent.bin')}: no such file (named by ${path})`);
  });

  it('trained weights keep every field of their source', () => {
    const source = {
      kind: 'trained' as const,
      dataset: 'CIFAR-10',
      date: '2025-01-02',
      command: 'python train.py',
      epochs: 30,
    };
    const path = corrupt('trained', (m) => (m.source = source));
    expect(loadWeights(path).source).toEqual(source);
  });
});
