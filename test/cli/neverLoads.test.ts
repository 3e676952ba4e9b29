import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { twinrtmCommand } from './sweep/cliProcess.js';

describe('a policy module whose top-level await never settles', () => {
  it('is one line and exit 2, not a silent exit 13', () => {
    const [node, ...args] = twinrtmCommand();
    const fixture = fileURLToPath(new URL('./fixtures/neverLoads.mjs', import.meta.url));
    const r = spawnSync(node!, [...args, 'simulate', '--policy', fixture, '--duration', '1'], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toMatch(
      /^twinrtm: policy file .*neverLoads\.mjs never finished loading: its top-level await does not settle\n$/m,
    );
    expect(r.stdout).toBe('');
  }, 60_000);
});
