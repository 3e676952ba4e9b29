/**
 * Sensor noise: the board's readings as a policy sees them, with seeded Gaussian noise (relative on
 * power, absolute on utilisation and temperature), utilisation kept in [0, 1] and power >= 0.
 */
import type { Telemetry, UnitTelemetry } from '../policies/types.js';
import type { SensorSpec } from '../scenarios/types.js';
import type { OrderedReading, SensorReading } from './board.js';
import { keepsOrder, recordMaker, type RecordMaker } from './recordMaker.js';
import type { TelemetrySource } from './observation.js';
import { isReplayable, randomFrom, type Random, type RandomMark, type ReplayableRandom } from './random.js';

type Noise = SensorSpec['noise'];

/**
 * The telemetry a policy is handed, made every sensor period, the draws in a fixed order (each
 * unit's utilisation then temperature, each rail, the board). Plain objects: the run reads them
 * before any policy does, and each observation has its own (sim/policyView.ts), so a policy's write
 * changes nothing else.
 */
export function noisyTelemetry(reading: SensorReading, noise: Noise, random: Random): Telemetry {
  const units = noisyUnits(reading, noise, random);
  const powerByRailW = noisyRails(reading, noise, random);
  return { units, powerByRailW, powerW: noisyPower(reading, noise, random) };
}

function noisyUnits(reading: SensorReading, noise: Noise, random: Random): Telemetry['units'] {
  const nu = noise.utilisation;
  const nt = noise.temperatureC;
  const units: Telemetry['units'] = {};
  for (const id in reading.freqMHz) {
    const u = reading.utilisation[id]! + (nu > 0 ? nu * random.normal() : 0);
    units[id] = {
      freqMHz: reading.freqMHz[id]!,
      utilisation: Math.min(1, Math.max(0, u)),
      temperatureC: reading.temperatureC[id]! + (nt > 0 ? nt * random.normal() : 0),
    };
  }
  return units;
}

function noisyRails(reading: SensorReading, noise: Noise, random: Random): Telemetry['powerByRailW'] {
  const np = noise.powerRelative;
  const powerByRailW: Record<string, number> = {};
  const rails = reading.powerByRailW;
  for (const rail in rails) {
    const w = rails[rail]!;
    powerByRailW[rail] = Math.max(0, np > 0 ? w * (1 + np * random.normal()) : w);
  }
  return powerByRailW;
}

function noisyPower(reading: SensorReading, noise: Noise, random: Random): number {
  const np = noise.powerRelative;
  const w = reading.powerW;
  return Math.max(0, np > 0 ? w * (1 + np * random.normal()) : w);
}

/** While drawing every read, an observation in this many is watched to see whether the policy still reads it. */
const WATCH_EVERY = 64;

/**
 * Each sensor read's telemetry, drawn at the read or only when something reads it. Most policies
 * never look at it (rtm, energy-aware), and its noise (nine Gaussian draws a read on the XU3) and its
 * objects were the largest single cost of a simulated hour under rtm; the load-following
 * governors read it every period.
 *
 * Either way the numbers are the same: a read not drawn only counts the draws it owes the stream
 * (which moves on by all of them, as noisyTelemetry's draws would have moved it, when drawing
 * resumes), and its telemetry, whenever made, is drawn from where the stream stood at that read.
 * Which way is only a matter of speed, so the feed follows the policy: it draws at the read while the
 * policy reads every observation's telemetry, and stops once a watched observation (observation.ts)
 * goes unread; it draws again when a read is asked for. A stream that cannot be replayed (a caller's
 * own Random), or a run whose trace shows every read, is drawn at the read.
 * Boards hand out a new reading at each read, so a reading is kept as it is until then.
 */
export class TelemetryFeed {
  private readonly replay: ReplayableRandom | null;
  private last: SensorRead | null = null;
  /** For drawing a twin's reading at once from its numbers: the names they came with, and their records' makers. */
  private ordered: {
    unitIds: readonly string[];
    railNames: readonly string[];
    units: RecordMaker<UnitTelemetry>;
    rails: RecordMaker;
    /** The draws a reading in this order takes (drawsOf), for a read that only counts them. */
    draws: number;
  } | null = null;
  private readonly unitScratch: UnitTelemetry[] = [];
  private railScratch = new Float64Array(0);
  /** The stream when it draws many normals at once (createRandom's does), and the scratch it draws into. */
  private readonly fills: ReplayableRandom | null;
  private normals = new Float64Array(0);
  private drawing: boolean;
  private sinceWatched = 0;
  /** Where the stream stood when it stopped being drawn (null: it is drawn), and the draws owed since. */
  private base: RandomMark | null = null;
  private owed = 0;

  /** @param always - draw every read at once (a trace shows each) */
  constructor(
    private readonly noise: Noise,
    private readonly random: Random,
    always = false,
  ) {
    this.fills = isReplayable(random) ? random : null;
    this.replay = always ? null : this.fills;
    this.drawing = this.replay === null;
  }

