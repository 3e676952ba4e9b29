import { defineConfig } from 'vitest/config';

/**
 * `npm run test:train`: the tests that need /usr/bin/python3 with Debian's python3-torch and
 * dataset-fashion-mnist (the trainer's unittest suite, `twinrtm train`). Without them they fail, with
 * the apt-get line to run; they never skip.
 */
export default defineConfig({
  test: {
    include: ['test/**/*.torch.test.ts'],
    // Training runs for minutes; each test sets its own limit, this is the floor.
    testTimeout: 60_000,
  },
});
