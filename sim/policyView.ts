/**
 * What a policy is handed is its to read, not to change: the run keeps its own objects, and the
 * policy sees copies or frozen objects (a write to a frozen one throws in strict code and is ignored
 * in sloppy code; a write to a copy changes only the copy), so the run goes on as it would have. The
 * telemetry is the observation's own, read by the run before the policy sees it, and frozen as it is
 * made where a read is shared by several observations (sensors.ts).
 */
import type { Configuration } from '../models/types.js';

/**
 * A copy of a configuration (its freqMHz too) for a policy to read: a copy, not a frozen object,
 * because configurations change thousands of times an hour under the load-following governors and
 * freezing each cost more than the governors' own work; writing to it changes only the copy.
 */
export function configCopy(config: Configuration): Configuration {
  return { ...config, freqMHz: { ...config.freqMHz } };
}
