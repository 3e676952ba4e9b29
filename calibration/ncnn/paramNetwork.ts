/**
 * A network of ncnn's benchmark, read from its param file (ncnn's text graph format: a magic line, a
 * count line, then one layer a line: type, name, input and output counts, blob names, key=value
 * parameters), as a twin network of exactly costed nodes, G = 1: the form the ONNX reader produces,
 * which can say what the twin's own network format cannot (a convolution split into groups over a
 * whole input, as AlexNet's conv4; branches and joins, as ResNet's and SqueezeNet's).
 *
 * Costed, each a node: Convolution and ConvolutionDepthWise (kind conv), Pooling (pool: a max pool's
 * compares or an average pool's additions, (k^2 - 1) per output element), InnerProduct (fc), Eltwise
 * (pool: one operation per output element per extra operand, as the ONNX reader counts an Add).
 * Not costed: Input, Split, Concat (blob plumbing), ReLU, LRN, Dropout, Softmax; like the ONNX reader,
 * which folds activations into the layer before them. Anything else is refused by name.
 */
import type { Dnn, Layer, LayerKind, NodeCounts } from '../../dnn/types.js';

export interface ParamNetworkInfo {
  id: string;
  description: string;
  /** [channels, height, width]: what benchncnn feeds it (the param file's Input line may differ). */
  input: [number, number, number];
  /** Where the param file comes from (repository, file, commit). */
  source: string;
}

type Shape = [number, number, number];

const NOT_COSTED = new Set(['Input', 'Split', 'ReLU', 'LRN', 'Dropout', 'Softmax']);

interface ParsedLine {
  type: string;
  name: string;
  inputs: string[];
  outputs: string[];
  params: Map<number, number>;
}

function parseLine(line: string, at: number): ParsedLine {
  const fields = line.trim().split(/\s+/);
  const [type, name, nIn, nOut] = fields;
  const ins = Number(nIn);
  const outs = Number(nOut);
  if (type === undefined || name === undefined || !Number.isInteger(ins) || !Number.isInteger(outs))
    throw new Error(`line ${at}: not a layer line`);
  const params = new Map<number, number>();
  for (const pair of fields.slice(4 + ins + outs)) {
    const [key, value] = pair.split('=');
    const k = Number(key);
    const v = Number(value);
    // Negative keys are arrays (-23300 - k); none of the benchmark's plain networks needs one.
    if (!Number.isInteger(k) || k < 0 || !Number.isFinite(v))
      throw new Error(`line ${at} (${name}): parameter '${pair}' is not a key=number pair this reader takes`);
    params.set(k, v);
  }
  return { type, name, inputs: fields.slice(4, 4 + ins), outputs: fields.slice(4 + ins, 4 + ins + outs), params };
}

/** ncnn's window output size: floor for a convolution; a pool's default pad_mode 0 ("full", Caffe's rule) rounds up. */
function windowOut(
  size: number,
  kernel: number,
  stride: number,
  before: number,
  after: number,
  roundUp: boolean,
): number {
  const span = size + before + after - kernel;
  return (roundUp ? Math.ceil(span / stride) : Math.floor(span / stride)) + 1;
}

