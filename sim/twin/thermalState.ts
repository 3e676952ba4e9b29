/**
 * The twin's die temperatures and the kernel's thermal trips: each unit follows its first-order RC
 * model (models/thermalRc.ts, solved exactly over any step) at the power it draws; at each check, as
 * the kernel's thermal polling, the hottest trip reached caps every unit's clock.
 */
import type { CompiledPlatform } from '../../models/compilePlatform.js';
import { highestAtOrBelow, thermalCapMHz } from '../../models/thermalCapMHz.js';
import { steadyStateC, stepTemperatureC } from '../../models/thermalRc.js';
import { recordMaker, type RecordMaker } from '../recordMaker.js';

/** The units' die temperatures and the thermal trips' caps on their clocks (see the file's comment). */
export class ThermalState {
  /** Each unit's temperature, °C, in unit order. */
  readonly temps: Float64Array;
  /** The die temperature the rates were worked out at, rounded to 1 C (leakage changes little within it). */
  private key: number;
  /** How many trips the die was at or above at the last check. */
  private level = 0;
  /** The coolest trip's temperature (Infinity without trips). */
  private readonly lowestTripC: number;
  /** Clocks in unit order, and the maker of their record (made at every change of clocks). */
  private readonly clocks: number[];
  private readonly clockRecord: RecordMaker;

  constructor(
    private readonly cp: CompiledPlatform,
    private readonly ambientC: number,
  ) {
    this.temps = new Float64Array(cp.units.length).fill(ambientC);
    this.key = Math.round(ambientC);
    this.lowestTripC = cp.platform.thermalTrips.reduce((c, trip) => Math.min(c, trip.tempC), Infinity);
    // A plain array, so a clock the set record lacks stays undefined in the new one, as before.
    this.clocks = cp.units.map(() => 0);
    this.clockRecord = recordMaker(cp.units.map((cu) => cu.unit.id));
  }

  /**
   * Puts every unit at the temperature it settles at drawing these powers (units first), as a board
   * that has idled long enough at them; the caller repeats it with the powers at the new temperature
   * (leakage), which converges in a few rounds.
   */
  settleAt(componentW: Float64Array): void {
    for (const cu of this.cp.units)
      this.temps[cu.index] = steadyStateC(cu.unit.thermal, this.ambientC, componentW[cu.index]!);
    this.key = Math.round(this.dieC());
  }

  /** The die temperature the rates use (whole degrees). */
  get rateKeyC(): number {
    return this.key;
  }

  /** The hottest unit, C. */
  dieC(): number {
    let max = -Infinity;
    const temps = this.temps;
    for (let u = 0; u < temps.length; u++) if (temps[u]! > max) max = temps[u]!;
    return max;
  }

  /** Every unit's temperature after dtMs at the power each component drew (units come first). */
  step(componentW: Float64Array, dtMs: number): void {
    // Indexed loops here: they run at every change of conditions, and an iterator cost more than the step.
    const units = this.cp.units;
    for (let u = 0; u < units.length; u++) {
      const cu = units[u]!;
      this.temps[cu.index] = stepTemperatureC(
        cu.unit.thermal,
        this.temps[cu.index]!,
        this.ambientC,
        componentW[cu.index]!,
        dtMs / 1000,
      );
    }
  }

  /** A thermal poll: true when the die crossed a trip or a whole degree, so caps or leakage changed. */
  check(): boolean {
    const die = this.dieC();
    const key = Math.round(die);
    let level = 0;
    const trips = this.cp.platform.thermalTrips;
    for (let t = 0; t < trips.length; t++) if (die >= trips[t]!.tempC) level++;
    if (level === this.level && key === this.key) return false;
    this.level = level;
    this.key = key;
    return true;
  }

  /** The clocks the units run at: the set ones, capped by the trips the die has reached (a new record, in unit order). */
  capped(setMHz: Readonly<Record<string, number>>): Record<string, number> {
    const die = this.dieC();
    const effective = this.clocks;
    // Below every trip no unit is capped (thermalCapMHz would give Infinity for each).
    const belowTrips = die < this.lowestTripC;
    const units = this.cp.units;
    for (let u = 0; u < units.length; u++) {
      const cu = units[u]!;
      const id = cu.unit.id;
      const set = setMHz[id]!;
      if (belowTrips) {
        effective[cu.index] = set;
        continue;
      }
      const cap = thermalCapMHz(this.cp.platform, id, die);
      effective[cu.index] = set > cap ? highestAtOrBelow(cu.freqs, cap) : set;
    }
    return this.clockRecord(effective);
  }
}
