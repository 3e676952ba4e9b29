/**
 * What a policy is handed is its to read, not to change: the run keeps its own objects, and the
 * policy sees copies or frozen objects (a write to a frozen one throws in strict code and is ignored
 * in sloppy code; a write to a copy changes only the copy), so the run goes on as it would have. The
 * telemetry is the observation's own too: the run reads it before the policy sees it (sensors.ts),
 * and where observations share a read each has a copy.
 */
import type { Configuration } from '../models/types.js';
import type { Telemetry } from '../policies/types.js';
import type { TelemetrySource } from './observation.js';
import { recordCopier } from './recordMaker.js';

/**
 * A copy of a configuration (its freqMHz too) for a policy to read: a copy, not a frozen object,
 * because configurations change thousands of times an hour under the load-following governors and
 * freezing each cost more than the governors' own work; writing to it changes only the copy.
 */
export function configCopy(config: Configuration): Configuration {
  let copy = copiers.get(config);
  if (copy === undefined) {
    copy = copierOf(config);
    copiers.set(config, copy);
  }
  return copy(config);
}

/**
 * How each configuration the run holds is copied: a spread's copy, made by literals compiled for its
 * keys and its clocks' keys. The run's configurations are its own and never change, and a governor
 * moves between the same few thousands of times an hour; V8 copied them by spreading through its
 * generic path (their clocks share a shape with records of fractional watts): about 4 % of a
 * schedutil hour (BENCHMARKS.md).
 */
const copiers = new WeakMap<Configuration, (config: Configuration) => Configuration>();

function copierOf(config: Configuration): (config: Configuration) => Configuration {
  const spread = (c: Configuration): Configuration => ({ ...c, freqMHz: { ...c.freqMHz } });
  // Symbol keys, which a spread also copies, and anything a literal cannot spell are left to it.
  if (Object.getOwnPropertySymbols(config).length > 0 || Object.getOwnPropertySymbols(config.freqMHz).length > 0)
    return spread;
  const outer = recordCopier(Object.keys(config));
  const inner = recordCopier(Object.keys(config.freqMHz));
  if (outer === null || inner === null) return spread;
  return (c) => {
    const copy = outer(c) as unknown as Configuration;
    copy.freqMHz = inner(c.freqMHz) as Record<string, number>;
    return copy;
  };
}

/** A copy of a read's telemetry: its records and each unit's readings copied. */
export function telemetryCopy(t: Telemetry): Telemetry {
  const units: Telemetry['units'] = {};
  for (const id of Object.keys(t.units)) units[id] = { ...t.units[id]! };
  return { units, powerByRailW: { ...t.powerByRailW }, powerW: t.powerW };
}

/**
 * One observation's own telemetry of a read that several observations share: a copy, made when the
 * policy first asks for it (the read's own telemetry is never handed out, so what one observation's
 * policy writes, the next does not see).
 */
export class OwnTelemetry implements TelemetrySource {
  private copy: Telemetry | null = null;

  constructor(private readonly read: TelemetrySource) {}

  get telemetry(): Telemetry {
    this.copy ??= telemetryCopy(this.read.telemetry);
    return this.copy;
  }
}
