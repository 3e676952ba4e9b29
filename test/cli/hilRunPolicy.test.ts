/**
 * Which policy `twinrtm hil run` accepts: one that a board can run. oracle reads the scenario in
 * advance, which only the simulator can give, so it is refused in one line before any board (local
 * or behind an agent) is touched.
 */
import { describe, it } from 'vitest';
import { builtinPolicies, runsOnBoard } from '../../policies/registry.js';
import { expectOneLineRefusal, run } from './run.js';

const ON_BOARD = builtinPolicies
  .filter(runsOnBoard)
  .map((f) => f.name)
  .join(', ');

describe('twinrtm hil run --policy oracle', () => {
  it('is refused on the local board: it needs foresight, runs only in the simulator, and the line lists what can run', async () => {
    expectOneLineRefusal(
      await run('hil', 'run', 'host-corunner', '--board', 'local', '--policy', 'oracle', '--duration', '1'),
      "policy 'oracle' needs foresight",
      'runs only in the simulator',
      `(on a board: ${ON_BOARD}, or a policy file)`,
    );
  });

  it('is refused for an agent before connecting to it', async () => {
    // Nothing listens on port 9 (discard); the refusal comes first, so no connection error appears.
    expectOneLineRefusal(
      await run('hil', 'run', 'host-corunner', '--agent', 'http://127.0.0.1:9', '--token', 't', '--policy', 'oracle'),
      "policy 'oracle' needs foresight",
    );
  });
});

describe('twinrtm hil run --policy all', () => {
  it('is refused: a board run takes one policy', async () => {
    expectOneLineRefusal(
      await run('hil', 'run', 'host-corunner', '--board', 'local', '--policy', 'all'),
      'hil run runs one policy',
    );
  });
});
