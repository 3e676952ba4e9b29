/** Issue 19, item 4: the emulator's tick is a timer, refused outside what Node's timers keep. */
import { describe, expect, it } from 'vitest';
import { startEmulator } from '../../../hil/emulator/emulator.js';
import { makeRoot, removeTrees } from '../board/fakeTrees.js';

describe('emulate --tick-ms', () => {
  it.each([0.001, 0, 5000, Number.NaN])('should refuse %d, naming the bound', async (tickMs) => {
    await expect(startEmulator({ board: 'odroid-xu3', root: makeRoot(), tickMs })).rejects.toThrow(
      /--tick-ms .* must be 1\.\.1000 ms/,
    );
    removeTrees();
  });
});
