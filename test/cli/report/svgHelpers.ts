/** Reading what a Vega SVG draws: axis titles, and the marks of one named mark group. */

/** Titles of every axis that has one (Vega labels each axis group for screen readers). */
export function axisTitles(svg: string): string[] {
  return [...svg.matchAll(/aria-label="[XY]-axis titled '([^']*)'/g)].map((m) => m[1]!.replace(/&amp;/g, '&'));
}

/** The inside of the first <g> whose class names the mark group `name` (e.g. concat_2_layer_0_marks). */
function markGroup(svg: string, name: string): string {
  const start = svg.search(new RegExp(`<g class="[^"]*\\b${name}\\b`));
  if (start < 0) throw new Error(`no mark group ${name}`);
  // Mark groups of lines and points hold paths only, no nested <g>.
  const end = svg.indexOf('</g>', start);
  return svg.slice(start, end);
}

/** Points drawn by a symbol mark group. */
export function symbolCount(svg: string, name: string): number {
  return (markGroup(svg, name).match(/<path\b/g) ?? []).length;
}

/** Vertices of the first line drawn by a line mark group. */
export function lineVertices(svg: string, name: string): number {
  const d = /<path[^>]*\bd="([^"]*)"/.exec(markGroup(svg, name))?.[1] ?? '';
  return (d.match(/[ML]/g) ?? []).length;
}
