/**
 * The dynamic DNN's vocabulary: a network spec as written in a file, the resolved network with every
 * shape worked out, and the exact costs of running it with g of its G channel groups active.
 */

/** What a layer does, as the time model sees it: a convolution, a pooling (or element-wise) step, or a fully connected layer. */
export type LayerKind = 'conv' | 'pool' | 'fc';

/**
 * How a grouped layer's groups read the layer before it.
 * - block-diagonal: group k reads only group k (the first layer reads the whole input);
 * - cumulative: group k reads groups 1..k (slimmable style; lower block-triangular weights).
 */
export type GroupStructure = 'block-diagonal' | 'cumulative';

/** Element type of weights and activations: 4-byte floats or 1-byte integers. */
export type Precision = 'float32' | 'int8';

/** One layer as written in a network file; shapes are derived, not written. */
export interface LayerSpec {
  /** Unique within the network. */
  name: string;
  /** conv, pool or fc. */
  kind: LayerKind;
  /** Output channels (conv) or output features (fc); pool keeps its input channels. */
  outChannels?: number;
  /** Square kernel side; conv and pool only. */
  kernel?: number;
  /** Step of the kernel (conv, pool); default 1. */
  stride?: number;
  /** Zero padding on each side (conv, pool); default 0. */
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
  /** The data set (e.g. Fashion-MNIST). */
  dataset: string;
  /** Which split the accuracy was measured on. */
  split: string;
  /** Training epochs of the measured weights. */
  epochs: number;
  /** Training seed. */
  seed: number;
  /** When it was measured (ISO date). */
  date: string;
  /** The command that reproduces it. */
  command: string;
  /** Where the confidence metrics were measured when not by `command` (the same weights and split, later). */
  confidence?: { date: string; command: string };
}

/** Measured accuracy with g active groups. */
export interface AccuracyEntry {
  /** g. */
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
  /** Where it was measured; null while unmeasured. */
  source: AccuracySource | null;
  /** One entry per group count measured. */
  entries: AccuracyEntry[];
}

/** A network file as written (dnn/networks/*.json): {@link resolveNetwork} works out every shape. */
export interface NetworkSpec {
  $schema?: string;
  /** Its id (scenarios and `--dnn` name it). */
  id: string;
  /** What it is, in a sentence. */
  description: string;
  /** Input tensor [channels, height, width]. */
  input: [number, number, number];
  /** G, the number of channel groups of every grouped layer. */
  groups: number;
  /** How grouped layers read the layer before. */
  structure: GroupStructure;
  /** In order, input to classifier. */
  layers: LayerSpec[];
  /** Measured top-1 per group count. */
  accuracy: AccuracyTable;
  /** Why the network is built this way (sources, choices). */
  rationale?: string[];
}

/** A layer with every shape resolved. Channels are totals over all G groups. */
export interface Layer {
  name: string;
  kind: LayerKind;
  /** Totals over all G groups. */
  inChannels: number;
  /** Totals over all G groups. */
  outChannels: number;
  /** Square kernel side (1 for fc). */
  kernel: number;
  stride: number;
  padding: number;
  /** Spatial size, elements. */
  inH: number;
  inW: number;
  outH: number;
  outW: number;
  /** Split into the G groups. */
  grouped: boolean;
  /** A batch-norm follows. */
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
  /** Multiply-accumulates. */
  macs: number;
  /** Element operations of a pool-kind node: comparisons (max pool), additions (average pool), one per output element per operand for element-wise nodes. */
  compares: number;
  /** Weights. */
  weightCount: number;
  /** Biases. */
  biasCount: number;
  /** Batch-norm parameters (4 per channel). */
  batchNormCount: number;
  /** Elements of the activation tensors it reads (parameters excluded). */
  inputElements: number;
  /** Elements of the tensor it writes. */
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
  /** Its id (scenarios and `--dnn` name it). */
  id: string;
  /** What it is, in a sentence. */
  description: string;
  /** Input tensor [channels, height, width]. */
  input: [number, number, number];
  /** G, the number of channel groups of every grouped layer. */
  groups: number;
  /** How grouped layers read the layer before. */
  structure: GroupStructure;
  /** Resolved layers, in order. */
  layers: Layer[];
  /** Measured top-1 per group count. */
  accuracy: AccuracyTable;
  /** Why the network is built this way (empty when the file says nothing). */
  rationale: string[];
}

/** Exact cost of one layer with g active groups. */
export interface LayerCost {
  /** The layer's name. */
  name: string;
  /** conv, pool or fc. */
  kind: LayerKind;
  /** Multiply-accumulates (conv, fc); 0 for pool. */
  macs: number;
  /**
   * Comparisons of a max pool, (k*k - 1) per output element; 0 for conv and fc. For a graph node of
   * kind pool, its element operations (NodeCounts.compares).
   */
  compares: number;
  /** Weights held by the active groups. */
  weightCount: number;
  /** Biases of the active groups. */
  biasCount: number;
  /** Batch-norm parameters of the active groups (4 per channel). */
  batchNormCount: number;
  /** Bytes of all the above at the precision (weights at the element size; biases and batch-norm at 4 bytes). */
  paramBytes: number;
  /** Bytes of the layer's input tensor (active channels only, except the network input). */
  inputBytes: number;
  /** Bytes of the layer's output tensor (active channels only). */
  outputBytes: number;
}

/** Exact cost of a network with g active groups: {@link networkCost}'s result. */
export interface NetworkCost {
  /** g. */
  groups: number;
  /** The element type costed. */
  precision: Precision;
  /** Per layer, in order. */
  layers: LayerCost[];
  /** Multiply-accumulates in all. */
  macs: number;
  /** Pool-kind element operations in all (LayerCost.compares). */
  compares: number;
  /** Bytes of the active groups' parameters. */
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
