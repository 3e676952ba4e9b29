/**
 * A scenario's rt-app co-workload as the simulator takes it: the file read (readRtapp.ts), its threads
 * run on the scenario's platform (utilisationTimeline.ts), and each stretch of constant load on a unit
 * made one ordinary Coworkload (unit, cores, utilisation), named "<name>:<unit>:<k>". The simulator,
 * the governors and the policies see it as they see any co-workload, with no change of their own.
 *
 * The workload starts at startS and stops at endS (null: the end of the run) or after rt-app's own
 * global.duration, whichever comes first. Its memoryIntensity is the memory pressure it adds whenever
 * it runs at all, split between the units in proportion to their busy time in each stretch.
 */
import { InputError } from '../../dnn/inputError.js';
import type { Platform, Unit } from '../../models/types.js';
import type { Coworkload } from '../types.js';
import { boardCpus } from './cpuSpeed.js';
import { formatCpuList } from '../../models/cpuList.js';
import { readRtapp } from './readRtapp.js';
import type { RtappFile, UnsupportedMode } from './types.js';
import { rtappTimeline, type RtappTimeline, type RtappTimelineOptions } from './utilisationTimeline.js';

/** Stretches one co-workload may become: beyond this, a longer resolutionMs is needed. */
export const MAX_STRETCHES = 200_000;

/** The options of an rt-app co-workload, every default filled in. */
export interface RtappCoworkloadSpec {
  name: string;
  startS: number;
  endS: number | null;
  unsupported: UnsupportedMode;
  resolutionMs: number;
  /** Clock of some CPU units, MHz; the others run at their highest in the starting power mode. */
  freqMHz: Record<string, number>;
  referenceCpu: number | null;
  cpus: number[] | null;
  memoryIntensity: number;
}

/** What the scenario around it says. */
export interface RtappScenarioContext {
  platform: Platform;
  durationS: number;
  powerMode: string | null;
}

/** A bad option of the co-workload (not of the rt-app file): `option` names it, e.g. "freqMHz.a15". */
export class RtappOptionError extends InputError {
  override name = 'RtappOptionError';
  constructor(
    readonly option: string,
    readonly problem: string,
  ) {
    super(`${option}: ${problem}`);
  }
}

export interface RtappCoworkloads {
  coworkloads: Coworkload[];
  /** What the file asked for that was ignored or approximated, one line each. */
  notes: string[];
  workload: RtappFile;
  timeline: RtappTimeline;
}

/** A unit's highest operating point within the power mode's cap. */
function highestMHz(platform: Platform, unit: Unit, powerMode: string | null): number {
  const cap = platform.powerModes.find((m) => m.id === powerMode)?.limits[unit.id]?.maxFreqMHz ?? Infinity;
  const allowed = unit.opps.points.map((p) => p.freqMHz).filter((f) => f <= cap);
  return Math.max(...(allowed.length > 0 ? allowed : [Math.min(...unit.opps.points.map((p) => p.freqMHz))]));
}

/** Every CPU unit's clock: the spec's where it gives one (an operating point of the unit), else the highest. */
function clocks(spec: RtappCoworkloadSpec, ctx: RtappScenarioContext): Record<string, number> {
  const cpuUnits = ctx.platform.units.filter((u) => u.kind === 'cpu-cluster');
  for (const [id, mhz] of Object.entries(spec.freqMHz)) {
    const unit = cpuUnits.find((u) => u.id === id);
    if (!unit)
      throw new RtappOptionError(
        `freqMHz.${id}`,
        `'${id}' is not a CPU unit of ${ctx.platform.id} (valid: ${cpuUnits.map((u) => u.id).join(', ')})`,
      );
    const points = unit.opps.points.map((p) => p.freqMHz);
    if (!points.includes(mhz))
      throw new RtappOptionError(
        `freqMHz.${id}`,
        `${mhz} MHz is not an operating point of ${id} (valid: ${points.join(', ')})`,
      );
  }
  return Object.fromEntries(
    cpuUnits.map((u) => [u.id, spec.freqMHz[u.id] ?? highestMHz(ctx.platform, u, ctx.powerMode)]),
  );
}

