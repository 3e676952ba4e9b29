/**
 * A BoardAdapter assembled from parts: each profile (odroidXu3.ts, jetsonNano.ts, local.ts) finds
 * its units' frequency controls, its power sensors and its temperature sources, and this file turns
 * them into capabilities, telemetry, frequency setting and save/restore, the same way for every
 * board.
 */
import { InputError, unknownName } from '../../dnn/inputError.js';
import type { BoardAdapter, BoardProfile, Capabilities, SavedState, SysfsRoot, TelemetrySnapshot } from '../types.js';
import { onlineCpusOf } from './cpuOnline.js';
import type { FrequencyControl } from './frequencyControl.js';
import type { PowerSensor } from './powerSensor.js';
import { busiestUtilisation, parseProcStat, type CpuJiffies } from './procStat.js';
import { restoreFiles, saveFiles } from './safety.js';

/** One unit of the board as the adapter drives it. */
export interface BoardUnit {
  id: string;
  /** Linux cpus of the unit (empty for a GPU). */
  cpus: readonly number[];
  control: FrequencyControl;
  /** Utilisation of a unit without cpus (the GPU's load); cpu units use /proc/stat. */
  utilisation?: () => number | null;
}

/** What a profile found on the board. */
export interface SysfsBoardParts {
  profile: BoardProfile;
  /** The platform model's id. */
  platform: string;
  sysfs: SysfsRoot;
  units: readonly BoardUnit[];
  sensors: readonly PowerSensor[];
  /** Rail names the platform model knows; a sensor on another rail is left out, with a note. */
  rails: readonly string[];
  /** Temperature of each unit now, C (null when unknown). */
  temperatures: () => Record<string, number | null>;
  /** Energy counters found, for capabilities. */
  energyCounters?: readonly string[];
  /** Profile-specific findings, for capabilities. */
  notes?: readonly string[];
  /** Appended to a unit's "no DVFS" note, e.g. " (a container or VM)". */
  noDvfsHint?: string;
  /** The note when no power sensor was found (why, and that the model fills in). */
  noPowerNote: string;
  /** Whether the process runs as root: sysfs writes need it. */
  isRoot: boolean;
}

/**
 * Builds the adapter. Utilisation is the busy share of each unit's busiest online cpu from
 * /proc/stat since the previous telemetry() call (the first call: since the adapter was created).
 * Power sensors are started (the INA231 `enable`) on the first telemetry() call, not before, so a
 * runner that calls save() first has their original state saved.
 *
 * When the board has no power sensor, telemetry().rails is empty and capabilities().power is
 * 'modelled': the runner fills the rails with the twin's modelled values, marked 'modelled'.
 */
export function createSysfsBoard(parts: SysfsBoardParts): BoardAdapter {
  const { profile, sysfs, units } = parts;
  const sensors = parts.sensors.filter((s) => parts.rails.includes(s.rail));
  const strayNotes = parts.sensors
    .filter((s) => !parts.rails.includes(s.rail))
    .map((s) => `power sensor on rail '${s.rail}' is not a rail of platform ${parts.platform} (${parts.rails.join(', ')}): not reported (${s.description})`);
  const readStat = (): Map<number, CpuJiffies> => parseProcStat(sysfs.read('/proc/stat') ?? '');
  let previousStat = readStat();
  let sensorsStarted = false;
  // A sensor that cannot be started (EACCES without root) must not stop the run: its rail then
  // reads nothing, and capabilities() says why.
  const startNotes: string[] = [];

  const unitById = (id: string): BoardUnit => {
    const unit = units.find((u) => u.id === id);
    if (!unit) throw unknownName('unit', id, units.map((u) => u.id));
    return unit;
  };

  return {
    profile,
    sysfs,

    capabilities(): Capabilities {
      const notes = [...(parts.notes ?? []), ...strayNotes, ...startNotes];
      const unitCaps = units.map((unit) => {
        const problem = unit.control.dvfsProblem();
        if (problem !== null) notes.push(`${unit.id}: ${problem}: no DVFS${parts.noDvfsHint ?? ''}`);
        const online = onlineCpusOf(sysfs, unit.cpus);
        const offline = unit.cpus.filter((cpu) => !online.includes(cpu));
        if (offline.length > 0) notes.push(`${unit.id}: cpu ${offline.join(', ')} offline (hotplug or a power mode)`);
        return {
          id: unit.id,
          onlineCpus: online,
          availableMHz: problem === null ? unit.control.availableMHz() : [],
          dvfs: problem === null,
          frequencyPath: unit.control.path,
        };
      });
      const measuredRails = [...new Set(sensors.map((s) => s.rail))];
      if (measuredRails.length === 0) notes.push(parts.noPowerNote);
      const temperature = Object.values(parts.temperatures()).some((t) => t !== null);
      if (!temperature) notes.push('no temperature sensor found: temperatures unknown');
      if (!parts.isRoot && unitCaps.some((u) => u.dvfs)) notes.push('not running as root: frequency writes will fail (EACCES) unless the files were made writable');
      return {
        profile,
        platform: parts.platform,
        units: unitCaps,
        measuredRails,
        power: measuredRails.length > 0 ? 'measured' : 'modelled',
        temperature,
        energyCounters: [...(parts.energyCounters ?? [])],
        notes,
      };
    },

    telemetry(): TelemetrySnapshot {
      if (!sensorsStarted) {
        for (const s of sensors) {
          try {
            s.start();
          } catch (err) {
            startNotes.push(`could not start ${s.description}: ${(err as Error).message}`);
          }
        }
        sensorsStarted = true;
      }
      const stat = readStat();
      const freqMHz: Record<string, number | null> = {};
      const utilisation: Record<string, number | null> = {};
      for (const unit of units) {
        freqMHz[unit.id] = unit.control.currentMHz();
        utilisation[unit.id] = unit.utilisation
          ? unit.utilisation()
          : busiestUtilisation(previousStat, stat, onlineCpusOf(sysfs, unit.cpus));
      }
      previousStat = stat;
      const rails = sensors.flatMap((s) => {
        const watts = s.readW();
        return watts === null ? [] : [{ rail: s.rail, watts, source: 'measured' as const }];
      });
      return { freqMHz, utilisation, temperatureC: parts.temperatures(), rails };
    },

    setFrequencyMHz(unitId, freqMHz) {
      unitById(unitId).control.setMHz(freqMHz);
    },

    save(): SavedState {
      const paths = [...units.flatMap((u) => u.control.writablePaths()), ...sensors.flatMap((s) => s.writablePaths)];
      return saveFiles(sysfs, profile, paths);
    },

    restore(state) {
      if (state.profile !== profile) throw new InputError(`the saved state is for profile ${state.profile}, not ${profile}`);
      restoreFiles(sysfs, state);
    },
  };
}
