/**
 * What the ONNX reader knows of a tensor: its shape, and for a constant (an initializer or a Constant
 * node's value) whether it is one and, when it is a short list of integers, the integers (the shape of
 * a Reshape, the pads of a Pad).
 */
import type { onnx } from 'onnx-proto';

/** What the reader knows of one tensor. */
export interface TensorInfo {
  /** Its shape, every axis known. */
  shape: readonly number[];
  /** An initializer or a Constant node's value: a parameter or an operator's constant, not an activation. */
  constant: boolean;
  /** The values of an integer constant of at most MAX_VALUES elements; null otherwise. */
  values: readonly number[] | null;
}

/** Integer constants longer than this are never read as values (shapes and pads are short). */
const MAX_VALUES = 64;

const INT32 = 6;
const INT64 = 7;

/** A protobuf int64 (a long.js Long, or a number) as a number; NaN beyond 2^53 so callers refuse it. */
export function toNumber(value: number | { toNumber(): number; toString(): string } | null | undefined): number {
  if (value === null || value === undefined) return 0;
  if (typeof value === 'number') return value;
  const n = value.toNumber();
  return Number.isSafeInteger(n) ? n : Number.NaN;
}

/** Number of elements of a shape (1 for a scalar). */
export function elementCount(shape: readonly number[]): number {
  return shape.reduce((product, d) => product * d, 1);
}

/** A TensorProto as a constant TensorInfo. */
export function constantInfo(tensor: onnx.ITensorProto): TensorInfo {
  const shape = (tensor.dims ?? []).map((d) => toNumber(d));
  return { shape, constant: true, values: integerValues(tensor, elementCount(shape)) };
}

function integerValues(tensor: onnx.ITensorProto, count: number): number[] | null {
  if ((tensor.dataType !== INT64 && tensor.dataType !== INT32) || count > MAX_VALUES) return null;
  const typed = tensor.dataType === INT64 ? tensor.int64Data : tensor.int32Data;
  if (typed !== null && typed !== undefined && typed.length === count) return typed.map((v) => toNumber(v));
  const raw = tensor.rawData;
  const width = tensor.dataType === INT64 ? 8 : 4;
  if (raw === null || raw === undefined || raw.length !== count * width) return null;
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  return Array.from({ length: count }, (_, i) =>
    width === 8 ? Number(view.getBigInt64(i * 8, true)) : view.getInt32(i * 4, true),
  );
}