/**
 * Reads an rt-app file and turns it into the scenario's co-workloads.
 *
 * @param text - the rt-app file's text
 * @param file - its name in errors ("w.json", "built-in rt-app workload mp3")
 * @param onPass - told each pass of a thread through a phase, as rt-app logs it (hil compare's expectation)
 * @returns the co-workloads, in time order, and the notes
 * @throws RtappError (the file: task, phase and key) or RtappOptionError (an option of the spec)
 */
export function rtappCoworkloads(
  text: string,
  file: string,
  spec: RtappCoworkloadSpec,
  ctx: RtappScenarioContext,
  onPass?: RtappTimelineOptions['onPass'],
): RtappCoworkloads {
  const board = boardCpus(ctx.platform);
  const onBoard = new Set(board.map((c) => c.cpu));
  const lacking = (cpus: readonly number[]) => cpus.find((c) => !onBoard.has(c));
  if (spec.referenceCpu !== null && !onBoard.has(spec.referenceCpu)) {
    throw new RtappOptionError(
      'referenceCpu',
      `cpu ${spec.referenceCpu} is not a cpu of ${ctx.platform.id} (its cpus: ${formatCpuList([...onBoard])})`,
    );
  }
  const badCpu = spec.cpus !== null ? lacking(spec.cpus) : undefined;
  if (badCpu !== undefined)
    throw new RtappOptionError(
      'cpus',
      `cpu ${badCpu} is not a cpu of ${ctx.platform.id} (its cpus: ${formatCpuList([...onBoard])})`,
    );
  const freqMHz = clocks(spec, ctx);

  const workload = readRtapp(text, file, { unsupported: spec.unsupported });
  const unitOf = new Map(board.map((c) => [c.cpu, c.unit]));
  const refCpu = spec.referenceCpu ?? ('cpu' in workload.global.calibration ? workload.global.calibration.cpu : 0);
  const refUnit = unitOf.get(refCpu);
  const endS = Math.min(
    spec.endS ?? ctx.durationS,
    ctx.durationS,
    workload.global.durationS > 0 ? spec.startS + workload.global.durationS : Infinity,
  );
  const timeline = rtappTimeline(workload, {
    platform: ctx.platform,
    freqMHz,
    ...(spec.referenceCpu !== null ? { referenceCpu: spec.referenceCpu } : {}),
    // A calibration cpu the board lacks is refused by rtappTimeline, naming global.calibration.
    referenceFreqMHz: refUnit ? highestMHz(ctx.platform, refUnit, ctx.powerMode) : 1,
    ...(spec.cpus !== null ? { cpus: spec.cpus } : {}),
    durationMs: (endS - spec.startS) * 1000,
    resolutionMs: spec.resolutionMs,
    ...(onPass ? { onPass } : {}),
  });
  if (timeline.segments.length > MAX_STRETCHES) {
    throw new RtappOptionError(
      'resolutionMs',
      `${spec.resolutionMs} ms windows make ${timeline.segments.length} stretches of load, more than ${MAX_STRETCHES}: take longer windows`,
    );
  }
  const coworkloads: Coworkload[] = timeline.segments.map((s, k) => ({
    name: `${spec.name}:${s.unit}:${k}`,
    startS: spec.startS + s.startMs / 1000,
    endS: spec.startS + s.endMs / 1000,
    unit: s.unit,
    cores: s.cores,
    utilisation: s.utilisation,
    busiestShare: s.busiestShare,
    memoryIntensity: spec.memoryIntensity * s.busyShare,
    gpuShare: 0,
  }));
  return { coworkloads, notes: workload.notes, workload, timeline };
}
