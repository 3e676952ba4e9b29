/**
 * The per-group ONNX files of a network (`python3 -m dnn.train.export_groups`): one file per group,
 * each group's share of the logits, and a manifest (ID.groups.json) with the classifier's bias, each
 * file's SHA-256 and that of the weights they were exported from. Running g groups is the bias plus
 * files 1..g. Reading checks everything a mismatched or missing file would break, before any runtime
 * loads a byte of it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { InputError } from '../inputError.js';
import { packageRootHolding } from '../packageFile.js';
import type { Dnn } from '../types.js';
import { WEIGHTS_FOLDER } from './defaultWeights.js';
import { sha256File } from './predictionsFile.js';

/** A network's per-group ONNX files, read from their manifest and checked. */
export interface OnnxGroups {
  /** The network's id. */
  network: string;
  /** G: one file per group. */
  groups: number;
  /** The classifier's bias, added once whatever g. */
  bias: Float32Array;
  /** The input tensor's name in every file. */
  inputName: string;
  /** The output tensor's name in every file. */
  outputName: string;
  /** Group j's file at index j - 1, checked against its SHA-256. */
  files: string[];
  /** The SHA-256 of the weights (.bin) the files were exported from. */
  weightsSha256: string;
  manifestPath: string;
}

/**
 * The .bin a weight manifest names, as a path.
 * @throws InputError for a manifest that cannot be read, is not JSON or names no .bin
 */
export function weightsBinPath(manifestPath: string): string {
  let manifest: unknown;
  try {
    manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  } catch (err) {
    throw new InputError(
      `${manifestPath}: not a weights manifest (${err instanceof Error ? err.message : String(err)})`,
    );
  }
  const bin = (manifest as { bin?: unknown } | null)?.bin;
  if (typeof bin !== 'string' || bin === '')
    throw new InputError(
      `${manifestPath}: bin: is ${JSON.stringify(bin)}, expected the name of the weights' .bin file`,
    );
  return join(dirname(manifestPath), bin);
}

/**
 * The per-group files of a network for the weights in use, checked: the committed ones, which must
 * have been exported from those weights.
 * @param weightsManifest the weights in use (a manifest path; null: seeded random weights)
 */
export function onnxGroupsFor(dnn: Dnn, weightsManifest: string | null): OnnxGroups {
  if (weightsManifest === null) throw new InputError('random weights have no ONNX files: run them with --engine ts');
  const groupsPath = defaultOnnxGroupsPath(dnn.id);
  if (groupsPath === undefined)
    throw new InputError(
      `${dnn.id} has no per-group ONNX files (dnn/weights/${dnn.id}/onnx/); make them with ${HOW_TO_MAKE.replace('ID', dnn.id)}, or run --engine ts`,
    );
  return readOnnxGroups(groupsPath, dnn, weightsBinPath(weightsManifest));
}

/** Where a built-in network's committed per-group files would be (they may not exist). */
export function defaultOnnxGroupsPath(dnnId: string): string | undefined {
  const relative = join(WEIGHTS_FOLDER, dnnId, 'onnx', `${dnnId}.groups.json`);
  const root = packageRootHolding(import.meta.url, relative);
  return root === undefined ? undefined : join(root, relative);
}

const HOW_TO_MAKE =
  '/usr/bin/python3 -m dnn.train.export_groups --dnn ID (needs PyTorch: apt-get install python3-torch)';

/**
 * Reads and checks a per-group manifest for a network.
 * @param weightsBin the weights the run uses (.bin): the files must come from them (null: not checked)
 * @throws InputError naming the file and what is wrong: missing, another network, a file whose bytes
 *   are not the ones exported, other weights
 */
export function readOnnxGroups(manifestPath: string, dnn: Dnn, weightsBin: string | null): OnnxGroups {
  if (!existsSync(manifestPath))
    throw new InputError(
      `${manifestPath}: no per-group ONNX manifest; make one with ${HOW_TO_MAKE.replace('ID', dnn.id)}`,
    );
  let m: Record<string, unknown>;
  try {
    m = JSON.parse(readFileSync(manifestPath, 'utf8')) as Record<string, unknown>;
  } catch (err) {
    throw new InputError(`${manifestPath}: not JSON (${err instanceof Error ? err.message : String(err)})`);
  }
  const field = (name: string, ok: boolean, expected: string) => {
    if (!ok) throw new InputError(`${manifestPath}: ${name}: is ${JSON.stringify(m[name])}, expected ${expected}`);
  };
  field('format', m.format === 'twinrtm-onnx-groups', '"twinrtm-onnx-groups"');
  field('version', m.version === 1, '1');
  field('network', m.network === dnn.id, JSON.stringify(dnn.id));
  field('groups', m.groups === dnn.groups, String(dnn.groups));
  const bias = m.bias;
  field(
    'bias',
    Array.isArray(bias) && bias.every((v) => typeof v === 'number'),
    'a list of numbers (the classifier bias)',
  );
  const files = m.files;
  field('files', Array.isArray(files) && files.length === dnn.groups, `a list of ${dnn.groups} files`);
  const weights = m.weights as { sha256?: unknown } | undefined;
  field('weights', typeof weights?.sha256 === 'string', '{"sha256": "..."}');
  const weightsSha256 = weights!.sha256 as string;
  if (weightsBin !== null && sha256File(weightsBin) !== weightsSha256) {
    throw new InputError(
      `${manifestPath}: exported from other weights than ${weightsBin} (SHA-256 differs); export again with ${HOW_TO_MAKE.replace('ID', dnn.id)}`,
    );
  }
  const dir = dirname(manifestPath);
  const paths = (files as { group?: unknown; file?: unknown; sha256?: unknown }[]).map((f, i) => {
    if (f.group !== i + 1 || typeof f.file !== 'string' || typeof f.sha256 !== 'string') {
      throw new InputError(
        `${manifestPath}: files[${i}]: expected {"group": ${i + 1}, "file": "...", "sha256": "..."}`,
      );
    }
    const path = join(dir, f.file);
    if (!existsSync(path))
      throw new InputError(
        `${path}: missing (group ${i + 1} of ${manifestPath}); export again with ${HOW_TO_MAKE.replace('ID', dnn.id)}`,
      );
    if (sha256File(path) !== f.sha256)
      throw new InputError(`${path}: not the file ${manifestPath} lists (SHA-256 differs)`);
    return path;
  });
  const input = m.input as { name?: unknown } | undefined;
  const output = m.output as { name?: unknown } | undefined;
  return {
    network: dnn.id,
    groups: dnn.groups,
    bias: Float32Array.from(bias as number[]),
    inputName: typeof input?.name === 'string' ? input.name : 'input',
    outputName: typeof output?.name === 'string' ? output.name : 'logits',
    files: paths,
    weightsSha256,
    manifestPath,
  };
}
