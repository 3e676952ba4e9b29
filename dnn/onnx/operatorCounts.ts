/**
 * One ONNX operator: its output shape from its inputs' shapes and attributes, and its exact counts
 * (multiply-accumulates, element operations, parameters, activation elements) for one inference.
 * Which operators become nodes of their own and which fold into the node before is the graph walk's
 * business (graphNetwork.ts); here each operator is counted alone.
 */
import type { onnx } from 'onnx-proto';
import type { LayerKind, NodeCounts } from '../types.js';
import { intAttribute, intsAttribute, stringAttribute } from './attributes.js';
import { elementCount, type TensorInfo } from './onnxTensors.js';

/**
 * What an operator is to the network:
 * - compute: a conv, a pool or a matrix product, a node of its own;
 * - batchNorm, activation: folded into the conv or fc before them when they can be, else nodes of kind pool;
 * - elementwise: Add/Sub/Mul/Div/Sum, a node of kind pool (an Add of a constant after an fc folds as its bias);
 * - copy: Concat and Pad, a node of kind pool with no arithmetic;
 * - view: Flatten, Reshape, Dropout, Identity: the same elements under another shape, no node.
 */
export type OperatorRole = 'compute' | 'batchNorm' | 'activation' | 'elementwise' | 'copy' | 'view';

/** One operator counted alone: what it does, its output shape and its counts. */
export interface OperatorOutcome {
  /** How the graph walk treats it (a node of its own, or folded into the one before). */
  role: OperatorRole;
  /** The time model's kind for the work it does. */
  kind: LayerKind;
  /** Its output's shape. */
  shape: number[];
  /** Its exact counts for one inference. */
  counts: NodeCounts;
  /** First spatial axis of a conv or pool's window; 1/1/0 otherwise. */
  window: { kernel: number; stride: number; padding: number };
}

type Fail = (problem: string) => never;

/**
 * Element-wise activations: they fold into the conv or fc before them (graphNetwork.ts), as inference
 * runtimes fuse them.
 */
export const FOLDING_ACTIVATIONS: ReadonlySet<string> = new Set([
  'Relu',
  'LeakyRelu',
  'PRelu',
  'Clip',
  'Sigmoid',
  'HardSigmoid',
  'HardSwish',
  'Tanh',
  'Elu',
  'Selu',
  'Softplus',
  'Softsign',
]);
// Softmax and LogSoftmax reduce over an axis: activations that never fold.
const ACTIVATIONS = new Set([...FOLDING_ACTIVATIONS, 'Softmax', 'LogSoftmax']);
const ELEMENTWISE = new Set(['Add', 'Sub', 'Mul', 'Div', 'Sum']);
const VIEWS = new Set(['Flatten', 'Reshape', 'Dropout', 'Identity']);
const POOLS = new Set(['MaxPool', 'AveragePool', 'GlobalAveragePool', 'GlobalMaxPool']);

/** Every operator the reader costs, for the refusal of the others. */
export const SUPPORTED_OPERATORS: readonly string[] = Object.freeze([
  'Conv',
  ...POOLS,
  'Gemm',
  'MatMul',
  'BatchNormalization',
  ...ACTIVATIONS,
  ...ELEMENTWISE,
  'Concat',
  'Pad',
  ...VIEWS,
  'Constant',
]);

/** Whether the reader counts this operator type. */
export function isSupported(opType: string): boolean {
  return SUPPORTED_OPERATORS.includes(opType);
}

/**
 * The outcome of one operator (not Constant, which the walk reads as a constant tensor).
 *
 * @param node - the node
 * @param inputs - its inputs in order, null for an absent optional input
 * @param fail - throws one line about this node
 */
