import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Tests that need Debian's PyTorch (*.torch.test.ts) run with `npm run test:train`
    // (vitest.train.config.ts), those that need Chromium (*.browser.test.ts) with `npm run
    // test:browser` (vitest.browser.config.ts), those that read Debian's rt-app (*.rtapp.test.ts)
    // with `npm run test:rtapp`, so `npm test` passes on a machine with Node alone.
    exclude: ['**/node_modules/**', 'test/**/*.torch.test.ts', 'test/**/*.browser.test.ts', 'test/**/*.rtapp.test.ts'],
    // Property tests run hundreds of predictions; the default 5 s is tight on a shared 2-core machine.
    testTimeout: 30_000,
    // Vitest's default is one worker fewer than the cores, so one file at a time on a 2-core machine;
    // many files spend their time waiting on processes they spawn (CLI, emulators, workloads), during
    // which a second file can run.
    maxWorkers: Math.max(2, availableParallelism() - 1),
  },
});
