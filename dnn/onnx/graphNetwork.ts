/**
 * An ONNX graph as the twin's network: its nodes in the graph's (topological) order, each costed
 * exactly and given a kind the time model knows (conv, pool, fc), with batch-norms and activations
 * folded into the conv or fc before them, as inference runtimes fuse them.
 */
import type { onnx } from 'onnx-proto';
import { deepFreeze } from '../resolveNetwork.js';
import type { Dnn, Layer, LayerKind, NodeCounts } from '../types.js';
import { tensorAttribute } from './attributes.js';
import { constantInfo, elementCount, toNumber, type TensorInfo } from './onnxTensors.js';
import {
  FOLDING_ACTIVATIONS,
  isSupported,
  operatorOutcome,
  SUPPORTED_OPERATORS,
  type OperatorOutcome,
} from './operatorCounts.js';

/** A costed node while the graph is walked: what becomes one Layer. */
interface NodeRecord {
  name: string;
  kind: LayerKind;
  ops: string[];
  counts: NodeCounts;
  input: readonly number[];
  output: readonly number[];
  window: OperatorOutcome['window'];
  readsInput: boolean;
  batchNorm: boolean;
  /** An activation (or a bias) is folded in: a batch-norm or bias can no longer follow. */
  closed: boolean;
}

interface Known extends TensorInfo {
  /** Index of the costed node that wrote it, when nothing but a fold may still change that node. */
  producer: number | null;
  isNetworkInput: boolean;
}

/**
 * The network an ONNX model describes, with G = 1.
 *
 * In plain words: walk the nodes in order, working out every tensor's shape from the graph input's
 * shape and the initializers; count each operator (operatorCounts.ts); fold a BatchNormalization, an
 * activation, or an Add of a bias into the conv or fc that writes its only input; drop views
 * (Flatten, Reshape, Dropout, Identity), which move nothing.
 *
 * @param model - a decoded ModelProto
 * @param id - the network id (the file name without .onnx)
 * @param fail - throws one line naming the file; `where` names the node or field
 * @returns a deep-frozen Dnn whose layers carry their counts (Layer.graph)
 */
