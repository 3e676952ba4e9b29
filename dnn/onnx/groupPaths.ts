/**
 * A network of G groups read from its per-group ONNX files: the trainer's export of a group-separable
 * network (dnn/train/export_groups.py) writes group j's path from the image to its share of the logits
 * as file j and lists the files in a manifest (format "twinrtm-onnx-groups"), with the classifier's
 * bias, which every g adds once. Running g groups runs files 1..g, so the network's counts with g
 * groups are the sums of files 1..g's node counts, plus the bias.
 */
import { dirname, join } from 'node:path';
import { deepFreeze } from '../resolveNetwork.js';
import { DataFileError } from '../schemaCheck.js';
import type { Dnn, Layer, NodeCounts } from '../types.js';
import { loadOnnxFile } from './loadOnnxFile.js';

/** The manifest's format field, which loadNetworkFile dispatches on. */
export const GROUP_MANIFEST_FORMAT = 'twinrtm-onnx-groups';

interface Manifest {
  network: string;
  groups: number;
  bias: number[];
  files: { group: number; file: string }[];
}

/**
 * Reads a per-group manifest and its G files.
 *
 * In plain words: read each group's file as a network of its own; they must have the same nodes;
 * node i's counts with g groups are the sum of its counts in files 1..g. The classifier's bias (the
 * manifest's) is counted once at every g on the last node. Each file reads the image and writes its
 * own share of the logits, so with g groups the first node reads the image g times and the last writes
 * g shares: what a per-group executor moves.
 *
 * @param manifest - the parsed manifest
 * @param path - the manifest's path (the files are beside it) and the name shown in errors
 * @throws DataFileError naming the manifest and the field, or the group file
 */
export function onnxGroupNetwork(manifest: unknown, path: string): Dnn {
  const m = checkManifest(manifest, path);
  const fail = (field: string, problem: string): never => {
    throw new DataFileError(path, field, problem);
  };
  const paths = m.files.map((f) => loadOnnxFile(join(dirname(path), f.file)));
  const first = paths[0]!;
  paths.forEach((d, j) => {
    const ops = (net: Dnn): string => net.layers.map((l) => l.graph?.ops).join(',');
    if (ops(d) !== ops(first))
      fail(`files[${j}]`, `group ${j + 1}'s nodes (${ops(d)}) differ from group 1's (${ops(first)})`);
  });
  const G = m.groups;
  const last = first.layers.length - 1;
  const layers: Layer[] = first.layers.map((layer, i) => {
    const counts: NodeCounts[] = [];
    let sum: NodeCounts = {
      macs: 0,
      compares: 0,
      weightCount: 0,
      biasCount: i === last ? m.bias.length : 0,
      batchNormCount: 0,
      inputElements: 0,
      outputElements: 0,
    };
    for (const d of paths) {
      const c = d.layers[i]!.graph!.counts[0]!;
      sum = {
        macs: sum.macs + c.macs,
        compares: sum.compares + c.compares,
        weightCount: sum.weightCount + c.weightCount,
        biasCount: sum.biasCount + c.biasCount,
        batchNormCount: sum.batchNormCount + c.batchNormCount,
        inputElements: sum.inputElements + c.inputElements,
        outputElements: sum.outputElements + c.outputElements,
      };
      counts.push(sum);
    }
    // Shapes as totals over the G groups, as for a layer list: every layer but the classifier is grouped.
    const grouped = i !== last;
    return {
      ...layer,
      inChannels: layer.readsInput ? layer.inChannels : layer.inChannels * G,
      outChannels: grouped ? layer.outChannels * G : layer.outChannels,
      grouped,
      inputGrouped: !layer.readsInput,
      graph: { ops: layer.graph!.ops, counts },
    };
  });
  return deepFreeze({
    id: m.network,
    description: `${m.network} read from its ${G} per-group ONNX files (${first.description.replace(/, graph .*$/, '')})`,
    input: first.input,
    groups: G,
    structure: 'block-diagonal',
    layers,
    accuracy: { source: null, entries: [] },
    rationale: [
      `Read by dnn/onnx/groupPaths.ts from a ${GROUP_MANIFEST_FORMAT} manifest: g groups run files 1..g and add their shares of the logits to the classifier's bias, so each node's counts with g groups are the sum over files 1..g, the bias counted once.`,
      'Batch-norms were folded into the convolutions by the exporter, so no batch-norm parameters are counted. Accuracy unknown (empty table).',
    ],
  } satisfies Dnn);
}

function checkManifest(value: unknown, path: string): Manifest {
  const fail = (field: string, problem: string): never => {
    throw new DataFileError(path, field, problem);
  };
  const m = (typeof value === 'object' && value !== null ? value : fail('', 'is not a JSON object')) as Record<
    string,
    unknown
  >;
  if (m.format !== GROUP_MANIFEST_FORMAT) fail('format', `must be '${GROUP_MANIFEST_FORMAT}'`);
  if (m.version !== 1) fail('version', 'must be 1');
  if (typeof m.network !== 'string' || m.network === '') fail('network', 'must be a non-empty string');
  const G = m.groups;
  if (typeof G !== 'number' || !Number.isInteger(G) || G < 1) fail('groups', 'must be a whole number of at least 1');
  if (!Array.isArray(m.bias) || !m.bias.every((b) => typeof b === 'number')) fail('bias', 'must be a list of numbers');
  const files = Array.isArray(m.files) ? m.files : fail('files', 'must be a list');
  if (files.length !== G) fail('files', `lists ${files.length} files for ${G} groups`);
  files.forEach((f: unknown, j: number) => {
    const entry = f as Record<string, unknown> | null;
    if (entry?.group !== j + 1 || typeof entry.file !== 'string')
      fail(`files[${j}]`, `must be { group: ${j + 1}, file: NAME }`);
  });
  return m as unknown as Manifest;
}
