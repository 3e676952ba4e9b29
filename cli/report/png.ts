/**
 * PNG files of the figures, drawn by a headless Chromium from their SVGs: Chromium's text and
 * antialiasing are what a reader's browser shows. Only where Chromium is installed; npm test never
 * needs it.
 */
import { spawnSync } from 'node:child_process';
import { renameSync, rmSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { InputError } from '../../dnn/inputError.js';
import { findProgram } from '../findProgram.js';

const NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];

/** The first Chromium on PATH, or null. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | null {
  return findProgram(NAMES, env);
}

export function requireChromium(option: string): string {
  const found = findChromium();
  if (found === null)
    throw new InputError(
      `${option} needs a headless Chromium and none is on PATH (${NAMES.join(', ')}); install one (Debian: apt-get install chromium) or use --svg`,
    );
  return found;
}

/** Size of an SVG's root element, px. */
function svgSize(svg: string): { width: number; height: number } {
  const root = /<svg\b[^>]*>/.exec(svg)?.[0] ?? '';
  const num = (name: string) => Number(new RegExp(`\\b${name}="([0-9.]+)"`).exec(root)?.[1] ?? NaN);
  const width = num('width');
  const height = num('height');
  return {
    width: Number.isFinite(width) ? Math.ceil(width) : 1000,
    height: Number.isFinite(height) ? Math.ceil(height) : 800,
  };
}

/** Writes `png` from the SVG file `svgPath` at twice its size (sharp in a paper). */
export function svgToPng(chromium: string, svgPath: string, svg: string, png: string): void {
  const { width, height } = svgSize(svg);
  const temporary = join(dirname(png), `.${basename(png)}.${process.pid}.tmp.png`);
  const args = [
    '--headless',
    '--disable-gpu',
    '--hide-scrollbars',
    // Chromium refuses to run as root with its sandbox; the page is our own SVG file.
    ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
    '--force-device-scale-factor=2',
    `--window-size=${width},${height}`,
    `--screenshot=${resolve(temporary)}`,
    pathToFileURL(resolve(svgPath)).href,
  ];
  const r = spawnSync(chromium, args, { encoding: 'utf8', timeout: 60_000 });
  if (r.status !== 0) {
    rmSync(temporary, { force: true });
    throw new Error(
      `${chromium} could not draw ${svgPath}: ${r.error?.message ?? (r.stderr.trim().split('\n').at(-1) || `exit ${r.status}`)}`,
    );
  }
  renameSync(temporary, png);
}