export function graphNetwork(
  model: onnx.IModelProto,
  id: string,
  fail: (where: string, problem: string) => never,
): Dnn {
  const graph = model.graph ?? fail('graph', 'is missing (not an ONNX model?)');
  const groups = (model.metadataProps ?? []).find((p) => p.key === 'twinrtm.groups')?.value;
  if (groups !== undefined && groups !== null && groups !== '1') {
    fail(
      'metadata_props.twinrtm.groups',
      `is ${groups}: one ONNX file holds one width; a network of G groups is read from its per-group files (an ID.groups.json manifest)`,
    );
  }
  const tensors = new Map<string, Known>();
  for (const t of graph.initializer ?? [])
    tensors.set(t.name ?? '', { ...constantInfo(t), producer: null, isNetworkInput: false });
  const input = networkInput(graph, tensors, fail);
  tensors.set(input.name, { shape: input.shape, constant: false, values: null, producer: null, isNetworkInput: true });

  const readers = new Map<string, number>();
  for (const node of graph.node ?? [])
    for (const name of node.input ?? []) readers.set(name, (readers.get(name) ?? 0) + 1);
  for (const out of graph.output ?? []) readers.set(out.name ?? '', (readers.get(out.name ?? '') ?? 0) + 1);

  const records: NodeRecord[] = [];
  (graph.node ?? []).forEach((node, index) => {
    const op = node.opType ?? '';
    const where = `node '${node.name || `#${index}`}' (${op})`;
    const failHere = (problem: string): never => fail(where, problem);
    if ((node.domain ?? '') !== '' && node.domain !== 'ai.onnx')
      failHere(`operator '${op}' of domain '${node.domain}' is not supported (only the default ONNX domain)`);
    if (!isSupported(op)) failHere(`operator '${op}' is not supported (supported: ${SUPPORTED_OPERATORS.join(', ')})`);
    const outName = node.output?.[0] ?? failHere('has no output');
    if (op === 'Constant') {
      const value = tensorAttribute(node, 'value') ?? failHere('has no tensor value (only value is supported)');
      tensors.set(outName, { ...constantInfo(value), producer: null, isNetworkInput: false });
      return;
    }
    const inputs = (node.input ?? []).map((name) => {
      if (name === '') return null;
      return (
        tensors.get(name) ?? failHere(`reads tensor '${name}', which no earlier node, initializer or graph input makes`)
      );
    });
    const outcome = operatorOutcome(node, inputs, failHere);
    const present = inputs.filter((t): t is Known => t !== null);
    const activation = present.find((t) => !t.constant);
    if (activation === undefined) {
      // Arithmetic on constants only (left unfolded by the exporter): a constant, not inference work.
      tensors.set(outName, {
        shape: outcome.shape,
        constant: true,
        values: null,
        producer: null,
        isNetworkInput: false,
      });
      return;
    }
    if (outcome.role === 'view') {
      tensors.set(outName, {
        shape: outcome.shape,
        constant: false,
        values: null,
        producer: null,
        isNetworkInput: activation.isNetworkInput,
      });
      return;
    }
    const host = activation.producer === null ? undefined : records[activation.producer];
    const sole = readers.get(node.input?.find((n) => tensors.get(n) === activation) ?? '') === 1;
    if (
      host !== undefined &&
      sole &&
      (host.kind === 'conv' || host.kind === 'fc') &&
      foldInto(host, op, outcome, present)
    ) {
      tensors.set(outName, {
        shape: outcome.shape,
        constant: false,
        values: null,
        producer: activation.producer,
        isNetworkInput: false,
      });
      return;
    }
    records.push({
      name: node.name || `${op}_${index}`,
      kind: outcome.kind,
      ops: [op],
      counts: { ...outcome.counts },
      input: activation.shape,
      output: outcome.shape,
      window: outcome.window,
      readsInput: present.some((t) => t.isNetworkInput),
      batchNorm: false,
      closed: false,
    });
    tensors.set(outName, {
      shape: outcome.shape,
      constant: false,
      values: null,
      producer: records.length - 1,
      isNetworkInput: false,
    });
  });

  for (const out of graph.output ?? []) {
    if (!tensors.has(out.name ?? '')) fail(`output '${out.name}'`, 'is made by no node');
  }
  if (records.length === 0) fail('graph', 'has no node that computes anything');
  return deepFreeze({
    id,
    description:
      `read from ONNX (${model.producerName || 'unknown producer'} ${model.producerVersion ?? ''}, opset ${opset(model)}), graph '${graph.name ?? ''}'`.replace(
        ' ,',
        ',',
      ),
    input: [input.shape[1] ?? 1, input.shape[2] ?? 1, elementCount(input.shape.slice(3))],
    groups: 1,
    structure: 'block-diagonal',
    layers: toLayers(records),
    accuracy: { source: null, entries: [] },
    rationale: [
      "Read from an ONNX file by dnn/onnx/: one layer per costed node in the graph's order; batch-norms, activations and bias adds folded into the conv or fc before them; Flatten, Reshape, Dropout and Identity move nothing and cost nothing; element-wise nodes, Concat and Pad are of kind pool (memory-bound).",
      'G = 1: the file is one width of the network. Its accuracy is unknown (empty table).',
    ],
  } satisfies Dnn);
}

/**
 * Folds a batch-norm, an activation or a bias add into the conv or fc that writes its only input.
 * Order matters: a batch-norm or bias folds only before any activation, as the arithmetic allows.
 */