/** The network a param file describes, every costed node's counts exact. */
export function paramNetwork(text: string, info: ParamNetworkInfo): Dnn {
  const lines = text.trim().split(/\r?\n/);
  if (lines[0]?.trim() !== '7767517')
    throw new Error(`${info.id}: not an ncnn param file (the first line is not 7767517)`);
  const shapes = new Map<string, Shape>();
  const layers: Layer[] = [];
  lines.slice(2).forEach((line, i) => {
    const at = i + 3;
    const l = parseLine(line, at);
    const p = (key: number, fallback: number) => l.params.get(key) ?? fallback;
    const fail = (problem: string): never => {
      throw new Error(`${info.id} line ${at} (${l.name}): ${problem}`);
    };
    if (l.type === 'Input') {
      for (const o of l.outputs) shapes.set(o, info.input);
      return;
    }
    const inputs = l.inputs.map((b) => shapes.get(b) ?? fail(`reads blob '${b}', which no layer before it writes`));
    const x = inputs[0] ?? fail('has no input');
    const [c, h, w] = x;
    const inputElements = inputs.reduce((n, s) => n + s[0] * s[1] * s[2], 0);
    let out: Shape;
    let kind: LayerKind | null = null;
    let counts: NodeCounts | null = null;
    let window = { kernel: 1, stride: 1, padding: 0 };
    if (NOT_COSTED.has(l.type)) out = x;
    else if (l.type === 'Concat') {
      if (p(0, 0) !== 0) fail('concatenates along an axis other than channels');
      out = [inputs.reduce((n, s) => n + s[0], 0), h, w];
    } else if (l.type === 'Convolution' || l.type === 'ConvolutionDepthWise') {
      const [m, kw, dilation, sw] = [p(0, 0), p(1, 0), p(2, 1), p(3, 1)];
      const [kh, sh] = [p(11, kw), p(13, sw)];
      const [left, top] = [p(4, 0), p(14, p(4, 0))];
      const [right, bottom] = [p(15, left), p(16, top)];
      const group = l.type === 'ConvolutionDepthWise' ? p(7, 1) : 1;
      if (dilation !== 1 || p(12, dilation) !== 1) fail('is dilated');
      if (left < 0 || top < 0) fail('uses a padding mode (negative pad) this reader does not take');
      if (c % group !== 0 || m % group !== 0) fail(`${group} groups do not divide ${c} input and ${m} output channels`);
      out = [m, windowOut(h, kh, sh, top, bottom, false), windowOut(w, kw, sw, left, right, false)];
      const weights = m * (c / group) * kh * kw;
      if (weights !== p(6, -1)) fail(`${weights} weights worked out, the file states ${p(6, -1)}`);
      kind = 'conv';
      counts = {
        macs: weights * out[1] * out[2],
        compares: 0,
        weightCount: weights,
        biasCount: p(5, 0) ? m : 0,
        batchNormCount: 0,
        inputElements,
        outputElements: m * out[1] * out[2],
      };
      window = { kernel: kh, stride: sh, padding: top };
    } else if (l.type === 'Pooling') {
      const [kw, sw, left, global] = [p(1, 0), p(2, 1), p(3, 0), p(4, 0)];
      const [kh, sh, top] = [p(11, kw), p(12, sw), p(13, left)];
      const [right, bottom] = [p(14, left), p(15, top)];
      if (global) {
        out = [c, 1, 1];
        counts = {
          macs: 0,
          compares: c * (h * w - 1),
          weightCount: 0,
          biasCount: 0,
          batchNormCount: 0,
          inputElements,
          outputElements: c,
        };
      } else {
        if (p(5, 0) !== 0) fail('uses a pad_mode other than 0 (full), which this reader does not take');
        out = [c, windowOut(h, kh, sh, top, bottom, true), windowOut(w, kw, sw, left, right, true)];
        const elements = c * out[1] * out[2];
        counts = {
          macs: 0,
          compares: elements * (kh * kw - 1),
          weightCount: 0,
          biasCount: 0,
          batchNormCount: 0,
          inputElements,
          outputElements: elements,
        };
      }
      kind = 'pool';
      window = { kernel: kh, stride: sh, padding: top };
    } else if (l.type === 'InnerProduct') {
      const m = p(0, 0);
      const weights = m * c * h * w;
      if (weights !== p(2, -1)) fail(`${weights} weights worked out, the file states ${p(2, -1)}`);
      out = [m, 1, 1];
      kind = 'fc';
      counts = {
        macs: weights,
        compares: 0,
        weightCount: weights,
        biasCount: p(1, 0) ? m : 0,
        batchNormCount: 0,
        inputElements,
        outputElements: m,
      };
    } else if (l.type === 'Eltwise') {
      if (inputs.some((s) => s.join() !== x.join())) fail('adds tensors of different shapes');
      out = x;
      kind = 'pool';
      const elements = c * h * w;
      counts = {
        macs: 0,
        compares: elements * (inputs.length - 1),
        weightCount: 0,
        biasCount: 0,
        batchNormCount: 0,
        inputElements,
        outputElements: elements,
      };
    } else {
      fail(`layer type ${l.type} is not one this reader costs`);
      return;
    }
    if (!(out[1] >= 1 && out[2] >= 1)) fail(`its output ${out[1]}x${out[2]} is empty`);
    for (const o of l.outputs) shapes.set(o, out);
    if (kind === null || counts === null) return;
    layers.push({
      name: l.name,
      kind,
      inChannels: c,
      outChannels: out[0],
      ...window,
      inH: h,
      inW: w,
      outH: out[1],
      outW: out[2],
      grouped: false,
      batchNorm: false,
      readsInput: layers.length === 0,
      inputGrouped: false,
      graph: { ops: l.type, counts: [counts] },
    });
  });
  return {
    id: info.id,
    description: info.description,
    input: info.input,
    groups: 1,
    structure: 'block-diagonal',
    layers,
    accuracy: { source: null, entries: [] },
    rationale: [
      `Read from ${info.source} by calibration/ncnn/paramNetwork.ts: one node per convolution, pool, fc and element-wise add; activations, LRN, dropout, softmax, split and concat are not costed.`,
    ],
  };
}