export function operatorOutcome(
  node: onnx.INodeProto,
  inputs: readonly (TensorInfo | null)[],
  fail: Fail,
): OperatorOutcome {
  const op = node.opType ?? '';
  const x = inputs[0] ?? fail('has no first input');
  const activationElements = inputs.reduce((n, t) => (t !== null && !t.constant ? n + elementCount(t.shape) : n), 0);
  const constantElements = (from: number): number =>
    inputs.slice(from).reduce((n, t) => (t?.constant ? n + elementCount(t.shape) : n), 0);
  const outcome = (
    role: OperatorRole,
    kind: LayerKind,
    shape: number[],
    counts: Partial<NodeCounts>,
    window = NO_WINDOW,
  ): OperatorOutcome => ({
    role,
    kind,
    shape,
    counts: { ...ZERO, inputElements: activationElements, outputElements: elementCount(shape), ...counts },
    window,
  });

  if (op === 'Conv') return conv(node, x, inputs[1] ?? fail('has no weight input'), inputs[2] ?? null, outcome, fail);
  if (POOLS.has(op)) return pool(node, op, x, outcome, fail);
  if (op === 'Gemm') return gemm(node, x, inputs[1] ?? fail('has no B input'), inputs[2] ?? null, outcome, fail);
  if (op === 'MatMul') return matMul(x, inputs[1] ?? fail('has no B input'), outcome, fail);
  if (op === 'BatchNormalization') {
    const channels = x.shape[1] ?? fail('reads a tensor without a channel axis');
    // scale, bias, mean and variance, C each: what the JSON format's batchNorm counts (4 per channel).
    const params = constantElements(1);
    if (params !== 4 * channels)
      fail(`has ${params} constant scale/bias/mean/variance elements, expected 4 x ${channels} channels`);
    return outcome('batchNorm', 'pool', [...x.shape], { batchNormCount: params, compares: elementCount(x.shape) });
  }
  if (ACTIVATIONS.has(op)) {
    // PRelu's slopes are parameters; Clip's bounds are the operator's constants, not parameters.
    const slopes = op === 'PRelu' ? constantElements(1) : 0;
    return outcome('activation', 'pool', [...x.shape], { weightCount: slopes, compares: elementCount(x.shape) });
  }
  if (ELEMENTWISE.has(op)) {
    const present = inputs.filter((t): t is TensorInfo => t !== null);
    const shape = present.slice(1).reduce<number[]>((s, t) => broadcast(s, t.shape, fail), [...x.shape]);
    return outcome('elementwise', 'pool', shape, {
      weightCount: constantElements(0),
      compares: elementCount(shape) * (present.length - 1),
    });
  }
  if (op === 'Concat') return concat(node, inputs, outcome, constantElements(0), fail);
  if (op === 'Pad') return pad(node, x, inputs[1] ?? null, outcome, fail);
  if (VIEWS.has(op)) return outcome('view', 'pool', viewShape(node, op, x, inputs[1] ?? null, fail), {});
  return fail(`operator '${op}' is not supported (supported: ${SUPPORTED_OPERATORS.join(', ')})`);
}

type Make = (
  role: OperatorRole,
  kind: LayerKind,
  shape: number[],
  counts: Partial<NodeCounts>,
  window?: OperatorOutcome['window'],
) => OperatorOutcome;

const ZERO: NodeCounts = {
  macs: 0,
  compares: 0,
  weightCount: 0,
  biasCount: 0,
  batchNormCount: 0,
  inputElements: 0,
  outputElements: 0,
};
const NO_WINDOW = { kernel: 1, stride: 1, padding: 0 };

function spatialRank(x: TensorInfo, fail: Fail): number {
  if (x.shape.length < 3) fail(`reads a rank-${x.shape.length} tensor; expected [N, C, spatial...]`);
  return x.shape.length - 2;
}

