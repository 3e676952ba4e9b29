/**
 * runSweep's order of work on a fake container tree with a workload that answers at once: warm-up
 * inferences untimed, each timed inference after the plan's idle gap, rows per repeat.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { networkById } from '../../dnn/builtinNetworks.js';
import { createBoardAdapter, parseBoardProfile } from '../../hil/board/adapter.js';
import { createSysfsRoot } from '../../hil/board/sysfsRoot.js';
import { runSweep, type SweepPlan } from '../../hil/sweep.js';
import { WorkloadProcess } from '../../hil/workload/workloadProcess.js';
import { platformById } from '../../models/builtinPlatforms.js';
import { containerTree, removeTrees, xu3Tree } from './board/fakeTrees.js';

const script = fileURLToPath(new URL('./fixtures/echoWorkload.mjs', import.meta.url));
afterAll(() => removeTrees());

function echo(mode = 'ok'): WorkloadProcess {
  return new WorkloadProcess({ command: [process.execPath, script, mode], stderr: () => {} });
}

describe('runSweep', () => {
  it('should sleep the plan gap before every timed inference, and never before a warm-up one', async () => {
    const adapter = createBoardAdapter(parseBoardProfile('local'), createSysfsRoot(containerTree()));
    const events: string[] = [];
    const lines: string[] = [];
    const plan: SweepPlan = {
      units: ['cpu'],
      groups: [1, 3],
      cores: [1],
      freqMHz: { cpu: [2000] },
      repeat: 2,
      warmup: 1,
      layers: false,
      gapMs: 25,
    };
    const result = await runSweep({
      adapter,
      platform: platformById('host'),
      dnn: networkById('alexnet-cifar10-g4'),
      plan,
      sleep: (ms) => {
        events.push(`sleep ${ms}`);
        return Promise.resolve();
      },
      startWorkload: () => {
        const w = echo();
        const infer = w.infer.bind(w);
        w.infer = (g, layers) => {
          events.push(`infer ${g}`);
          return infer(g, layers);
        };
        return w;
      },
      io: { line: (t) => lines.push(t), progress: () => {} },
    });
    expect(events).toEqual([
      'infer 1',
      'sleep 25',
      'infer 1',
      'sleep 25',
      'infer 1',
      'infer 3',
      'sleep 25',
      'infer 3',
      'sleep 25',
      'infer 3',
    ]);
    expect(result).toEqual({ rows: 4, layerRows: 0, configurations: 2 });
    // The echo workload answers 2 ms per group.
    expect(lines.slice(1).map((l) => l.split(',')[9])).toEqual(['2', '2', '6', '6']);
  });

  it('should refuse a workload that runs fewer threads than the cores it is measured for', async () => {
    const adapter = createBoardAdapter(parseBoardProfile('local'), createSysfsRoot(containerTree()));
    const plan: SweepPlan = {
      units: ['cpu'],
      groups: [1],
      cores: [2],
      freqMHz: { cpu: [2000] },
      repeat: 1,
      warmup: 0,
      layers: false,
      gapMs: 0,
    };
    const sweep = runSweep({
      adapter,
      platform: platformById('host'),
      dnn: networkById('alexnet-cifar10-g4'),
      plan,
      startWorkload: () => echo('onethread'),
      io: { line: () => {}, progress: () => {} },
    });
    await expect(sweep).rejects.toThrow(
      'the workload runs 1 thread where 2 cores are measured (its ready line: one-thread runtime): sweep --cores 1, or run another engine',
    );
  });

  it('should leave the power columns empty with gaps, and fill them back to back', async () => {
    const lines = async (gapMs: number) => {
      const adapter = createBoardAdapter(parseBoardProfile('odroid-xu3'), createSysfsRoot(xu3Tree('vendor')));
      await adapter.ready?.();
      const out: string[] = [];
      const plan: SweepPlan = {
        units: ['a15'],
        groups: [1],
        cores: [1],
        freqMHz: { a15: [1400] },
        repeat: 1,
        warmup: 0,
        layers: false,
        gapMs,
      };
      await runSweep({
        adapter,
        platform: platformById('odroid-xu3'),
        dnn: networkById('alexnet-cifar10-g4'),
        plan,
        sleep: () => Promise.resolve(),
        startWorkload: () => echo(),
        io: { line: (t) => out.push(t), progress: () => {} },
      });
      return out[1]!.split(',').slice(10);
    };
    expect((await lines(0)).every((cell) => cell !== '')).toBe(true);
    expect(await lines(20)).toEqual(['', '', '', '']);
  });
});
