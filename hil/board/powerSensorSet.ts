/**
 * A board's power sensors as one set: started together, ready together, read together. A rail is
 * reported as measured only when its sensor says its value is valid; until then it is pending and
 * left out of the readings, so the runner never takes a zero or stale sample for a measurement.
 */
import type { RailReading } from '../types.js';
import type { PowerSensor } from './powerSensor.js';

/** ready() gives up after this many waits: a clock that never advances would otherwise spin forever. */
const MAX_READY_WAITS = 1000;

/** A board's power sensors as one set (see the file's comment). */
export interface PowerSensorSet {
  /** Starts every sensor (idempotent: a started sensor writes nothing). A failure becomes a note. */
  start(): void;
  /** Forgets that the sensors were started: after a restore put `enable` back, start() re-enables. */
  reset(): void;
  /** Rails whose sensor was started but whose values do not count yet. */
  pendingRails(): string[];
  /** Starts the sensors and resolves once every one gives valid values. */
  ready(sleep: (ms: number) => Promise<void>): Promise<void>;
  /** Every rail with a valid value now, measured. */
  readings(): RailReading[];
  /** Start failures, sensor notes and pending rails, in words. */
  notes(): string[];
}

/** The set of these sensors, none started yet. */
export function createPowerSensorSet(sensors: readonly PowerSensor[]): PowerSensorSet {
  let started = false;
  const failures = new Map<PowerSensor, string>();
  const start = (): void => {
    if (started) return;
    for (const s of sensors) {
      try {
        s.start();
        failures.delete(s);
      } catch (err) {
        // A sensor that cannot be started (EACCES without root) must not stop the run: its rail
        // then reads nothing, and capabilities() says why.
        failures.set(s, `could not start ${s.description}: ${(err as Error).message}: rail ${s.rail} is not measured`);
      }
    }
    started = true;
  };
  const readyInMs = (): number => Math.max(0, ...sensors.map((s) => s.readyInMs()));
  const pending = (): PowerSensor[] => (started ? sensors.filter((s) => s.readyInMs() > 0) : []);

  return {
    start,
    reset() {
      started = false;
    },
    pendingRails: () => pending().map((s) => s.rail),
    async ready(sleep) {
      start();
      for (let waits = 0; ; waits++) {
        const wait = readyInMs();
        if (wait <= 0) return;
        if (waits >= MAX_READY_WAITS)
          throw new Error(`power sensors not ready after ${MAX_READY_WAITS} waits (does the clock advance?)`);
        await sleep(wait);
      }
    },
    readings() {
      return sensors.flatMap((s) => {
        const watts = s.readW();
        return watts === null ? [] : [{ rail: s.rail, watts, source: 'measured' as const }];
      });
    },
    notes() {
      const waiting = pending().map(
        (s) =>
          `${s.rail}: ${s.description}: enabled, not yet valid (${Math.ceil(s.readyInMs())} ms left): await ready() before measuring`,
      );
      return [...failures.values(), ...sensors.flatMap((s) => s.notes()), ...waiting];
    },
  };
}
