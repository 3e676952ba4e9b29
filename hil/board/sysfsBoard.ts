/**
 * A BoardAdapter assembled from parts: each profile (odroidXu3.ts, jetsonNano.ts, local.ts) finds
 * its units' frequency controls, its power sensors and its temperature sources, and this file turns
 * them into capabilities, telemetry, frequency setting and save/restore, the same way for every
 * board.
 */
import { InputError, unknownName } from '../../dnn/inputError.js';
import type { BoardProfile, Capabilities, SavedState, SysfsRoot, TelemetrySnapshot } from '../types.js';
import { monotonicNowMs, sleepMs } from './adapterOptions.js';
import { onlineCpusOf } from './cpuOnline.js';
import type { FrequencyControl } from './frequencyControl.js';
import { DEFAULT_READBACK_SETTLE_MS, judgeReadback } from './frequencyReadback.js';
import type { PowerSensor } from './powerSensor.js';
import { createPowerSensorSet } from './powerSensorSet.js';
import { restoreFiles, saveFiles } from './safety.js';
import type { SysfsBoardAdapter } from './sysfsBoardAdapter.js';
import { createUtilisationMeter } from './utilisationMeter.js';

/** One unit of the board as the adapter drives it. */
export interface BoardUnit {
  id: string;
  /** Linux cpus of the unit (empty for a GPU). */
  cpus: readonly number[];
  control: FrequencyControl;
  /** Utilisation of a unit without cpus (the GPU's load); cpu units use cpuidle or /proc/stat. */
  utilisation?: () => number | null;
  /** Where `utilisation` reads from, for capabilities().notes. */
  utilisationSource?: string;
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
  /** A monotonic clock, ms (default performance.now). */
  nowMs?: () => number;
  /** Waits some ms (default setTimeout). */
  sleep?: (ms: number) => Promise<void>;
  /** The least wait before a frequency read-back counts, ms (default DEFAULT_READBACK_SETTLE_MS). */
  readbackSettleMs?: number;
}

/**
 * Builds the adapter. Utilisation is the busy share of each unit's busiest online cpu since the
 * previous telemetry() call (the first call: since the adapter was created), from cpuidle residency
 * where the cpu has it, else /proc/stat (utilisationMeter.ts). Power sensors are started (the INA231
 * `enable`) by ready() or the first telemetry() call, not before, so a runner that calls save()
 * first has their original state saved; a rail whose sensor is not yet valid is left out of
 * telemetry (pendingRails() names it), never reported as 0 W.
 *
 * When the board has no power sensor, telemetry().rails is empty and capabilities().power is
 * 'modelled': the runner fills the rails with the twin's modelled values, marked 'modelled'.
 */
export function createSysfsBoard(parts: SysfsBoardParts): SysfsBoardAdapter {
  const { profile, sysfs, units } = parts;
  const nowMs = parts.nowMs ?? monotonicNowMs;
  const sleep = parts.sleep ?? sleepMs;
  const minSettleMs = parts.readbackSettleMs ?? DEFAULT_READBACK_SETTLE_MS;
  const sensors = parts.sensors.filter((s) => parts.rails.includes(s.rail));
  const sensorSet = createPowerSensorSet(sensors);
  const strayNotes = parts.sensors
    .filter((s) => !parts.rails.includes(s.rail))
    .map(
      (s) =>
        `power sensor on rail '${s.rail}' is not a rail of platform ${parts.platform} (${parts.rails.join(', ')}): not reported (${s.description})`,
    );
  const meter = createUtilisationMeter(sysfs, [...new Set(units.flatMap((u) => u.cpus))], nowMs);
  /** The last frequency set on each unit, and when. */
  const lastSet = new Map<string, { setMHz: number; atMs: number }>();

  const unitById = (id: string) => {
    const unit = units.find((u) => u.id === id);
    if (!unit)
      throw unknownName(
        'unit',
        id,
        units.map((u) => u.id),
      );
    return unit;
  };

  return {
    profile,
    sysfs,

    capabilities(): Capabilities {
      const notes = [...(parts.notes ?? []), ...strayNotes, ...sensorSet.notes()];
      const unitCaps = units.map((unit) => {
        const problem = unit.control.dvfsProblem();
        if (problem !== null) notes.push(`${unit.id}: ${problem}: no DVFS${parts.noDvfsHint ?? ''}`);
        const online = onlineCpusOf(sysfs, unit.cpus);
        const offline = unit.cpus.filter((cpu) => !online.includes(cpu));
        if (offline.length > 0) notes.push(`${unit.id}: cpu ${offline.join(', ')} offline (hotplug or a power mode)`);
        const source = unit.utilisationSource ?? meter.sourceNote(unit.cpus);
        if (source !== null) notes.push(`${unit.id}: utilisation from ${source}`);
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
      if (!parts.isRoot && unitCaps.some((u) => u.dvfs))
        notes.push('not running as root: frequency writes will fail (EACCES) unless the files were made writable');
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
      sensorSet.start();
      const perCpu = meter.sample();
      const freqMHz: Record<string, number | null> = {};
      const utilisation: Record<string, number | null> = {};
      for (const unit of units) {
        freqMHz[unit.id] = unit.control.currentMHz();
        utilisation[unit.id] = unit.utilisation
          ? unit.utilisation()
          : busiest(onlineCpusOf(sysfs, unit.cpus).map((cpu) => perCpu.get(cpu) ?? null));
      }
      return { freqMHz, utilisation, temperatureC: parts.temperatures(), rails: sensorSet.readings() };
    },

    ready: () => sensorSet.ready(sleep),

    pendingRails: () => sensorSet.pendingRails(),

    setFrequencyMHz(unitId, freqMHz) {
      unitById(unitId).control.setMHz(freqMHz);
      lastSet.set(unitId, { setMHz: freqMHz, atMs: nowMs() });
    },

    frequencyReadback() {
      return [...lastSet].map(([unitId, { setMHz, atMs }]) => {
        const control = unitById(unitId).control;
        return judgeReadback(
          unitId,
          setMHz,
          control.currentMHz(),
          nowMs() - atMs,
          Math.max(control.settleMs(), minSettleMs),
        );
      });
    },

    save(): SavedState {
      const paths = [...units.flatMap((u) => u.control.writablePaths()), ...sensors.flatMap((s) => s.writablePaths)];
      return saveFiles(sysfs, profile, paths);
    },

    restore(state) {
      if (state.profile !== profile)
        throw new InputError(`the saved state is for profile ${state.profile}, not ${profile}`);
      // Whatever restoreFiles manages to write, the sensors may be disabled again and the clocks
      // are no longer the ones set, so both are forgotten before it can throw.
      sensorSet.reset();
      lastSet.clear();
      restoreFiles(sysfs, state);
    },
  };
}

/**
 * The busiest of a unit's cpus: a DNN thread pinned to one core saturates it while the others idle,
 * and that is what a governor must see (as schedutil takes the maximum utilisation of a policy's
 * cpus). Null when no cpu has a value.
 */
function busiest(values: readonly (number | null)[]): number | null {
  const known = values.filter((v): v is number => v !== null);
  return known.length === 0 ? null : Math.max(...known);
}
