/**
 * Reading a node's attributes by name, with the operator's default when absent.
 */
import type { onnx } from 'onnx-proto';
import { toNumber } from './onnxTensors.js';

function find(node: onnx.INodeProto, name: string): onnx.IAttributeProto | undefined {
  return (node.attribute ?? []).find((a) => a.name === name);
}

/** An integer attribute, or the fallback when absent. */
export function intAttribute(node: onnx.INodeProto, name: string, fallback: number): number {
  const a = find(node, name);
  return a?.i === undefined || a.i === null ? fallback : toNumber(a.i);
}

/** A list-of-integers attribute; null when absent or empty. */
export function intsAttribute(node: onnx.INodeProto, name: string): number[] | null {
  const a = find(node, name);
  return a?.ints === undefined || a.ints === null || a.ints.length === 0 ? null : a.ints.map((v) => toNumber(v));
}

/** A string attribute (UTF-8), or the fallback when absent or empty. */
export function stringAttribute(node: onnx.INodeProto, name: string, fallback: string): string {
  const s = find(node, name)?.s;
  return s === undefined || s === null || s.length === 0 ? fallback : new TextDecoder().decode(s);
}

/** A tensor attribute (a Constant's value); null when absent. */
export function tensorAttribute(node: onnx.INodeProto, name: string): onnx.ITensorProto | null {
  return find(node, name)?.t ?? null;
}
