/**
 * Hand-built ONNX models for the reader's tests, written with the same protobuf library the reader
 * decodes with (onnx-proto). Parameters are zeros: the reader counts elements, never reads weights.
 */
import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;

export type Attr = number | number[] | string | { t: Tensor };

export interface Tensor {
  name: string;
  dims: number[];
  /** INT64 values (a Reshape's shape, a Pad's pads); float zeros when absent. */
  ints?: number[];
}

export interface NodeSpec {
  op: string;
  inputs: string[];
  outputs?: string[];
  name?: string;
  attrs?: Record<string, Attr>;
  domain?: string;
}

export interface ModelSpec {
  /** The input's shape; a string is a symbolic size. */
  input: (number | string)[];
  nodes: NodeSpec[];
  initializers?: Tensor[];
  /** Graph outputs; default the last node's first output. */
  outputs?: string[];
  metadata?: Record<string, string>;
}

function tensorProto(t: Tensor): InstanceType<typeof onnx.TensorProto> {
  if (t.ints !== undefined)
    return onnx.TensorProto.create({
      name: t.name,
      dims: t.dims,
      dataType: onnx.TensorProto.DataType.INT64,
      int64Data: t.ints,
    });
  const count = t.dims.reduce((p, d) => p * d, 1);
  return onnx.TensorProto.create({
    name: t.name,
    dims: t.dims,
    dataType: onnx.TensorProto.DataType.FLOAT,
    rawData: new Uint8Array(4 * count),
  });
}

function attribute(name: string, value: Attr): InstanceType<typeof onnx.AttributeProto> {
  const T = onnx.AttributeProto.AttributeType;
  if (typeof value === 'number') {
    return Number.isInteger(value)
      ? onnx.AttributeProto.create({ name, type: T.INT, i: value })
      : onnx.AttributeProto.create({ name, type: T.FLOAT, f: value });
  }
  if (typeof value === 'string')
    return onnx.AttributeProto.create({ name, type: T.STRING, s: new TextEncoder().encode(value) });
  if (Array.isArray(value)) return onnx.AttributeProto.create({ name, type: T.INTS, ints: value });
  return onnx.AttributeProto.create({ name, type: T.TENSOR, t: tensorProto(value.t) });
}

/** The encoded bytes of a model with one input 'x' of the given shape. */
export function buildModel(spec: ModelSpec): Uint8Array {
  const nodes = spec.nodes.map((n, i) =>
    onnx.NodeProto.create({
      name: n.name ?? `n${i}`,
      opType: n.op,
      domain: n.domain ?? '',
      input: n.inputs,
      output: n.outputs ?? [`t${i}`],
      attribute: Object.entries(n.attrs ?? {}).map(([k, v]) => attribute(k, v)),
    }),
  );
  const last = nodes[nodes.length - 1]!;
  const dims = spec.input.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d }));
  const value = (name: string, shapeDims?: typeof dims) =>
    onnx.ValueInfoProto.create({
      name,
      type: {
        tensorType: { elemType: onnx.TensorProto.DataType.FLOAT, ...(shapeDims ? { shape: { dim: shapeDims } } : {}) },
      },
    });
  const model = onnx.ModelProto.create({
    irVersion: 7,
    producerName: 'twinrtm-test',
    opsetImport: [{ domain: '', version: 13 }],
    metadataProps: Object.entries(spec.metadata ?? {}).map(([key, v]) => ({ key, value: v })),
    graph: {
      name: 'test',
      node: nodes,
      initializer: (spec.initializers ?? []).map(tensorProto),
      input: [value('x', dims)],
      output: (spec.outputs ?? [last.output[0]!]).map((o) => value(o)),
    },
  });
  return onnx.ModelProto.encode(model).finish();
}

/** A float parameter tensor. */
export const param = (name: string, ...dims: number[]): Tensor => ({ name, dims });