function foldInto(host: NodeRecord, op: string, outcome: OperatorOutcome, inputs: readonly Known[]): boolean {
  if (outcome.role === 'batchNorm' && !host.closed && !host.batchNorm) {
    host.counts.batchNormCount += outcome.counts.batchNormCount;
    host.batchNorm = true;
  } else if (outcome.role === 'activation' && FOLDING_ACTIVATIONS.has(op) && !host.closed) {
    host.counts.weightCount += outcome.counts.weightCount;
    host.closed = true;
  } else if (op === 'Add' && host.kind === 'fc' && !host.closed && !host.batchNorm && isBias(host, outcome, inputs)) {
    // MatMul + Add of a constant row is a Gemm with a bias (how some exporters write an fc).
    host.counts.biasCount += outcome.counts.weightCount;
    host.closed = true;
  } else {
    return false;
  }
  host.ops.push(op);
  return true;
}

function isBias(host: NodeRecord, outcome: OperatorOutcome, inputs: readonly Known[]): boolean {
  const bias = inputs.find((t) => t.constant);
  return (
    inputs.length === 2 &&
    bias !== undefined &&
    outcome.shape.join() === host.output.join() &&
    elementCount(bias.shape) === host.output[host.output.length - 1]
  );
}

/** The one graph input that is not an initializer, its shape with a symbolic batch taken as 1. */
function networkInput(
  graph: onnx.IGraphProto,
  tensors: ReadonlyMap<string, TensorInfo>,
  fail: (where: string, problem: string) => never,
): { name: string; shape: number[] } {
  const inputs = (graph.input ?? []).filter((v) => !tensors.has(v.name ?? ''));
  if (inputs.length !== 1)
    fail('graph.input', `has ${inputs.length} inputs besides the initializers; the twin reads a network of one input`);
  const value = inputs[0]!;
  const dims = value.type?.tensorType?.shape?.dim ?? fail(`input '${value.name}'`, 'has no tensor shape');
  const shape = dims.map((d, axis) => {
    const n = d.dimValue === null || d.dimValue === undefined ? 0 : toNumber(d.dimValue);
    if (n >= 1) return n;
    if (axis === 0) return 1; // A symbolic batch: the twin costs one image per inference.
    return fail(
      `input '${value.name}'`,
      `axis ${axis} has no fixed size ('${d.dimParam ?? ''}'); the costs need every size but the batch's`,
    );
  });
  if (shape.length < 2) fail(`input '${value.name}'`, `has rank ${shape.length}; expected [N, C, ...]`);
  if (shape[0] !== 1)
    fail(
      `input '${value.name}'`,
      `has a batch of ${shape[0]}; the twin costs one image per inference (batch 1 or symbolic)`,
    );
  return { name: value.name ?? '', shape };
}

function opset(model: onnx.IModelProto): string {
  const main = (model.opsetImport ?? []).find((o) => (o.domain ?? '') === '' || o.domain === 'ai.onnx');
  return main === undefined ? '?' : String(toNumber(main.version));
}

/** Layer records as Layers: unique names, the shape fields describing the node's first activation input and its output. */
function toLayers(records: readonly NodeRecord[]): Layer[] {
  const seen = new Map<string, number>();
  return records.map((r) => {
    const times = seen.get(r.name) ?? 0;
    seen.set(r.name, times + 1);
    return {
      name: times === 0 ? r.name : `${r.name}#${times + 1}`,
      kind: r.kind,
      inChannels: r.input[1] ?? 1,
      outChannels: r.output[1] ?? 1,
      kernel: r.window.kernel,
      stride: r.window.stride,
      padding: r.window.padding,
      inH: r.input[2] ?? 1,
      inW: elementCount(r.input.slice(3)),
      outH: r.output[2] ?? 1,
      outW: elementCount(r.output.slice(3)),
      grouped: false,
      batchNorm: r.batchNorm,
      readsInput: r.readsInput,
      inputGrouped: false,
      graph: { ops: r.ops.join('+'), counts: [r.counts] },
    };
  });
}
