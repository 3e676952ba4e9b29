/**
 * The report of the default scenario opened in a headless Chromium as a person would open it: no
 * console errors, every figure drawn and not empty, the timeline zooms, and a screenshot that is not
 * blank. Needs Debian's chromium (`npm run test:browser`; .ci/run installs it).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PNG } from 'pngjs';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findChromium } from '../../../cli/report/png.js';
import { run } from '../run.js';

const dir = mkdtempSync(join(tmpdir(), 'twinrtm-report-browser-'));
const screenshot = join(dir, 'report.png');
let browser: Browser;
let page: Page;
const problems: string[] = [];

beforeAll(async () => {
  const chromium = findChromium();
  if (chromium === null) throw new Error('no Chromium on PATH: apt-get install chromium');
  const sim = await run(
    'simulate',
    'scenarios/default.json',
    '--policy',
    'rtm',
    '--policy',
    'schedutil',
    '--json',
    '--trace',
    join(dir, 'run.jsonl'),
  );
  expect(sim.code).toBe(0);
  writeFileSync(join(dir, 'sim.json'), sim.out);
  const space = await run('space', '--json');
  writeFileSync(join(dir, 'space.json'), space.out);
  const report = await run(
    'report',
    join(dir, 'sim.json'),
    join(dir, 'run.rtm.jsonl'),
    join(dir, 'run.schedutil.jsonl'),
    join(dir, 'space.json'),
    '--out',
    join(dir, 'report.html'),
  );
  expect(report.code, report.err).toBe(0);
  browser = await puppeteer.launch({
    executablePath: chromium,
    headless: true,
    args: process.getuid?.() === 0 ? ['--no-sandbox'] : [],
  });
  page = await browser.newPage();
  page.on('console', (m) => void (m.type() === 'error' && problems.push(`console: ${m.text()}`)));
  page.on('pageerror', (e) => void problems.push(`page error: ${(e as Error).message}`));
  page.on(
    'request',
    (r) => void (!r.url().startsWith('file:') && !r.url().startsWith('data:') && problems.push(`network: ${r.url()}`)),
  );
  await page.setViewport({ width: 1300, height: 900 });
  await page.goto(pathToFileURL(join(dir, 'report.html')).href);
  await page.waitForSelector('body[data-figures-drawn]', { timeout: 30_000 });
});

afterAll(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the report of the default scenario in Chromium', () => {
  it('should draw with no console error, no page error and no network request', () => {
    expect(problems).toEqual([]);
  });

  it('should draw every figure, each with marks and a real size', async () => {
    const figures = await page.$$eval('.chart[data-figure]', (els) =>
      els.map((el) => {
        const svg = el.querySelector('svg');
        const box = svg?.getBoundingClientRect();
        return {
          id: el.getAttribute('data-figure'),
          drawn: el.getAttribute('data-drawn'),
          marks: svg?.querySelectorAll('.role-mark path, .role-mark line, .role-mark rect').length ?? 0,
          width: box?.width ?? 0,
          height: box?.height ?? 0,
        };
      }),
    );
    // comparison, two timelines, two space figures.
    expect(figures.map((f) => f.id)).toEqual([
      'comparison-xu3-default',
      'timeline-xu3-default-rtm-twin',
      'timeline-xu3-default-schedutil-twin',
      'pareto-time-energy-odroid-xu3-space',
      'pareto-accuracy-odroid-xu3-space',
    ]);
    for (const f of figures) {
      expect(f.drawn, f.id!).toBe('true');
      expect(f.marks, f.id!).toBeGreaterThan(0);
      expect(f.width, f.id!).toBeGreaterThan(300);
      expect(f.height, f.id!).toBeGreaterThan(200);
    }
  });

  it('should zoom the timeline with the wheel', async () => {
    const chart = await page.$('.chart[data-figure="timeline-xu3-default-rtm-twin"]');
    await chart!.scrollIntoView();
    const labels = () =>
      page.$$eval('.chart[data-figure="timeline-xu3-default-rtm-twin"] .role-axis-label text', (ts) =>
        ts.map((t) => t.textContent).join(' '),
      );
    const before = await labels();
    const box = (await chart!.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + 40);
    await page.mouse.wheel({ deltaY: -600 });
    // A string runs in the page (the test is compiled without the DOM's types).
    await page.waitForFunction(
      `Array.from(document.querySelectorAll('.chart[data-figure="timeline-xu3-default-rtm-twin"] .role-axis-label text')).map((t) => t.textContent).join(' ') !== ${JSON.stringify(before)}`,
      { timeout: 5000 },
    );
    expect(await labels()).not.toBe(before);
  });

  it('should give a screenshot that is not blank', async () => {
    await page.evaluate('window.scrollTo(0, 0)');
    await page.screenshot({ path: screenshot as `${string}.png`, fullPage: true });
    const png = PNG.sync.read(readFileSync(screenshot));
    let sum = 0;
    let sumSq = 0;
    let ink = 0;
    for (let i = 0; i < png.data.length; i += 4) {
      const y = 0.299 * png.data[i]! + 0.587 * png.data[i + 1]! + 0.114 * png.data[i + 2]!;
      sum += y;
      sumSq += y * y;
      if (y < 200) ink++;
    }
    const n = png.data.length / 4;
    const variance = sumSq / n - (sum / n) ** 2;
    // A white page has variance 0; text and plots give hundreds.
    expect(variance).toBeGreaterThan(100);
    expect(ink / n).toBeGreaterThan(0.01);
    expect(png.height).toBeGreaterThan(2000);
  });
});