  /** A sensor read: from now on the latest. */
  read(reading: SensorReading): void {
    if (this.drawing || this.replay === null) {
      this.settle();
      const ordered = reading.ordered;
      const telemetry =
        ordered !== undefined && this.makersFor(ordered)
          ? this.drawOrdered(ordered, reading.powerW)
          : noisyTelemetry(reading, this.noise, this.random);
      this.last = new SensorRead(reading, this.noise, null, 0, telemetry);
      return;
    }
    // The stream is not moved at all while nothing draws: each read keeps the mark the stream stood
    // at when drawing stopped and the draws owed since (skipping them costs integer steps per draw,
    // which a policy that never looks need not pay; sameAsSkippedOneByOne in the tests).
    this.base ??= this.replay.mark();
    this.last = new SensorRead(reading, this.noise, this.base, this.owed, null);
    // A reading in order has its records' names listed once (keepsOrder): its draws were counted with
    // its makers, rather than by walking both records at each read.
    const ordered = reading.ordered;
    let draws: number;
    if (ordered !== undefined && this.makersFor(ordered)) draws = this.ordered!.draws;
    else {
      let units = 0;
      for (const _ in reading.freqMHz) units++;
      let rails = 0;
      for (const _ in reading.powerByRailW) rails++;
      draws = this.drawsOf(units, rails);
    }
    this.owed += draws;
  }

  /** Moves the stream on by the draws the reads since drawing stopped owe it. */
  private settle(): void {
    if (this.base === null) return;
    this.replay!.skipNormals(this.owed);
    this.base = null;
    this.owed = 0;
  }

  /** noisyTelemetry's draws for a reading of so many units and rails: each unit's utilisation and temperature, each rail, the board. */
  private drawsOf(units: number, rails: number): number {
    const { utilisation, temperatureC, powerRelative } = this.noise;
    return units * ((utilisation > 0 ? 1 : 0) + (temperatureC > 0 ? 1 : 0)) + (powerRelative > 0 ? rails + 1 : 0);
  }

  /** Whether a reading in this order can be drawn from its numbers (its names keep their order in a record). */
  private makersFor(o: OrderedReading): boolean {
    const m = this.ordered;
    if (m !== null && m.unitIds === o.unitIds && m.railNames === o.railNames) return true;
    if (!keepsOrder(o.unitIds) || !keepsOrder(o.railNames)) return false;
    this.ordered = {
      unitIds: o.unitIds,
      railNames: o.railNames,
      units: recordMaker<UnitTelemetry>(o.unitIds),
      rails: recordMaker(o.railNames),
      draws: this.drawsOf(o.unitIds.length, o.railNames.length),
    };
    this.railScratch = new Float64Array(o.railNames.length);
    return true;
  }

  /**
   * noisyTelemetry of the records the numbers were made into (sim/twin/twinPhysics.ts): the same
   * draws in the same order (the records list the names in order), the same values, the same objects.
   */
  private drawOrdered(o: OrderedReading, boardW: number): Telemetry {
    const { utilisation: nu, temperatureC: nt, powerRelative: np } = this.noise;
    const makers = this.ordered!;
    // The read's draws at once, in their order (a stream that cannot, one call each).
    const z = this.drawn(makers.draws);
    let k = 0;
    const units = this.unitScratch;
    // Setting an array's length costs a call into the runtime: only when the order's length changed.
    if (units.length !== o.unitIds.length) units.length = o.unitIds.length;
    for (let u = 0; u < units.length; u++) {
      const busy = o.utilisation[u]! + (nu > 0 ? nu * z[k++]! : 0);
      units[u] = {
        freqMHz: o.freqMHz[u]!,
        utilisation: Math.min(1, Math.max(0, busy)),
        temperatureC: o.temperatureC[u]! + (nt > 0 ? nt * z[k++]! : 0),
      };
    }
    const rails = this.railScratch;
    for (let r = 0; r < rails.length; r++) {
      const w = o.railsW[r]!;
      rails[r] = Math.max(0, np > 0 ? w * (1 + np * z[k++]!) : w);
    }
    return {
      units: makers.units(units),
      powerByRailW: makers.rails(rails),
      powerW: Math.max(0, np > 0 ? boardW * (1 + np * z[k++]!) : boardW),
    };
  }

  /** The stream's next n normal draws, in a scratch array. */
  private drawn(n: number): Float64Array {
    if (this.normals.length < n) this.normals = new Float64Array(n);
    const z = this.normals;
    if (this.fills !== null) this.fills.fillNormals(z, n);
    else for (let i = 0; i < n; i++) z[i] = this.random.normal();
    return z;
  }

  /** The latest read (its telemetry is the same object however often it is asked for). */
  get latest(): SensorRead {
    if (this.last === null) throw new Error('no sensor read yet');
    return this.last;
  }

  /**
   * Whether the next observation should be a watched one (observation.ts), which tells whether its
   * telemetry was read; after the policy has decided on one, call watched() with the latest read.
   */
  watchNext(): boolean {
    if (this.replay === null) return false;
    if (!this.drawing) return true;
    if (++this.sinceWatched < WATCH_EVERY) return false;
    this.sinceWatched = 0;
    return true;
  }

  /** A watched observation's telemetry was read or not: draw the reads to come at once, or not. */
  watched(read: SensorRead): void {
    this.drawing = read.asked;
  }
}

/** One read's telemetry, drawn or to be drawn. */
export class SensorRead implements TelemetrySource {
  /** The telemetry was asked for through `telemetry`. */
  asked = false;

  constructor(
    private readonly reading: SensorReading,
    private readonly noise: Noise,
    /** A mark of the stream before the read (null: drawn then)... */
    private readonly mark: RandomMark | null,
    /** ...and the draws between it and the read's own. */
    private readonly after: number,
    private made: Telemetry | null,
  ) {}

  /** The read's noisy telemetry, drawn the first time it is asked for (the same object after). */
  get telemetry(): Telemetry {
    this.asked = true;
    if (this.made === null) {
      const random = randomFrom(this.mark!);
      random.skipNormals(this.after);
      this.made = noisyTelemetry(this.reading, this.noise, random);
    }
    return this.made;
  }
}
