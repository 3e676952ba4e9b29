import { defineConfig } from 'vitest/config';

/**
 * `npm run test:browser`: the tests that open the report in a headless Chromium (Debian's chromium,
 * found on PATH). Without it they fail with the apt-get line to run; they never skip. `npm test`
 * leaves them out, so it needs Node alone.
 */
export default defineConfig({
  test: {
    include: ['test/**/*.browser.test.ts'],
    // Simulating the default scenario and starting a browser take seconds on a shared machine.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
