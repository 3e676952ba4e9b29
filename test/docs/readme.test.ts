/**
 * The README cannot rot: every command of its tour runs (in a scratch folder, with the governor the
 * README shows written there), and every output it shows under an `<!-- output of: COMMAND -->`
 * marker is what the command prints now, as SimPy's docs run their examples against recorded output.
 */
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../cli/main.js';

const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const PACKAGE = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
  scripts: Record<string, string>;
};

/** The text of a `## heading` section, up to the next `## `. */
function section(heading: string): string {
  const start = README.indexOf(`\n## ${heading}\n`);
  if (start < 0) throw new Error(`README has no section "## ${heading}"`);
  const end = README.indexOf('\n## ', start + 1);
  return README.slice(start, end < 0 ? undefined : end);
}

/** The fenced code blocks of a text with their info string and what precedes them. */
function blocks(text: string): { info: string; body: string; before: string }[] {
  const found: { info: string; body: string; before: string }[] = [];
  const fence = /^```(\w*)\n([\s\S]*?)^```$/gm;
  for (const m of text.matchAll(fence))
    found.push({ info: m[1]!, body: m[2]!, before: text.slice(Math.max(0, m.index! - 300), m.index) });
  return found;
}

/** Splits a command line into words (single and double quotes group; no other shell syntax). */
function words(line: string): string[] {
  const out: string[] = [];
  for (const m of line.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)) out.push(m[1] ?? m[2] ?? m[3]!);
  return out;
}

/** The `npx twinrtm ...` commands of a shell block, `&&` chains split, comments dropped. */
function tourCommands(body: string): string[][] {
  const commands: string[][] = [];
  for (const raw of body.split('\n')) {
    const line = raw.replace(/\s+#.*$/, '').trim();
    if (line === '') continue;
    for (const part of line.split('&&')) {
      const argv = words(part.trim());
      expect(argv.slice(0, 2), `a tour line that is not a twinrtm command: ${raw}`).toEqual(['npx', 'twinrtm']);
      commands.push(argv.slice(2));
    }
  }
  return commands;
}

async function twinrtm(argv: readonly string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, {
    out: (s) => {
      out += s;
    },
    err: (s) => {
      err += s;
    },
  });
  return { code, out, err };
}

let scratch: string;
let cwd: string;
beforeAll(() => {
  cwd = process.cwd();
  scratch = mkdtempSync(join(tmpdir(), 'twinrtm-readme-'));
  // The tour runs where a user would: beside the project's scenario files, with their own governor.
  symlinkSync(join(ROOT, 'scenarios'), join(scratch, 'scenarios'));
  const governor = blocks(section('Policies')).find((b) => b.info === 'ts' && /my-governor\.ts/.test(b.before));
  if (!governor) throw new Error('README "Policies" shows no governor in a ts block after a mention of my-governor.ts');
  writeFileSync(join(scratch, 'my-governor.ts'), governor.body);
  process.chdir(scratch);
});
afterAll(() => {
  process.chdir(cwd);
  rmSync(scratch, { recursive: true, force: true });
});

describe('the README tour', () => {
  const tour = blocks(section('A tour of the commands')).filter((b) => b.info === 'sh');
  const commands = tour.flatMap((b) => tourCommands(b.body));

  it('has commands', () => {
    expect(commands.length).toBeGreaterThan(10);
  });

  // In order: later commands read what earlier ones wrote (sweep.csv, the calibrated platform, a trace).
  it.each(commands.map((argv) => [argv.join(' '), argv]))(
    'runs `twinrtm %s`',
    async (_line, argv) => {
      const r = await twinrtm(argv as string[]);
      expect(r.err).not.toMatch(/internal error/);
      expect(r.code, r.err).toBe(0);
      expect(r.out.length).toBeGreaterThan(0);
    },
    300_000,
  );
});

describe('the outputs the README shows', () => {
  const shown = [...README.matchAll(/<!-- output of: (.+?) -->\n```\w*\n([\s\S]*?)^```$/gm)].map((m) => ({
    command: m[1]!,
    text: m[2]!,
  }));

  it('shows at least the main job and a prediction', () => {
    expect(shown.map((s) => s.command)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^npm start/), expect.stringMatching(/^npx twinrtm predict/)]),
    );
  });

  it.each(shown.map((s) => [s.command, s.text]))(
    'prints what README shows for `%s`',
    async (command, text) => {
      const npmStart = command.startsWith('npm start');
      const line = npmStart ? PACKAGE.scripts.start!.replace(/^node bin\/twinrtm\.js /, 'npx twinrtm ') : command;
      const r = await twinrtm(words(line).slice(2));
      expect(r.code, r.err).toBe(0);
      // npm prints its own header before the script: the package and the script as package.json has them.
      const printed = npmStart
        ? `> ${PACKAGE.name}@${PACKAGE.version} start\n> ${PACKAGE.scripts.start}\n\n${r.err}${r.out}`
        : r.out;
      expect(comparable(printed, text)).toEqual(comparable(text, text));
    },
    60_000,
  );
});

/**
 * The lines of an output as the README can promise them: wall-clock columns (a table's "decide us"
 * and "wall ms") blanked, and only as many lines as the README shows when it ends with "...".
 */
function comparable(output: string, shownText: string): string[] {
  const shownLines = shownText.replace(/\n$/, '').split('\n');
  const truncated = shownLines.at(-1) === '...';
  const lines = output.replace(/\n$/, '').split('\n');
  const kept = truncated ? lines.slice(0, shownLines.length - 1) : lines;
  return kept.map((l) => (/^\S/.test(l) && /\d+\.\d\/\d+\.\d\s+\d+$/.test(l) ? l.replace(/\s+\S+\s+\S+$/, '') : l));
}
