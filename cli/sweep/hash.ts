/**
 * The identity of a matrix, carried on every result line so that resume and merge can tell shards of
 * one matrix from shards of another: a SHA-256 over the normalised matrix, which is its expanded runs
 * (the keys after filters, in key order: the file's formatting, axis order and spelling of seed ranges
 * do not count), the contents of the files it names (policy, scenario and platform files: an edited
 * file is another matrix) and twinrtm's version (another simulator is another matrix).
 */
import { createHash } from 'node:crypto';
import { compareKeys, keyId, type RunKey } from './keys.js';

/** Hex digits of the hash that lines carry (64 bits: collisions are not a practical concern). */
export const HASH_LENGTH = 16;

export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/**
 * @param keys - the matrix's runs, in any order
 * @param fileDigests - path as the matrix writes it -> SHA-256 of the file's bytes
 * @param version - twinrtm's version
 */
export function matrixHash(
  keys: readonly RunKey[],
  fileDigests: Readonly<Record<string, string>>,
  version: string,
): string {
  const normalised = {
    version,
    runs: [...keys].sort(compareKeys).map(keyId),
    files: Object.entries(fileDigests).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  };
  return sha256(JSON.stringify(normalised)).slice(0, HASH_LENGTH);
}
