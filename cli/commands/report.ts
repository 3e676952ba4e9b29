/** `twinrtm report`: one self-contained HTML page of figures (and SVG/PNG files) from twinrtm's outputs. */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { InputError } from '../../dnn/inputError.js';
import { checkOutputDirectory, checkOutputFile, writeFileAtomic } from '../files.js';
import type { Io } from '../io.js';
import { collect } from '../parse.js';
import type { Report } from '../report/build.js';

interface ReportCliOptions {
  out?: string;
  svg?: string;
  png?: string;
  title?: string;
  figure?: string[];
}

function makeDirectory(option: string, path: string): void {
  checkOutputDirectory(option, path);
  try {
    mkdirSync(path, { recursive: true });
  } catch (err) {
    throw new InputError(
      `${option} ${path}: cannot make the directory (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`,
    );
  }
}

/** Only the figures whose id starts with one of the prefixes (and the sections left with any). */
function onlyFigures(report: Report, prefixes: readonly string[]): Report {
  const all = report.sections.flatMap((s) => s.figures.map((f) => f.id));
  const keep = (id: string) => prefixes.some((p) => id.startsWith(p));
  const unmatched = prefixes.filter((p) => !all.some((id) => id.startsWith(p)));
  if (unmatched.length > 0)
    throw new InputError(`--figure ${unmatched.join(', ')} matches no figure (the figures: ${all.join(', ')})`);
  const sections = report.sections
    .map((s) => ({ ...s, figures: s.figures.filter((f) => keep(f.id)) }))
    .filter((s) => s.figures.length > 0);
  return { ...report, sections };
}

export function registerReport(program: Command, io: Io): void {
  program
    .command('report')
    .description(
      'draw figures from twinrtm outputs into one self-contained HTML page (no network needed to view it), and optionally as SVG or PNG files',
    )
    .argument(
      '<input...>',
      'traces (simulate --trace, hil run --trace) and the --json output of simulate, space, ranges, calibrate, hil compare and validate, in any mix; each file is recognised by its content',
    )
    .option('--out <report.html>', 'the HTML page to write')
    .option('--svg <dir>', 'also write each figure as <dir>/<figure>.svg')
    .option('--png <dir>', 'also write each figure as <dir>/<figure>.png (needs a headless Chromium on PATH)')
    .option('--title <text>', 'title of the page (default: twinrtm report)')
    .option(
      '--figure <id>',
      'only the figures whose name starts with this (e.g. timeline, pareto-time-energy); repeatable',
      collect,
    )
    .addHelpText(
      'after',
      '\nExamples:\n  twinrtm simulate xu3-default --policy rtm --policy schedutil --json --trace run.jsonl > sim.json\n  twinrtm report sim.json run.rtm.jsonl run.schedutil.jsonl --out report.html\n  twinrtm space --json > space.json && twinrtm report space.json --svg figures\n  twinrtm validate calibration/ncnn/jetson-nano-ncnn.csv --platform jetson-nano --runtime ncnn --json > v.json && twinrtm report v.json --out validate.html',
    )
    .action(async (paths: string[], options: ReportCliOptions) => {
      // Loaded here, not at the top: Vega takes most of a second to import, and every other command
      // would pay for it at start-up.
      const [{ buildReport }, { reportHtml }, { requireChromium, svgToPng }, { toSvg, toVega }] = await Promise.all([
        import('../report/build.js'),
        import('../report/page.js'),
        import('../report/png.js'),
        import('../report/render.js'),
      ]);
      if (options.out === undefined && options.svg === undefined && options.png === undefined)
        throw new InputError('give --out report.html, --svg DIR or --png DIR: the report has nowhere to go');
      // Every refusal before any work: output paths, and Chromium for --png.
      if (options.out !== undefined) checkOutputFile('--out', options.out);
      const chromium = options.png !== undefined ? requireChromium('--png') : null;
      const built = buildReport(paths);
      const report = options.figure === undefined ? built : onlyFigures(built, options.figure);
      for (const note of report.notes) io.err(`twinrtm: note: ${note}\n`);
      const figures = report.sections.flatMap((s) => s.figures);
      if (options.out !== undefined) {
        writeFileAtomic(
          options.out,
          reportHtml(report, {
            title: options.title ?? 'twinrtm report',
            generatedBy: `twinrtm report ${paths.join(' ')}`,
          }),
        );
        io.out(`wrote ${options.out}: ${figures.length} figures in ${report.sections.length} sections\n`);
      }
      if (options.svg !== undefined || options.png !== undefined) {
        if (options.svg !== undefined) makeDirectory('--svg', options.svg);
        if (options.png !== undefined) makeDirectory('--png', options.png);
        // PNGs are drawn from SVG files: the --svg ones, or temporary ones.
        const scratch = options.svg === undefined ? mkdtempSync(join(tmpdir(), 'twinrtm-report-')) : null;
        try {
          for (const f of figures) {
            const svg = await toSvg(toVega(f.spec));
            const svgPath = join(options.svg ?? scratch!, `${f.id}.svg`);
            writeFileAtomic(svgPath, svg);
            if (chromium !== null) svgToPng(chromium, svgPath, svg, join(options.png!, `${f.id}.png`));
          }
        } finally {
          if (scratch !== null) rmSync(scratch, { recursive: true, force: true });
        }
        if (options.svg !== undefined) io.out(`wrote ${figures.length} SVG files to ${options.svg}\n`);
        if (options.png !== undefined) io.out(`wrote ${figures.length} PNG files to ${options.png}\n`);
      }
    });
}
