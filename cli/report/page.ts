/**
 * The report as one HTML file that needs no network to view: styles, data (each figure as a compiled
 * Vega spec) and the Vega runtime inline. The runtime is read from the installed `vega` package at
 * run time, so the page draws with the same library version that rendered the SVGs.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Spec } from 'vega';
import type { Report, Table } from './build.js';
import { toVega } from './render.js';

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** JSON that can sit inside a <script> element: no "</script" and no "<!--" can appear in it. */
const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');

/** vega's browser build (UMD, defines `vega`), from the installed package. */
export function vegaBrowserBundle(): string {
  const moduleFile = createRequire(import.meta.url).resolve('vega');
  const text = readFileSync(join(dirname(moduleFile), 'vega.min.js'), 'utf8');
  // Inline, a "</script" inside the code would end the element early.
  return text.replace(/<\/script/gi, '<\\/script');
}

function tableHtml(t: Table): string {
  const cell = (tag: string, text: string, numeric: boolean) =>
    `<${tag}${numeric ? ' class="num"' : ''}>${escapeHtml(text)}</${tag}>`;
  return `<table><thead><tr>${t.header.map((h, i) => cell('th', h, t.numeric[i]!)).join('')}</tr></thead><tbody>${t.rows.map((r) => `<tr>${r.map((c, i) => cell('td', c, t.numeric[i]!)).join('')}</tr>`).join('')}</tbody></table>`;
}

const STYLE = `
body { font: 14px/1.45 Helvetica, Arial, sans-serif; color: #222; margin: 0 auto; padding: 16px 24px 48px; max-width: 1280px; }
h1 { font-size: 22px; margin: 8px 0 4px; } h2 { font-size: 18px; margin: 32px 0 8px; border-bottom: 1px solid #ddd; padding-bottom: 4px; }
h3 { font-size: 15px; margin: 16px 0 4px; }
nav ul, .inputs { margin: 4px 0; padding-left: 20px; } nav li { display: inline; margin-right: 14px; }
.notes { background: #fff7e0; border-left: 4px solid #e0a800; padding: 6px 12px; }
figure { margin: 12px 0 24px; } figcaption { color: #555; max-width: 1100px; font-size: 13px; }
.chart { min-height: 40px; overflow-x: auto; } .chart.failed { color: #b00; }
table { border-collapse: collapse; margin: 8px 0; font-size: 13px; } th, td { padding: 3px 10px; border-bottom: 1px solid #e5e5e5; text-align: left; }
th.num, td.num { text-align: right; font-variant-numeric: tabular-nums; } thead th { border-bottom: 2px solid #999; }
code { background: #f3f3f3; padding: 0 3px; }
`;

/** Draws every figure; a figure that fails says so in its place and on the console. */
const SCRIPT = `
(function () {
  var specs = JSON.parse(document.getElementById('twinrtm-specs').textContent);
  var views = [];
  document.querySelectorAll('.chart[data-figure]').forEach(function (el) {
    var id = el.getAttribute('data-figure');
    try {
      var view = new vega.View(vega.parse(specs[id]), { renderer: 'svg', container: el, hover: true });
      views.push(view.runAsync().then(function () { el.setAttribute('data-drawn', 'true'); }));
    } catch (err) {
      el.className += ' failed';
      el.textContent = 'this figure could not be drawn: ' + err.message;
      console.error('figure ' + id + ': ' + err.message);
    }
  });
  Promise.all(views).then(function () { document.body.setAttribute('data-figures-drawn', 'true'); }, function (err) {
    console.error(err && err.message ? err.message : String(err));
  });
})();
`;

export function reportHtml(report: Report, options: { title: string; generatedBy: string }): string {
  const figures = report.sections.flatMap((s) => s.figures);
  const specs: Record<string, Spec> = Object.fromEntries(figures.map((f) => [f.id, toVega(f.spec)]));
  const sectionId = (i: number) => `section-${i + 1}`;
  const body = [
    `<h1>${escapeHtml(options.title)}</h1>`,
    `<p>Made by <code>${escapeHtml(options.generatedBy)}</code> from:</p>`,
    `<ul class="inputs">${report.inputs.map((i) => `<li><code>${escapeHtml(i.path)}</code>: ${escapeHtml(i.what)}</li>`).join('')}</ul>`,
    report.notes.length > 0
      ? `<div class="notes"><strong>Missing or skipped</strong><ul>${report.notes.map((n) => `<li>${escapeHtml(n)}</li>`).join('')}</ul></div>`
      : '',
    `<nav><ul>${report.sections.map((s, i) => `<li><a href="#${sectionId(i)}">${escapeHtml(s.title)}</a></li>`).join('')}</ul></nav>`,
    ...report.sections.map(
      (s, i) =>
        `<section id="${sectionId(i)}"><h2>${escapeHtml(s.title)}</h2>${s.table ? tableHtml(s.table) : ''}${s.figures
          .map(
            (f) =>
              `<figure id="${f.id}">${f.title === s.title ? '' : `<h3>${escapeHtml(f.title)}</h3>`}<div class="chart" data-figure="${f.id}"></div><figcaption>${escapeHtml(f.caption)}</figcaption></figure>`,
          )
          .join('')}</section>`,
    ),
  ].join('\n');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(options.title)}</title>
<style>${STYLE}</style>
</head>
<body>
${body}
<script id="twinrtm-specs" type="application/json">${scriptJson(specs)}</script>
<script>${vegaBrowserBundle()}</script>
<script>${SCRIPT}</script>
</body>
</html>
`;
}
