import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { outcomeOf, WorkloadExecutor } from '../../../hil/parts/workloadExecutor.js';
import { WorkloadPool } from '../../../hil/workload/workloadPool.js';
import { WorkloadProcess } from '../../../hil/workload/workloadProcess.js';
import type { InferenceOutcome } from '../../../sim/boardParts.js';

const script = fileURLToPath(new URL('../fixtures/echoWorkload.mjs', import.meta.url));

describe("a real board's executor", () => {
  it("should say whether the DNN's class was the label where the workload ran a labelled image", async () => {
    const pool = new WorkloadPool({
      startWorkload: () => new WorkloadProcess({ command: [process.execPath, script, 'labelled'], stderr: () => {} }),
      cpusOf: () => [],
      warmup: 0,
    });
    const executor = new WorkloadExecutor(pool);
    const run = (groups: number) =>
      new Promise<InferenceOutcome>((resolve) => executor.run({ groups, unit: 'a15', cores: 1, freqMHz: {} }, resolve));
    try {
      expect(await run(2)).toEqual({ serviceMs: 1, correct: true });
      expect(await run(3)).toEqual({ serviceMs: 1, correct: false });
    } finally {
      await pool.close();
    }
  });

  it('should report where an anytime inference stopped and how sure it was, never past the limit it was given', () => {
    const config = { groups: 3, confidenceThreshold: 0.9, unit: 'a15', cores: 1, freqMHz: {} };
    expect(outcomeOf({ latencyMs: 4, groupsRun: 2, confidence: 0.95, class: 1, label: 1 }, config)).toEqual({
      serviceMs: 4,
      groups: 2,
      confidence: 0.95,
      correct: true,
    });
    // A workload that ignores the threshold (no groupsRun) ran the limit; one that ran past it is clamped.
    expect(outcomeOf({ latencyMs: 4 }, config)).toEqual({ serviceMs: 4, groups: 3 });
    expect(outcomeOf({ latencyMs: 4, groupsRun: 4 }, config)).toEqual({ serviceMs: 4, groups: 3 });
    // A fixed-g inference keeps its configuration's groups: the record takes them from it.
    expect(
      outcomeOf({ latencyMs: 4, groupsRun: 1, confidence: 0.5 }, { ...config, confidenceThreshold: undefined }),
    ).toEqual({ serviceMs: 4, confidence: 0.5 });
    expect(outcomeOf({ error: 'x' }, config)).toEqual({ error: 'x' });
  });
});
