/**
 * IDX files (the MNIST family's format): big-endian header `0 0 type ndim`, ndim 32-bit sizes, then
 * the values. Only unsigned bytes (type 0x08) are read: images and labels. A .gz file is inflated.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { DataFileError } from '../schemaCheck.js';

/** An IDX array of unsigned bytes: its sides and its values, row-major. */
export interface IdxArray {
  dims: number[];
  data: Uint8Array;
}

const UNSIGNED_BYTE = 0x08;

/**
 * Reads an IDX file of unsigned bytes with `ndim` dimensions.
 *
 * @param path - the file (gzipped when it starts with the gzip magic, whatever its name)
 * @param ndim - the expected number of dimensions (3 for images, 1 for labels)
 * @throws DataFileError naming the file: unreadable, bad gzip, bad magic, type, dimensions or size
 */
export function readIdx(path: string, ndim: number): IdxArray {
  const bytes = inflated(path, readRaw(path));
  if (bytes.length < 4 || bytes[0] !== 0 || bytes[1] !== 0) {
    throw new DataFileError(path, '', 'is not an IDX file (it does not start with two zero bytes)');
  }
  if (bytes[2] !== UNSIGNED_BYTE)
    throw new DataFileError(path, '', `holds IDX type 0x${bytes[2]!.toString(16)}, expected unsigned bytes (0x08)`);
  if (bytes[3] !== ndim) throw new DataFileError(path, '', `has ${bytes[3]} dimensions, expected ${ndim}`);
  const header = 4 + 4 * ndim;
  if (bytes.length < header) throw new DataFileError(path, '', `ends inside its header (${bytes.length} bytes)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dims = Array.from({ length: ndim }, (_, i) => view.getUint32(4 + 4 * i, false));
  const count = dims.reduce((a, b) => a * b, 1);
  if (bytes.length !== header + count) {
    throw new DataFileError(
      path,
      '',
      `has ${bytes.length - header} data bytes but its header (${dims.join(' x ')}) needs ${count}`,
    );
  }
  if (dims[0] === 0) throw new DataFileError(path, '', 'holds no items');
  return { dims, data: new Uint8Array(bytes.buffer, bytes.byteOffset + header, count) };
}

function readRaw(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new DataFileError(
      path,
      '',
      code === 'ENOENT' ? 'no such file' : `cannot be read (${(err as Error).message})`,
    );
  }
}

function inflated(path: string, raw: Buffer): Uint8Array {
  if (raw.length < 2 || raw[0] !== 0x1f || raw[1] !== 0x8b) return raw;
  try {
    return gunzipSync(raw);
  } catch (err) {
    throw new DataFileError(path, '', `is a damaged gzip file (${(err as Error).message})`);
  }
}
