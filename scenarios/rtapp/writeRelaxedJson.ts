/**
 * Writes a tree read by parseRelaxedJson back as text rt-app reads: every key in order, repeated keys
 * kept (rt-app's event order), a bare key (workgen's `"suspend"`) written bare again. Comments and
 * the original spacing are not kept; values are written as JSON.
 */
import type { JsonNode } from './relaxedJson.js';

/** The tree as text, indented by two spaces, with a newline at the end. */
export function writeRelaxedJson(node: JsonNode): string {
  return `${write(node, '')}\n`;
}

function write(node: JsonNode, indent: string): string {
  const inner = `${indent}  `;
  switch (node.kind) {
    case 'object':
      if (node.entries.length === 0) return '{}';
      return `{\n${node.entries.map((e) => `${inner}${JSON.stringify(e.key)}${e.value.kind === 'missing' ? '' : `: ${write(e.value, inner)}`}`).join(',\n')}\n${indent}}`;
    case 'array':
      // Arrays in rt-app files are short lists of numbers (cpus): one line.
      return `[${node.items.map((item) => write(item, inner)).join(', ')}]`;
    case 'string':
      return JSON.stringify(node.value);
    case 'number':
      return String(node.value);
    case 'boolean':
      return String(node.value);
    case 'null':
      return 'null';
    case 'missing':
      return '';
  }
}
