/**
 * Reads a user's network file from disk.
 */
import { GROUP_MANIFEST_FORMAT, onnxGroupNetwork } from './onnx/groupPaths.js';
import { loadOnnxFile } from './onnx/loadOnnxFile.js';
import { resolveNetwork } from './resolveNetwork.js';
import { parseJson } from './schemaCheck.js';
import type { Dnn } from './types.js';
import { readDataFile } from './readDataFile.js';

/**
 * Reads, parses, validates and resolves a network file.
 *
 * In plain words: every way the file can be wrong (missing, unreadable, not JSON, not a valid
 * network) ends as one DataFileError whose message starts with the path.
 *
 * A path ending in .onnx is an ONNX model, read by dnn/onnx/ (one layer per costed node, G = 1), so
 * every command that takes --dnn-file takes an ONNX file too. A JSON file whose format is
 * "twinrtm-onnx-groups" is the trainer's per-group ONNX export (G files, G groups; dnn/onnx/groupPaths.ts).
 *
 * @param path - path of a JSON network file (see dnn/schema/network.schema.json) or of an .onnx model
 * @returns the resolved, frozen Dnn
 * @throws DataFileError naming the path and, where it applies, the field
 */
export function loadNetworkFile(path: string): Dnn {
  if (/\.onnx$/i.test(path)) return loadOnnxFile(path);
  const text = readDataFile(path).toString('utf8');
  const parsed = parseJson(text, path);
  if (isGroupManifest(parsed)) return onnxGroupNetwork(parsed, path);
  return resolveNetwork(parsed, path);
}

function isGroupManifest(value: unknown): boolean {
  return (
    typeof value === 'object' && value !== null && (value as { format?: unknown }).format === GROUP_MANIFEST_FORMAT
  );
}
