/**
 * Calibrating one runtime's time profile (`calibrate --runtime NAME`): the fit runs on the platform
 * with the measured units on that runtime (models/runtimes.ts, withRuntime), and what it finds goes
 * back into the platform file as that runtime's block, every other block as it was.
 */
import { InputError } from '../dnn/inputError.js';
import type { LayerKind } from '../dnn/types.js';
import { checkPlatform } from '../models/checkPlatform.js';
import { ownRuntimeOf, withRuntime } from '../models/runtimes.js';
import type { PerfParams, Platform, Provenance, RuntimeName, Unit } from '../models/types.js';

/** Where a block copied from another runtime came from, as a prior (a copy is no longer what its source measured). */
function copiedFrom(block: Provenance, own: RuntimeName, runtime: RuntimeName): string {
  const was =
    block.calibration !== undefined
      ? `calibrated on ${block.calibration.date} from ${block.calibration.rows} rows (data sha256 ${block.calibration.dataSha256.slice(0, 12)}...)`
      : block.source !== undefined
        ? `whose source is: ${block.source}`
        : `whose prior reads: ${block.prior ?? 'none given'}`;
  return `not measured on ${runtime}: a copy of this unit's ${own} block, ${was}`;
}

function copiedPerf(unit: Unit, own: RuntimeName, runtime: RuntimeName): Record<LayerKind, PerfParams> {
  const entries = Object.entries(unit.perf).map(([kind, block]) => {
    const { source: _source, prior: _prior, calibration: _calibration, ...numbers } = block;
    return [kind, { ...numbers, prior: copiedFrom(block, own, runtime) }];
  });
  return Object.fromEntries(entries) as Record<LayerKind, PerfParams>;
}

/**
 * The platform to fit `runtime` on: every unit on that runtime (withRuntime), where each measured
 * unit without a block for it starts from a copy of its own block (marked as a copy).
 * @param measured the ids of the units the measurements are of
 * @throws InputError when a measured unit's own profile is unnamed: the fitted block could not be kept beside it
 */
export function startOnRuntime(platform: Platform, runtime: RuntimeName, measured: readonly string[]): Platform {
  const units = platform.units.map((unit) => {
    const own = ownRuntimeOf(platform, unit);
    if (!measured.includes(unit.id) || own === runtime || unit.runtimes?.[runtime] !== undefined) return unit;
    if (own === null)
      throw new InputError(
        `--runtime ${runtime}: unit ${unit.id} of ${platform.id} has one time profile and no runtime names it (neither its runtime nor the platform's defaultRuntime), so a ${runtime} block cannot be kept beside it: name it in the platform file, or calibrate without --runtime`,
      );
    return { ...unit, runtimes: { ...unit.runtimes, [runtime]: { perf: copiedPerf(unit, own, runtime) } } };
  });
  return withRuntime({ ...platform, units }, runtime);
}

/**
 * The platform file after a fit on `runtime`: `original` with each unit that ran `runtime` in
 * `fitted` (startOnRuntime's platform, fitted) given that block, as its `perf` when `runtime` is its
 * own and under `runtimes[runtime]` otherwise, and with the fitted power (a unit's power model does
 * not depend on the runtime). Every other block is the original's.
 */
export function withFittedRuntime(original: Platform, fitted: Platform, runtime: RuntimeName): Platform {
  const out = structuredClone(original);
  for (const unit of out.units) {
    const f = fitted.units.find((u) => u.id === unit.id)!;
    unit.power = structuredClone(f.power);
    if (ownRuntimeOf(fitted, f) !== runtime) continue;
    const perf = structuredClone(f.perf);
    if (ownRuntimeOf(out, unit) === runtime) unit.perf = perf;
    else unit.runtimes = { ...unit.runtimes, [runtime]: { perf } };
  }
  return checkPlatform(out, `calibrated ${original.id} (runtime ${runtime})`);
}
