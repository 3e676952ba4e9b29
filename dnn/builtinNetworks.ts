/**
 * The networks that ship with twinrtm, looked up by id.
 */
import { unknownName } from './inputError.js';
import alexnetCifar10G4Cumulative from './networks/alexnet-cifar10-g4-cumulative.json' with { type: 'json' };
import alexnetCifar10G4 from './networks/alexnet-cifar10-g4.json' with { type: 'json' };
import { resolveNetwork } from './resolveNetwork.js';
import type { Dnn } from './types.js';

/** Id of the network used when none is named: the seed work's AlexNet-style CIFAR-10 network, G = 4. */
export const DEFAULT_DNN_ID = 'alexnet-cifar10-g4';

const SOURCES: readonly { file: string; spec: unknown }[] = [
  { file: 'dnn/networks/alexnet-cifar10-g4.json', spec: alexnetCifar10G4 },
  { file: 'dnn/networks/alexnet-cifar10-g4-cumulative.json', spec: alexnetCifar10G4Cumulative },
];

// Resolved on first use, not on import: importing the package has no side effects.
let resolved: readonly Dnn[] | undefined;

/**
 * Every built-in network, resolved once on first call; the default network comes first.
 *
 * @returns the same frozen array of frozen Dnns on every call
 * @throws DataFileError if a shipped file is broken (a packaging defect, caught by the tests)
 */
export function builtinNetworks(): readonly Dnn[] {
  resolved ??= Object.freeze(SOURCES.map(({ file, spec }) => resolveNetwork(spec, `built-in network file ${file}`)));
  return resolved;
}

/**
 * The built-in network with this id.
 *
 * @param id - e.g. 'alexnet-cifar10-g4'
 * @returns the resolved network (the same object on every call, so cost memos hit)
 * @throws InputError "unknown dnn 'x' (valid: ...)" listing the built-in ids
 */
export function networkById(id: string): Dnn {
  const all = builtinNetworks();
  const found = all.find((dnn) => dnn.id === id);
  if (found === undefined)
    throw unknownName(
      'dnn',
      id,
      all.map((dnn) => dnn.id),
    );
  return found;
}
