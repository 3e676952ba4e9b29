/**
 * runPlatform (cli/runRuntime.ts): the twin for a run on a known runtime is the platform on that
 * runtime only when every unit that matters has a profile for it; otherwise the platform as it is,
 * with the units that lack one named.
 */
import { describe, expect, it } from 'vitest';
import { runNote, runPlatform } from '../../cli/runRuntime.js';
import { platformById } from '../../models/builtinPlatforms.js';

describe('runPlatform', () => {
  const xu3 = platformById('odroid-xu3');

  it('should leave the platform as it is for an unknown runtime', () => {
    expect(runPlatform(xu3, null, ['a7', 'a15'])).toEqual({ platform: xu3, runtime: null, missing: null });
  });

  it('should put the platform on the runtime when every unit named has a profile for it', () => {
    // The A7 has an ncnn block: a run on the A7 alone can use it.
    const on = runPlatform(xu3, 'ncnn', ['a7']);
    expect(on.runtime).toBe('ncnn');
    expect(on.missing).toBeNull();
    expect(on.platform.runtime).toBe('ncnn');
    expect(on.platform.units.find((u) => u.id === 'a7')!.perf).toEqual(
      xu3.units.find((u) => u.id === 'a7')!.runtimes!.ncnn!.perf,
    );
  });

  it('should keep the own profiles, naming each unit without one, when a unit lacks it', () => {
    const on = runPlatform(xu3, 'ncnn', ['a7', 'a15']);
    expect(on.platform).toBe(xu3);
    expect(on.runtime).toBeNull();
    expect(on.missing).toMatch(/^odroid-xu3 has no ncnn time profile for a15 \(profiles: onnxruntime\): /);
    expect(on.missing).not.toContain('a7 (');
    expect(runNote('ncnn', on)).toBe(
      `the DNN runs on ncnn, and ${on.missing}; to compare with the twin, calibrate one (twinrtm hil sweep, then twinrtm calibrate --runtime ncnn) and pass --platform-file`,
    );
    expect(runNote('ncnn', runPlatform(xu3, 'ncnn', ['a7']))).toBeNull();
  });
});
