import { defineConfig } from 'vitest/config';

/**
 * `npm run test:rtapp`: the tests that read Debian's rt-app package (its example workloads). Without
 * it they fail with the apt-get line to run; they never skip. `npm test` leaves them out, so it needs
 * Node alone.
 */
export default defineConfig({
  test: {
    include: ['test/**/*.rtapp.test.ts'],
    testTimeout: 60_000,
  },
});
