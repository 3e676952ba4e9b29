/**
 * Loads a user policy from a file: a module whose default export is a Policy (or a function that
 * returns one). TypeScript files load through tsx, so users need no build step.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { InputError } from '../dnn/inputError.js';
import { isPolicy } from '../policies/registry.js';
import type { Policy } from '../policies/types.js';

/** A --policy value that names a file rather than a built-in policy. */
export function looksLikePath(value: string): boolean {
  return /[\\/]/.test(value) || /\.(m?[jt]s|cjs|cts|mts)$/.test(value);
}

export async function loadPolicyModule(path: string): Promise<Policy> {
  const absolute = resolve(path);
  if (!existsSync(absolute)) throw new InputError(`policy file ${path} does not exist`);
  let module: Record<string, unknown>;
  try {
    if (/\.(c|m)?ts$/.test(absolute)) {
      const { tsImport } = await import('tsx/esm/api');
      module = (await tsImport(pathToFileURL(absolute).href, import.meta.url)) as Record<string, unknown>;
    } else {
      module = (await import(pathToFileURL(absolute).href)) as Record<string, unknown>;
    }
  } catch (err) {
    throw new InputError(`policy file ${path} failed to load: ${(err instanceof Error ? err.message : String(err)).split('\n')[0]}`);
  }
  let candidate = module['default'];
  if (typeof candidate === 'function' && !isPolicy(candidate)) {
    try {
      candidate = (candidate as () => unknown)();
    } catch (err) {
      throw new InputError(`policy file ${path}: its default export threw: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  if (!isPolicy(candidate)) {
    throw new InputError(`policy file ${path} must default-export a Policy { name: string, reset?(context), decide(observation) } (or a function returning one)`);
  }
  return candidate;
}