/** A window's output sizes (ONNX's formula, with auto_pad and, for pools, ceil_mode as PyTorch and ONNX Runtime apply it). */
function windowOutput(
  node: onnx.INodeProto,
  x: TensorInfo,
  kernel: number[],
  fail: Fail,
  ceil = false,
): { out: number[]; strides: number[]; pads: number[] } {
  const r = kernel.length;
  const strides = intsAttribute(node, 'strides') ?? Array<number>(r).fill(1);
  const dilations = intsAttribute(node, 'dilations') ?? Array<number>(r).fill(1);
  const autoPad = stringAttribute(node, 'auto_pad', 'NOTSET');
  let pads = intsAttribute(node, 'pads') ?? Array<number>(2 * r).fill(0);
  if (strides.length !== r || dilations.length !== r || pads.length !== 2 * r) {
    fail(`strides, dilations and pads must have ${r}, ${r} and ${2 * r} values for a ${r}-D window`);
  }
  const input = x.shape.slice(2);
  if (autoPad === 'SAME_UPPER' || autoPad === 'SAME_LOWER') {
    // Output ceil(in / stride); the total padding that gives it, the odd one at the end (UPPER) or start.
    const total = input.map((n, i) =>
      Math.max(0, (Math.ceil(n / strides[i]!) - 1) * strides[i]! + dilations[i]! * (kernel[i]! - 1) + 1 - n),
    );
    const small = total.map((t) => Math.floor(t / 2));
    const large = total.map((t, i) => t - small[i]!);
    pads = autoPad === 'SAME_UPPER' ? [...small, ...large] : [...large, ...small];
  } else if (autoPad === 'VALID') {
    pads = Array<number>(2 * r).fill(0);
  } else if (autoPad !== 'NOTSET') {
    fail(`auto_pad '${autoPad}' is not one of NOTSET, SAME_UPPER, SAME_LOWER, VALID`);
  }
  const out = input.map((n, i) => {
    const span = n + pads[i]! + pads[i + r]! - dilations[i]! * (kernel[i]! - 1) - 1;
    let o = (ceil ? Math.ceil(span / strides[i]!) : Math.floor(span / strides[i]!)) + 1;
    // A last window that would start in the end padding is dropped (PyTorch's and ONNX Runtime's rule).
    if (ceil && (o - 1) * strides[i]! >= n + pads[i]!) o -= 1;
    if (!(o >= 1))
      fail(
        `leaves no output on axis ${i + 2}: input ${n}, kernel ${kernel[i]}, stride ${strides[i]}, pads ${pads[i]}+${pads[i + r]}`,
      );
    return o;
  });
  return { out, strides, pads };
}

function conv(
  node: onnx.INodeProto,
  x: TensorInfo,
  w: TensorInfo,
  b: TensorInfo | null,
  make: Make,
  fail: Fail,
): OperatorOutcome {
  const r = spatialRank(x, fail);
  if (w.shape.length !== r + 2) fail(`weight has shape [${w.shape.join(', ')}]; expected rank ${r + 2}`);
  const group = intAttribute(node, 'group', 1);
  const [m, perGroup] = [w.shape[0]!, w.shape[1]!];
  if (!(group >= 1) || x.shape[1] !== perGroup * group || m % group !== 0) {
    fail(`group ${group} does not fit ${x.shape[1]} input channels and a weight of shape [${w.shape.join(', ')}]`);
  }
  const kernel = intsAttribute(node, 'kernel_shape') ?? w.shape.slice(2);
  if (kernel.join() !== w.shape.slice(2).join())
    fail(`kernel_shape [${kernel.join(', ')}] differs from the weight's [${w.shape.slice(2).join(', ')}]`);
  const { out, strides, pads } = windowOutput(node, x, kernel, fail);
  const shape = [x.shape[0]!, m, ...out];
  if (b !== null && elementCount(b.shape) !== m) fail(`bias has ${elementCount(b.shape)} elements; expected ${m}`);
  // Each output element is a dot product over its group's input channels and the kernel window.
  return make(
    'compute',
    'conv',
    shape,
    {
      macs: elementCount(shape) * perGroup * elementCount(kernel),
      weightCount: w.constant ? elementCount(w.shape) : 0,
      biasCount: b?.constant === true ? elementCount(b.shape) : 0,
    },
    { kernel: kernel[0]!, stride: strides[0]!, padding: pads[0]! },
  );
}

