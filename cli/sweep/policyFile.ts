/**
 * A policy file in a sweep's worker: imported once per worker and asked for a Policy per run, so a
 * file whose default export is a factory or a class gives every run a fresh instance (the usual way to
 * write one; see README Policies), and a file that exports a Policy object gives the same object, which
 * the simulator resets before each run as the test kit does. Importing afresh per run, as `simulate`
 * does for its one run, would cost tens of ms and keep a copy of the module per run. The sweep has
 * checked each file with loadPolicyModule before starting, so failures here are the run's.
 */
import { pathToFileURL } from 'node:url';
import { InputError } from '../../dnn/inputError.js';
import type { Policy } from '../../policies/types.js';
import { withWarningsHeld } from '../holdWarnings.js';
import { policyFromModule, type ModuleNamespace } from '../policyFromModule.js';

const modules = new Map<string, Promise<ModuleNamespace>>();

async function importOnce(absolute: string): Promise<ModuleNamespace> {
  let loading = modules.get(absolute);
  if (loading === undefined) {
    loading = withWarningsHeld(async () => {
      const { tsImport } = await import('tsx/esm/api');
      return (await tsImport(pathToFileURL(absolute).href, import.meta.url)) as ModuleNamespace;
    });
    modules.set(absolute, loading);
  }
  return loading;
}

/** The Policy of a policy file (absolute path) for one run. */
export async function policyFromFile(absolute: string): Promise<Policy> {
  const found = policyFromModule(await importOnce(absolute));
  if ('problem' in found) throw new InputError(`policy file ${absolute} exports no Policy: ${found.problem}`);
  return found.policy;
}
