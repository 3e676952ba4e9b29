/**
 * The inference engine's vocabulary: where weights came from, weights held in memory, and what one
 * inference returns (outputs, the operations it actually executed, optional per-layer times).
 */
import type { Dnn, GroupStructure, LayerKind } from '../types.js';

/**
 * How a set of weights was made, carried from the manifest to every result so outputs can say
 * whether they come from trained weights or from seeded stand-ins.
 * - random: randomWeights(dnn, seed), deterministic for the seed;
 * - trained: produced by a training run; dataset, date and command are required, further fields
 *   (epochs, seed, framework version, ...) are kept as written.
 */
export type WeightsSource =
  | { kind: 'random'; seed: number }
  | { kind: 'trained'; dataset: string; date: string; command: string; [field: string]: unknown };

/** One tensor the network needs: its name and shape (see README.md for the naming rules). */
export interface TensorSpec {
  name: string;
  shape: readonly number[];
}

/** A tensor placed in a Weights buffer: its first element is `data[offset]`. */
export interface TensorLayout extends TensorSpec {
  offset: number;
}

/**
 * Every parameter of a network, in memory: one Float32Array holding all tensors back to back (in
 * tensorSpecs order), and a view per tensor. Mutating a view changes the weights.
 */
export interface Weights {
  /** The network the weights are for. */
  readonly dnn: Dnn;
  /** How the weights were made. */
  readonly source: WeightsSource;
  /** All tensors back to back; its buffer is a SharedArrayBuffer when allocated with `shared`. */
  readonly data: Float32Array;
  /** Where each tensor sits in `data`, in tensorSpecs order. */
  readonly layout: readonly TensorLayout[];
  /** A view into `data` per tensor name. */
  readonly tensors: ReadonlyMap<string, Float32Array>;
}

/** Operations one layer actually executed in one inference. */
export interface LayerOps {
  name: string;
  kind: LayerKind;
  /** Multiply-accumulates executed (conv, fc). */
  macs: number;
  /** Comparisons executed (max pool). */
  compares: number;
}

/** Operations of one inference, per layer and in total. */
export interface EngineOps {
  /** Per layer, in order. */
  layers: LayerOps[];
  /** Multiply-accumulates executed in all. */
  macs: number;
  /** Comparisons executed in all. */
  compares: number;
}

/** What one inference returns. */
export interface EngineResult {
  /** Active groups g the inference ran with. */
  groups: number;
  /** The last layer's active outputs (the 10 class scores for the built-in networks). */
  logits: Float32Array;
  /** The operations its loops executed (for anytime inference, every step's). */
  ops: EngineOps;
  /** Wall time of each layer in ms; present only when asked for with `timeLayers`. */
  layerMs?: number[];
  /** Where the weights came from. */
  source: WeightsSource;
}

/** Options of one inference. */
export interface RunOptions {
  /** Measure each layer's wall time. @defaultValue false */
  timeLayers?: boolean;
  /** The clock read around each layer, in ms. @defaultValue performance.now from node:perf_hooks */
  clock?: () => number;
}

/** One tensor's entry in a weights manifest: where its bytes are in the .bin file. */
export interface ManifestTensor {
  name: string;
  shape: number[];
  /** Offset of the first byte in the .bin file; a multiple of 4. */
  byteOffset: number;
  /** 4 x the number of elements. */
  byteLength: number;
}

/** A weights manifest (README.md, "Weight files"; schema weightsManifest.schema.json). */
export interface WeightsManifest {
  $schema?: string;
  format: 'twinrtm-weights';
  version: 1;
  /** Id of the network the weights belong to. */
  network: string;
  /** The network's group structure, which the weights' shapes follow. */
  structure: GroupStructure;
  /** The network's G. */
  groups: number;
  /** Element type and byte order of the .bin file. */
  dtype: 'float32-le';
  /** Path of the .bin file, relative to the manifest's folder. */
  bin: string;
  /** Size of the .bin file in bytes. */
  byteLength: number;
  /** How the weights were made. */
  source: WeightsSource;
  /** Every tensor, in tensorSpecs order. */
  tensors: ManifestTensor[];
}
