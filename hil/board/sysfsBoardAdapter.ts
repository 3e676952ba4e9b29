/**
 * The board adapter of hil/board: the BoardAdapter of hil/types.ts plus the checks a sysfs board
 * (real or emulated) needs before and during a run: waiting for its power sensors, and whether
 * each unit took the frequency it was given.
 */
import type { BoardAdapter } from '../types.js';
import type { FrequencyReadback } from './frequencyReadback.js';

/** A {@link BoardAdapter} on sysfs (real or emulated), with the sensor wait and the frequency read-back. */
export interface SysfsBoardAdapter extends BoardAdapter {
  /**
   * Starts the power sensors (writes the XU3's INA231 `enable`: call save() first) and resolves
   * once every sensor's readings count as measured: one update period after a fresh INA231 enable,
   * at once for the others. Await it before a run's clock starts, as the workload warm-up is.
   * @throws Error only when the injected clock never advances
   */
  ready(): Promise<void>;
  /** Rails whose sensor is started but not yet valid; telemetry() leaves them out until then. */
  pendingRails(): string[];
  /**
   * For every unit set through setFrequencyMHz since the adapter was created (or last restored):
   * whether the frequency read back matches once the unit's transition latency (at least
   * AdapterOptions.readbackSettleMs) has passed. 'differs' means a refused or capped frequency.
   */
  frequencyReadback(): FrequencyReadback[];
}
