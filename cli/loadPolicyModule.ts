/**
 * Loads a user policy from a file anywhere on disk: .ts, .mts, .cts, .js, .mjs or .cjs, in a folder
 * with or without a package.json, written as an ES module or as CommonJS. Every file goes through
 * tsx, so TypeScript needs no build step and a file's module system is whatever Node would give it.
 * Every failure is one InputError naming the file.
 */
import { existsSync, statSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { InputError } from '../dnn/inputError.js';
import type { Policy } from '../policies/types.js';
import { causeLine } from './causeLine.js';
import { withWarningsHeld } from './holdWarnings.js';
import { policyFromModule, type ModuleNamespace } from './policyFromModule.js';

/** The extensions a policy file may have. */
export const POLICY_EXTENSIONS: readonly string[] = ['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs'];

const EXPECTED_FILE = 'a .ts, .mts, .cts, .js, .mjs or .cjs file';
const CONTRACT =
  'a default export or module.exports that is a Policy { name, decide(observation) }, a function returning one, or a Policy class';

/** A --policy value that names a file rather than a built-in policy. */
export function looksLikePath(value: string): boolean {
  return /[\\/]/.test(value) || POLICY_EXTENSIONS.includes(extname(value));
}

/** Refuses a path that is not a module file, with the likely intended file when the user left off the extension. */
function checkFile(path: string, absolute: string): void {
  if (!existsSync(absolute)) {
    const sibling = extname(absolute) === '' ? POLICY_EXTENSIONS.find((ext) => existsSync(absolute + ext)) : undefined;
    throw new InputError(`policy file ${path} does not exist${sibling ? ` (did you mean ${path}${sibling}?)` : ''}`);
  }
  if (statSync(absolute).isDirectory())
    throw new InputError(`policy file ${path} is a directory; expected ${EXPECTED_FILE}`);
  if (!POLICY_EXTENSIONS.includes(extname(absolute)))
    throw new InputError(`policy file ${path} is not a module; expected ${EXPECTED_FILE}`);
}

/**
 * The policy with its reset() failures made the user's: a governor that refuses a platform or a
 * scenario is a one-line refusal naming the file, not an internal error of twinrtm. decide() needs
 * no guard: the loop counts a throwing decide() as a rejected decision.
 */
function guardReset(policy: Policy, path: string): Policy {
  const reset = policy.reset;
  if (reset === undefined) return policy;
  return {
    name: policy.name,
    reset(context) {
      try {
        reset.call(policy, context);
      } catch (err) {
        if (err instanceof InputError) throw err;
        throw new InputError(`policy file ${path}: reset() threw: ${causeLine(err)}`, { cause: err });
      }
    },
    decide: (observation) => policy.decide(observation),
  };
}

/** Imports a module file through tsx (a fresh copy each time, so edits between runs are seen). */
async function importModule(absolute: string): Promise<ModuleNamespace> {
  const { tsImport } = await import('tsx/esm/api');
  return (await tsImport(pathToFileURL(absolute).href, import.meta.url)) as ModuleNamespace;
}

/**
 * An import that says so when it can never finish: a module whose top-level await never settles
 * leaves the process nothing to run, and Node would exit 13 without a word. When the event loop
 * empties with the import still pending, one line and exit 2.
 */
async function settling(shown: string, load: () => Promise<ModuleNamespace>): Promise<ModuleNamespace> {
  const stuck = () => {
    process.stderr.write(`twinrtm: policy file ${shown} never finished loading: its top-level await does not settle\n`);
    process.exit(2);
  };
  process.once('beforeExit', stuck);
  try {
    return await load();
  } finally {
    process.off('beforeExit', stuck);
  }
}

/** The namespace of a file, imported once per thread and kept (loadPolicyModule with `cached`). */
const cachedModules = new Map<string, Promise<ModuleNamespace>>();

/**
 * The Policy a file provides; `path` is as the user typed it, for the messages.
 *
 * @param options.cached - import the file once per thread and keep it (a sweep's worker runs many
 *   runs of one file: importing afresh per run would cost tens of ms and keep a copy of the module
 *   per run). A file whose default export is a factory or a class still gives a fresh Policy per call.
 * @param options.shownAs - the file as messages name it, when `path` is not as the user wrote it (a
 *   sweep's worker gets an absolute path; its error lines name the file as the matrix does)
 */
export async function loadPolicyModule(
  path: string,
  options: { cached?: boolean; shownAs?: string } = {},
): Promise<Policy> {
  const absolute = resolve(path);
  const shown = options.shownAs ?? path;
  checkFile(shown, absolute);
  let namespace: ModuleNamespace;
  try {
    if (options.cached === true) {
      let loading = cachedModules.get(absolute);
      if (loading === undefined) {
        loading = settling(shown, () => withWarningsHeld(() => importModule(absolute)));
        cachedModules.set(absolute, loading);
        // A failed import is not kept: the next call tries again (and says why again).
        loading.catch(() => cachedModules.delete(absolute));
      }
      namespace = await loading;
    } else namespace = await settling(shown, () => withWarningsHeld(() => importModule(absolute)));
  } catch (err) {
    throw new InputError(`policy file ${shown} failed to load: ${causeLine(err)}`, { cause: err });
  }
  const found = policyFromModule(namespace);
  if ('problem' in found)
    throw new InputError(`policy file ${shown} exports no Policy: ${found.problem} (expected ${CONTRACT})`);
  return guardReset(found.policy, shown);
}
