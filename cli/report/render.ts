/**
 * Vega-Lite to Vega, and Vega to SVG in Node: vega's headless View renders SVG strings with no
 * canvas and no browser, so the CLI and the tests make the same pictures the page draws.
 */
import { parse, View, type Spec } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

export function toVega(spec: TopLevelSpec): Spec {
  return compile(spec).spec;
}

export async function toSvg(spec: Spec): Promise<string> {
  const view = new View(parse(spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
