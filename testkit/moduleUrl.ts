/**
 * The file URL of one of twinrtm's own modules, for the replay modules a counterexample writes: the
 * compiled .js when twinrtm runs from dist/, the .ts source when it runs from source (tests, tsx).
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * @param fromTestkit - the module's path relative to testkit/, without extension ('../policies/registry')
 */
export function moduleUrl(fromTestkit: string): string {
  const js = new URL(`${fromTestkit}.js`, import.meta.url);
  if (existsSync(fileURLToPath(js))) return js.href;
  return new URL(`${fromTestkit}.ts`, import.meta.url).href;
}