function pool(node: onnx.INodeProto, op: string, x: TensorInfo, make: Make, fail: Fail): OperatorOutcome {
  const r = spatialRank(x, fail);
  const [n, c] = [x.shape[0]!, x.shape[1]!];
  const spatial = x.shape.slice(2);
  if (op.startsWith('Global')) {
    // Each channel's H*W elements reduced to one: H*W - 1 comparisons (max) or additions (average).
    return make(
      'compute',
      'pool',
      [n, c, ...Array<number>(r).fill(1)],
      { compares: n * c * (elementCount(spatial) - 1) },
      { kernel: spatial[0]!, stride: 1, padding: 0 },
    );
  }
  const kernel = intsAttribute(node, 'kernel_shape') ?? fail('has no kernel_shape');
  if (kernel.length !== r) fail(`kernel_shape has ${kernel.length} values for a ${r}-D input`);
  if (op === 'AveragePool' && intsAttribute(node, 'dilations') !== null)
    fail('AveragePool with dilations is not supported');
  const { out, strides, pads } = windowOutput(node, x, kernel, fail, intAttribute(node, 'ceil_mode', 0) === 1);
  const shape = [n, c, ...out];
  // k - 1 comparisons (max) or additions (average) per output element, counting every window whole.
  return make(
    'compute',
    'pool',
    shape,
    { compares: elementCount(shape) * (elementCount(kernel) - 1) },
    { kernel: kernel[0]!, stride: strides[0]!, padding: pads[0]! },
  );
}

function gemm(
  node: onnx.INodeProto,
  a: TensorInfo,
  b: TensorInfo,
  c: TensorInfo | null,
  make: Make,
  fail: Fail,
): OperatorOutcome {
  if (a.shape.length !== 2 || b.shape.length !== 2)
    fail(`A [${a.shape.join(', ')}] and B [${b.shape.join(', ')}] must be matrices`);
  const [m, k] = intAttribute(node, 'transA', 0) === 1 ? [a.shape[1]!, a.shape[0]!] : [a.shape[0]!, a.shape[1]!];
  const [kb, n] = intAttribute(node, 'transB', 0) === 1 ? [b.shape[1]!, b.shape[0]!] : [b.shape[0]!, b.shape[1]!];
  if (k !== kb) fail(`A has ${k} columns but B has ${kb} rows`);
  const shape = [m, n];
  if (c !== null) broadcast(shape, c.shape, fail);
  return make('compute', 'fc', shape, {
    macs: m * k * n,
    weightCount: (b.constant ? elementCount(b.shape) : 0) + (a.constant ? elementCount(a.shape) : 0),
    biasCount: c?.constant === true ? elementCount(c.shape) : 0,
  });
}

function matMul(a: TensorInfo, b: TensorInfo, make: Make, fail: Fail): OperatorOutcome {
  if (a.shape.length === 0 || b.shape.length === 0) fail('multiplies a scalar');
  // numpy's rules: a vector is a one-row (A) or one-column (B) matrix whose added axis is dropped after.
  const as = a.shape.length === 1 ? [1, a.shape[0]!] : [...a.shape];
  const bs = b.shape.length === 1 ? [b.shape[0]!, 1] : [...b.shape];
  const [m, k] = as.slice(-2) as [number, number];
  const [kb, n] = bs.slice(-2) as [number, number];
  if (k !== kb) fail(`A [${a.shape.join(', ')}] and B [${b.shape.join(', ')}] do not multiply (${k} vs ${kb})`);
  const batch = broadcast(as.slice(0, -2), bs.slice(0, -2), fail);
  const shape = [...batch, ...(a.shape.length === 1 ? [] : [m]), ...(b.shape.length === 1 ? [] : [n])];
  return make('compute', 'fc', shape, {
    macs: elementCount(batch) * m * k * n,
    weightCount: (b.constant ? elementCount(b.shape) : 0) + (a.constant ? elementCount(a.shape) : 0),
  });
}

