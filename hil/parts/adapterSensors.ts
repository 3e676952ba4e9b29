/**
 * A real board's sensors: one adapter telemetry snapshot per read (frequencies, utilisation since
 * the previous read, temperatures, and the rails that have a power sensor).
 */
import type { BoardReading, Sensors } from '../../sim/boardParts.js';
import type { FrequencyReadback } from '../board/frequencyReadback.js';
import type { BoardAdapter, TelemetrySnapshot } from '../types.js';

/** A telemetry snapshot as the board core reads it: only measured rails count as sensors. */
export function readingOf(t: TelemetrySnapshot): BoardReading {
  const railsW: Record<string, number> = {};
  for (const r of t.rails) if (r.source === 'measured') railsW[r.rail] = r.watts;
  return { freqMHz: t.freqMHz, utilisation: t.utilisation, temperatureC: t.temperatureC, railsW };
}

/** A real board's sensors, read through its adapter (see the file's comment). */
export class AdapterSensors implements Sensors {
  /** Read-backs already said, so each is said once. */
  private readonly noted = new Set<string>();

  constructor(
    private readonly adapter: BoardAdapter & { frequencyReadback?(): FrequencyReadback[] },
    private readonly note: (text: string) => void = () => {},
  ) {}

  read(): BoardReading {
    const reading = readingOf(this.adapter.telemetry());
    // A clock the board did not take (a write it refused, a limit that capped it) is worth a line.
    for (const r of this.adapter.frequencyReadback?.() ?? []) {
      if (r.status !== 'differs') continue;
      const key = `${r.unit}|${r.setMHz}|${r.readMHz}`;
      if (this.noted.has(key)) continue;
      this.noted.add(key);
      this.note(
        `${r.unit}: set to ${r.setMHz} MHz, runs at ${r.readMHz} MHz (the kernel refused the write, or a limit such as a thermal trip caps it)`,
      );
    }
    return reading;
  }
}
