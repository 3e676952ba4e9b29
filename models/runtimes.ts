/**
 * Runtime profiles: a layer's speed belongs to a (unit, inference runtime) pair. A unit's `perf` is
 * the block of the runtime it runs by default; `runtimes` holds the others. withRuntime() turns a
 * platform into the same platform running every unit on one runtime, so predict(), the
 * configuration space, the simulator and the policies use it unchanged (and compilePlatform compiles
 * it once, like any platform object).
 */
import { InputError, unknownName } from '../dnn/inputError.js';
import type { LayerKind } from '../dnn/types.js';
import type { PerfParams, Platform, RuntimeName, Unit } from './types.js';

/** Every inference runtime a platform's time profile can describe. */
export const RUNTIME_NAMES: readonly RuntimeName[] = ['ts-engine', 'onnxruntime', 'pytorch', 'ncnn', 'tensorrt'];

/** The runtime a unit's `perf` describes; null when neither the unit nor the platform names one. */
export function ownRuntimeOf(platform: Platform, unit: Unit): RuntimeName | null {
  return unit.runtime ?? platform.defaultRuntime?.name ?? null;
}

/**
 * The runtime of each built-in engine a workload runs (hil's --engine): the TypeScript engine, ONNX
 * Runtime over the per-group files, the PyTorch runner. A trace or sweep that names its engine names
 * the profile the twin should use for it.
 */
export const ENGINE_RUNTIMES: Readonly<Record<'ts' | 'onnx' | 'torch', RuntimeName>> = {
  ts: 'ts-engine',
  onnx: 'onnxruntime',
  torch: 'pytorch',
};

/** The runtimes a unit has a time profile for, its own first. */
export function runtimesOfUnit(platform: Platform, unit: Unit): RuntimeName[] {
  const own = ownRuntimeOf(platform, unit);
  const others = RUNTIME_NAMES.filter((r) => r !== own && unit.runtimes?.[r] !== undefined);
  return own === null ? others : [own, ...others];
}

/** The runtimes any unit of the platform has a profile for, in RUNTIME_NAMES order. */
export function runtimesOf(platform: Platform): RuntimeName[] {
  const all = new Set(platform.units.flatMap((u) => runtimesOfUnit(platform, u)));
  return RUNTIME_NAMES.filter((r) => all.has(r));
}

/** Whether a unit can run the DNN on the platform's chosen runtime (always, when none is chosen). */
export function unitRunsRuntime(platform: Platform, unit: Unit): boolean {
  return platform.runtime === undefined || ownRuntimeOf(platform, unit) === platform.runtime;
}

/**
 * The one-line refusal for a unit that has no profile for a runtime: the platform's chosen one (a
 * platform withRuntime gave), or the one named.
 */
export function missingRuntimeError(
  platform: Platform,
  unit: Unit,
  runtime: RuntimeName | undefined = platform.runtime,
): InputError {
  const able = platform.units.filter((u) => runtime !== undefined && runtimesOfUnit(platform, u).includes(runtime));
  const has = runtimesOfUnit(platform, unit);
  return new InputError(
    `unit ${unit.id} of ${platform.id} has no time profile for runtime ${runtime} (its profiles: ${has.join(', ') || 'unnamed'}; units with one: ${able.map((u) => u.id).join(', ') || 'none'})`,
  );
}

/** Reads a runtime name (`--runtime`); an unknown one is an InputError listing the valid names. */
export function parseRuntime(text: string): RuntimeName {
  if (!(RUNTIME_NAMES as readonly string[]).includes(text)) throw unknownName('runtime', text, RUNTIME_NAMES);
  return text as RuntimeName;
}

const derived = new WeakMap<Platform, Map<RuntimeName, Platform>>();

function swapUnit(platform: Platform, unit: Unit, runtime: RuntimeName): Unit {
  const own = ownRuntimeOf(platform, unit);
  const profile = unit.runtimes?.[runtime];
  if (own === runtime || profile === undefined) return unit;
  const runtimes = { ...unit.runtimes };
  delete runtimes[runtime];
  // checkPlatform guarantees a unit with other profiles names its own, so the swap loses nothing.
  if (own !== null) runtimes[own] = { perf: unit.perf };
  const perf: Record<LayerKind, PerfParams> = profile.perf;
  return { ...unit, perf, runtime, runtimes };
}

/**
 * The platform with every unit on `runtime`: each unit's `perf` is that runtime's block, and a unit
 * without one is kept (for its idle power) but refused as the DNN's unit. Built once per (platform,
 * runtime) object and cached, so a caller may ask for it in a loop.
 * @throws InputError when no unit of the platform has a profile for the runtime
 */
export function withRuntime(platform: Platform, runtime: RuntimeName): Platform {
  if (platform.runtime === runtime) return platform;
  let byName = derived.get(platform);
  const hit = byName?.get(runtime);
  if (hit) return hit;
  if (!platform.units.some((u) => runtimesOfUnit(platform, u).includes(runtime))) {
    const known = runtimesOf(platform);
    throw new InputError(
      `runtime ${runtime}: no unit of ${platform.id} has a time profile for it (profiles: ${known.join(', ') || 'none named'})`,
    );
  }
  const out: Platform = { ...platform, units: platform.units.map((u) => swapUnit(platform, u, runtime)), runtime };
  if (!byName) {
    byName = new Map();
    derived.set(platform, byName);
  }
  byName.set(runtime, out);
  return out;
}
