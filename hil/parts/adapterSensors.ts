/**
 * A real board's sensors: one adapter telemetry snapshot per read (frequencies, utilisation since
 * the previous read, temperatures, and the rails that have a power sensor).
 */
import type { BoardReading, Sensors } from '../../sim/boardParts.js';
import type { BoardAdapter, TelemetrySnapshot } from '../types.js';

/** A telemetry snapshot as the board core reads it: only measured rails count as sensors. */
export function readingOf(t: TelemetrySnapshot): BoardReading {
  const railsW: Record<string, number> = {};
  for (const r of t.rails) if (r.source === 'measured') railsW[r.rail] = r.watts;
  return { freqMHz: t.freqMHz, utilisation: t.utilisation, temperatureC: t.temperatureC, railsW };
}

export class AdapterSensors implements Sensors {
  constructor(private readonly adapter: BoardAdapter) {}

  read(): BoardReading {
    return readingOf(this.adapter.telemetry());
  }
}
