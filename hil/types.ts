/**
 * What hardware in the loop knows about a real board: what it can do, what its sensors read, and
 * how to set it. Every read and write goes through a sysfs root, so tests run on fake trees.
 */

/** Reads and writes files under a root directory ("/" on a real board, a fake tree in tests). */
export interface SysfsRoot {
  /** The directory that stands for the board's '/'. */
  readonly root: string;
  /** Trimmed text of a file, or null when it does not exist or cannot be read. */
  read(path: string): string | null;
  /** Writes text to a file; throws with the path and the reason when it cannot. */
  write(path: string, value: string): void;
  /** Whether a file or directory exists. */
  exists(path: string): boolean;
  /** Names in a directory, sorted; empty when it does not exist. */
  list(dir: string): string[];
  /** Paths matching a glob with * in file and directory names (no **), sorted. */
  glob(pattern: string): string[];
}

/** The boards an adapter knows: the Odroid-XU3, the Jetson Nano, or any Linux machine (local). */
export type BoardProfile = 'odroid-xu3' | 'jetson-nano' | 'local';

/** Where a power value came from: a sensor, or the model when the board has none. */
export type PowerSource = 'measured' | 'modelled';

/** What the board offers for one unit of the platform. */
export interface UnitCapabilities {
  /** The platform's unit id. */
  id: string;
  /** Linux cpus of the unit that are online now (empty for a GPU). */
  onlineCpus: number[];
  /** Frequencies the board offers for the unit (its own available list), MHz; empty without DVFS. */
  availableMHz: number[];
  /** The frequency can be set (cpufreq userspace / devfreq min=max writable). */
  dvfs: boolean;
  /** Where its frequency is read and written, for reports. */
  frequencyPath: string | null;
}

/** What a board adapter found on the board: units, sensors, and what it could not find. */
export interface Capabilities {
  /** Which adapter found them. */
  profile: BoardProfile;
  /** The platform model this board corresponds to. */
  platform: string;
  /** Each unit of the platform, as the board offers it. */
  units: UnitCapabilities[];
  /** Rails with a power sensor, each mapped to the platform's rail name. */
  measuredRails: string[];
  /** Power is measured (some rail has a sensor) or only modelled. */
  power: PowerSource;
  /** A temperature sensor was found. */
  temperature: boolean;
  /** Energy counters (RAPL) found. */
  energyCounters: string[];
  /** Things the adapter could not find or do, in words, for the user. */
  notes: string[];
}

/** One rail's power. */
export interface RailReading {
  /** The platform's rail name. */
  rail: string;
  /** Average power since the previous reading, W. */
  watts: number;
  /** From a sensor, or from the model. */
  source: PowerSource;
}

/** One read of every sensor. */
export interface TelemetrySnapshot {
  /** Frequency each unit runs at now, MHz; null when unreadable. */
  freqMHz: Record<string, number | null>;
  /** Busy share of each unit's busiest online cpu since the previous snapshot, 0..1; null when unknown. */
  utilisation: Record<string, number | null>;
  /** Each unit's temperature, °C; null when unreadable. */
  temperatureC: Record<string, number | null>;
  /** Each measured rail's power. */
  rails: RailReading[];
}

/** What a run changes on a board, saved first so it can be put back. */
export interface SavedState {
  /** The adapter that saved it. */
  profile: BoardProfile;
  /** The sysfs root it was saved under. */
  sysfsRoot: string;
  /** File path -> original content, for every file the adapter may write. */
  files: Record<string, string>;
  /** When, as an ISO 8601 date and time. */
  savedAt: string;
}

/**
 * A board as hardware in the loop drives it: what it can do, its sensors, its clocks, and a saved
 * state to put back. {@link createBoardAdapter} makes one for a profile.
 */
export interface BoardAdapter {
  /** Which board it drives. */
  readonly profile: BoardProfile;
  /** Where its files are read and written. */
  readonly sysfs: SysfsRoot;
  /**
   * Resolves once every sensor gives valid readings (a freshly enabled INA231 gives none for one
   * update period); call it after save(), before a run's clock starts.
   */
  ready?(): Promise<void>;
  /** What the adapter found on the board (read at creation). */
  capabilities(): Capabilities;
  /** Reads every sensor (utilisation since the previous call). */
  telemetry(): TelemetrySnapshot;
  /**
   * Sets a unit's frequency; only a frequency from the board's own available list is ever written.
   * @throws when the unit has no DVFS or the frequency is not available
   */
  setFrequencyMHz(unit: string, freqMHz: number): void;
  /** Reads what setFrequencyMHz may change (governors, limits, setspeed), for restore(). */
  save(): SavedState;
  /** Writes a saved state back. */
  restore(state: SavedState): void;
}
