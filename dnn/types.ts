/**
 * The dynamic DNN's vocabulary: a network spec as written in a file, the resolved network with every
 * shape worked out, and the exact costs of running it with g of its G channel groups active.
 */

export type LayerKind = 'conv' | 'pool' | 'fc';

/**
 * How a grouped layer's groups read the layer before it.
 * - block-diagonal: group k reads only group k (the first layer reads the whole input);
 * - cumulative: group k reads groups 1..k (slimmable style; lower block-triangular weights).
 */
export type GroupStructure = 'block-diagonal' | 'cumulative';

export type Precision = 'float32' | 'int8';

/** One layer as written in a network file; shapes are derived, not written. */
export interface LayerSpec {
  name: string;
  kind: LayerKind;
  /** Output channels (conv) or output features (fc); pool keeps its input channels. */
  outChannels?: number;
  /** Square kernel side; conv and pool only. */
  kernel?: number;
  stride?: number;
  padding?: number;
  /** Split into the network's G groups; default true for conv and fc, except the last fc (the classifier). */
  grouped?: boolean;
  /** A batch-norm follows (4 parameters per channel: scale, shift, running mean, running variance). */
  batchNorm?: boolean;
  /** Why the layer looks as it does. */
  note?: string;
}

/** Where an accuracy table was measured: enough to reproduce it. */
export interface AccuracySource {
  dataset: string;
  split: string;
  epochs: number;
  seed: number;
  date: string;
  command: string;
  /** Where the confidence metrics were measured when not by `command` (the same weights and split, later). */
  confidence?: { date: string; command: string };
}

export interface AccuracyEntry {
  groups: number;
  /** Top-1 accuracy in [0, 1]. */
  top1: number;
  /**
   * The confidence metrics measured beside top-1 on the same images (dnn/confidence.ts); null when
   * not measured. Mean probability of the predicted class.
   */
  confidence?: number | null;
  /** Mean probability of the true class; null when not measured. */
  correctConfidence?: number | null;
  /** Total probability of the true class over the images relative to g = G's (the seed's measure); null when not measured. */
  normalisedCorrectConfidence?: number | null;
  /** Expected calibration error, 15 bins; null when not measured. */
  ece?: number | null;
}

/** Top-1 accuracy per active-group count; empty (source null) until the project has measured it. */
export interface AccuracyTable {
  source: AccuracySource | null;
  entries: AccuracyEntry[];
}

export interface NetworkSpec {
  $schema?: string;
  id: string;
  description: string;
  /** Input tensor [channels, height, width]. */
  input: [number, number, number];
  /** G, the number of channel groups of every grouped layer. */
  groups: number;
  structure: GroupStructure;
  layers: LayerSpec[];
  accuracy: AccuracyTable;
  /** Why the network is built this way (sources, choices). */
  rationale?: string[];
}

/** A layer with every shape resolved. Channels are totals over all G groups. */
export interface Layer {
  name: string;
  kind: LayerKind;
  inChannels: number;
  outChannels: number;
  kernel: number;
  stride: number;
  padding: number;
  inH: number;
  inW: number;
  outH: number;
  outW: number;
  grouped: boolean;
  batchNorm: boolean;
  /** Reads the network input (so it reads all of it, whatever g). */
  readsInput: boolean;
  /** The layer before it is grouped, so only the active groups' channels arrive. */
  inputGrouped: boolean;
  /**
   * Set for a layer read from a graph (dnn/onnx/): its exact counts, which layerCost returns as they are.
   * The shape fields above then describe its first activation input and its output (first spatial axis
   * for kernel, stride and padding) and are not used for costs.
   */
  graph?: GraphNode;
}

/** Exact element counts of one graph node, at one active-group count. */
export interface NodeCounts {
  macs: number;
  /** Element operations of a pool-kind node: comparisons (max pool), additions (average pool), one per output element per operand for element-wise nodes. */
  compares: number;
  weightCount: number;
  biasCount: number;
  batchNormCount: number;
  /** Elements of the activation tensors it reads (parameters excluded). */
  inputElements: number;
  outputElements: number;
}

/** A costed node of a network read from a graph (an ONNX model), with the operators fused into it. */
export interface GraphNode {
  /** The operators it stands for, in order, e.g. "Conv+BatchNormalization+Relu". */
  ops: string;
  /** Counts with g = 1..G active groups (index g - 1). */
  counts: readonly NodeCounts[];
}

/** A resolved, validated network. */
export interface Dnn {
  id: string;
  description: string;
  input: [number, number, number];
  groups: number;
  structure: GroupStructure;
  layers: Layer[];
  accuracy: AccuracyTable;
  rationale: string[];
}

/** Exact cost of one layer with g active groups. */
export interface LayerCost {
  name: string;
  kind: LayerKind;
  /** Multiply-accumulates (conv, fc); 0 for pool. */
  macs: number;
  /**
   * Comparisons of a max pool, (k*k - 1) per output element; 0 for conv and fc. For a graph node of
   * kind pool, its element operations (NodeCounts.compares).
   */
  compares: number;
  /** Weights, biases and batch-norm parameters held by the active groups. */
  weightCount: number;
  biasCount: number;
  batchNormCount: number;
  paramBytes: number;
  /** Bytes of the layer's input tensor (active channels only, except the network input). */
  inputBytes: number;
  /** Bytes of the layer's output tensor (active channels only). */
  outputBytes: number;
}

export interface NetworkCost {
  groups: number;
  precision: Precision;
  layers: LayerCost[];
  macs: number;
  compares: number;
  paramBytes: number;
  /** Sum of every layer's output tensor: what an engine that keeps all activations allocates. */
  activationBytes: number;
  /** Largest input + output of any one layer: the working set of an engine that frees as it goes. */
  peakActivationBytes: number;
}

/** Parameter memory of the three ways to offer G sizes of a network (the seed's comparison). */
export interface MemoryFootprint {
  /** One dynamic model: all G groups stored once, one batch-norm per channel shared by every g. */
  dynamicBytes: number;
  /** One separate model per active-group count g = 1..G. */
  separateModelsBytes: number;
  /** A slimmable network: shared weights, but a private batch-norm for each of the G widths. */
  slimmableBytes: number;
}
