import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { WorkloadExecutor } from '../../../hil/parts/workloadExecutor.js';
import { WorkloadPool } from '../../../hil/workload/workloadPool.js';
import { WorkloadProcess } from '../../../hil/workload/workloadProcess.js';
import type { InferenceOutcome } from '../../../sim/boardParts.js';

const script = fileURLToPath(new URL('../fixtures/echoWorkload.mjs', import.meta.url));

describe("a real board's executor", () => {
  it("should say whether the DNN's class was the label where the workload ran a labelled image", async () => {
    const pool = new WorkloadPool({ startWorkload: () => new WorkloadProcess({ command: [process.execPath, script, 'labelled'], stderr: () => {} }), cpusOf: () => [], warmup: 0 });
    const executor = new WorkloadExecutor(pool);
    const run = (groups: number) => new Promise<InferenceOutcome>((resolve) => executor.run({ groups, unit: 'a15', cores: 1, freqMHz: {} }, resolve));
    try {
      expect(await run(2)).toEqual({ serviceMs: 1, correct: true });
      expect(await run(3)).toEqual({ serviceMs: 1, correct: false });
    } finally {
      await pool.close();
    }
  });
});
