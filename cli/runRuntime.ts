/**
 * The twin for a run whose inference runtime is known (hil run, hil compare): the platform on that
 * runtime's time profiles when every unit that matters has one, else the platform as it is, with a
 * note naming the units that lack one. Not a refusal: the default workload (ONNX Runtime) on a
 * platform with only another runtime's priors (the host's ts-engine) is the README's first hil run,
 * and the sweep that would calibrate the missing profile runs through the same path.
 */
import { runtimesOfUnit, withRuntime } from '../models/runtimes.js';
import type { Platform, RuntimeName } from '../models/types.js';

export interface RunPlatform {
  /** The platform the twin predicts with: on `runtime` (withRuntime), or unchanged when a unit lacks it. */
  platform: Platform;
  /** The runtime whose profiles `platform` uses; null: each unit's own. */
  runtime: RuntimeName | null;
  /** Why the runtime asked for is not used, in words; null when it is (or none was asked for). */
  missing: string | null;
}

/**
 * @param runtime the run's runtime (null: unknown, and the platform is used as it is)
 * @param unitIds the units that must have a profile for it (those the DNN may run or ran on)
 */
export function runPlatform(platform: Platform, runtime: RuntimeName | null, unitIds: readonly string[]): RunPlatform {
  if (runtime === null) return { platform, runtime: null, missing: null };
  const lacking = platform.units.filter(
    (u) => unitIds.includes(u.id) && !runtimesOfUnit(platform, u).includes(runtime),
  );
  if (lacking.length === 0) return { platform: withRuntime(platform, runtime), runtime, missing: null };
  const list = lacking.map((u) => `${u.id} (profiles: ${runtimesOfUnit(platform, u).join(', ') || 'unnamed'})`);
  const priors = lacking.some((u) => u.perf.conv.calibration === undefined) ? ', priors for another runtime' : '';
  return {
    platform,
    runtime: null,
    missing: `${platform.id} has no ${runtime} time profile for ${list.join(', ')}: the twin times the DNN with each unit's own profile${priors}`,
  };
}

/** What to do about a missing profile: calibrate one for the runtime and give the file. */
export function calibrateAdvice(runtime: RuntimeName): string {
  return `calibrate one (twinrtm hil sweep, then twinrtm calibrate --runtime ${runtime}) and pass --platform-file`;
}

/** hil run's note for a workload on a runtime the platform lacks a profile for (null when it has one). */
export function runNote(runtime: RuntimeName | null, on: RunPlatform): string | null {
  return runtime === null || on.missing === null
    ? null
    : `the DNN runs on ${runtime}, and ${on.missing}; to compare with the twin, ${calibrateAdvice(runtime)}`;
}