function concat(
  node: onnx.INodeProto,
  inputs: readonly (TensorInfo | null)[],
  make: Make,
  constants: number,
  fail: Fail,
): OperatorOutcome {
  const present = inputs.filter((t): t is TensorInfo => t !== null);
  const rank = present[0]!.shape.length;
  const given = intAttribute(node, 'axis', Number.NaN);
  const axis = given < 0 ? given + rank : given;
  if (!(axis >= 0 && axis < rank)) fail(`axis ${given} is not an axis of a rank-${rank} tensor`);
  const shape = [...present[0]!.shape];
  for (const t of present.slice(1)) {
    if (t.shape.length !== rank || t.shape.some((d, i) => i !== axis && d !== shape[i])) {
      fail(`input [${t.shape.join(', ')}] does not concatenate with [${shape.join(', ')}] on axis ${axis}`);
    }
    shape[axis] = shape[axis]! + t.shape[axis]!;
  }
  return make('copy', 'pool', shape, { weightCount: constants });
}

function pad(
  node: onnx.INodeProto,
  x: TensorInfo,
  padsInput: TensorInfo | null,
  make: Make,
  fail: Fail,
): OperatorOutcome {
  // Opset 11 moved the pads from an attribute to a constant input.
  const pads = padsInput !== null ? padsInput.values : intsAttribute(node, 'pads');
  const r = x.shape.length;
  if (pads === null || pads.length !== 2 * r) fail(`needs ${2 * r} constant pads for a rank-${r} input`);
  const shape = x.shape.map((d, i) => d + pads![i]! + pads![i + r]!);
  if (shape.some((d) => d < 1)) fail(`pads [${pads!.join(', ')}] leave an empty tensor`);
  return make('copy', 'pool', shape, {});
}

function viewShape(
  node: onnx.INodeProto,
  op: string,
  x: TensorInfo,
  shapeInput: TensorInfo | null,
  fail: Fail,
): number[] {
  if (op === 'Flatten') {
    const given = intAttribute(node, 'axis', 1);
    const axis = given < 0 ? given + x.shape.length : given;
    if (!(axis >= 0 && axis <= x.shape.length)) fail(`axis ${given} is not an axis of a rank-${x.shape.length} tensor`);
    return [elementCount(x.shape.slice(0, axis)), elementCount(x.shape.slice(axis))];
  }
  if (op !== 'Reshape') return [...x.shape];
  const target = shapeInput?.values ?? fail('needs its shape as a constant (an initializer or a Constant node)');
  const allowZero = intAttribute(node, 'allowzero', 0) === 1;
  const shape = target.map((d, i) =>
    d === 0 && !allowZero
      ? (x.shape[i] ?? fail(`shape [${target.join(', ')}] copies axis ${i}, which the input lacks`))
      : d,
  );
  const unknown = shape.indexOf(-1);
  const known = elementCount(shape.filter((d) => d !== -1));
  if (unknown >= 0) shape[unknown] = elementCount(x.shape) / known;
  if (shape.some((d) => !Number.isInteger(d) || d < 0) || elementCount(shape) !== elementCount(x.shape)) {
    fail(`shape [${target.join(', ')}] does not hold the ${elementCount(x.shape)} elements of [${x.shape.join(', ')}]`);
  }
  return shape;
}

/** numpy's broadcasting of two shapes. */
function broadcast(a: readonly number[], b: readonly number[], fail: Fail): number[] {
  const rank = Math.max(a.length, b.length);
  return Array.from({ length: rank }, (_, i) => {
    const da = a[a.length - rank + i] ?? 1;
    const db = b[b.length - rank + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) fail(`shapes [${a.join(', ')}] and [${b.join(', ')}] do not broadcast`);
    return Math.max(da, db);
  });
}
