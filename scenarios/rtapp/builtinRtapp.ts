/**
 * The rt-app workloads that ship with twinrtm (scenarios/rtapp/builtin/), by name. They are twinrtm's
 * own, described in words in each file: Debian's rt-app examples are GPL-2.0, so none is copied here.
 * Stored as plain JSON so the build carries them into dist/; the text handed to the reader (and, on a
 * board, to rt-app) is that JSON written out again.
 */
import browser from './builtin/browser.json' with { type: 'json' };
import mp3 from './builtin/mp3.json' with { type: 'json' };
import video from './builtin/video.json' with { type: 'json' };

const BUILTIN: Readonly<Record<string, unknown>> = { browser, mp3, video };

/** Names of the built-in rt-app workloads. */
export function builtinRtappNames(): string[] {
  return Object.keys(BUILTIN);
}

/**
 * The text of a built-in rt-app workload, or null when `name` is none of them.
 * @example builtinRtappText('mp3') // '{\n  "description": "An MP3 player, ...'
 */
export function builtinRtappText(name: string): string | null {
  const data = Object.hasOwn(BUILTIN, name) ? BUILTIN[name] : undefined;
  return data === undefined ? null : `${JSON.stringify(data, null, 2)}\n`;
}

/** The name a built-in workload goes by in errors and notes. */
export function builtinRtappFile(name: string): string {
  return `built-in rt-app workload ${name}`;
}
