/**
 * Runs the examples' own test files (every *.test.ts under examples/) as a user's repository would
 * run them, against the package by its public name: `npx vitest run --root examples` from the
 * repository root.
 * The project's suite (vitest.config.ts, test/) runs them too, through test/examples/.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  test: {
    include: ['**/*.test.ts'],
    // The test kit runs whole simulations per case: more than the default 5 s on a small machine.
    testTimeout: 30_000,
  },
});
