/**
 * An rt-app workload as the twin's co-workloads see it: a piecewise-constant utilisation per CPU unit
 * of the board, in the form of the Contention the models take (busyCores and busyUtilisation per unit).
 *
 * Approximation rules (each one line):
 * - Speed: a `run` of d us was calibrated on the reference cpu (global.calibration "CPU<n>", else the
 *   co-workload's referenceCpu, else cpu 0) at that unit's highest clock; on a cpu of unit u at f_u it
 *   takes d x (capacity_ref x f_ref) / (capacity_u x f_u) (cpuSpeed.ts, cpuCapacity.json). A `runtime`
 *   of d us takes d us anywhere.
 * - Clocks: each unit runs at one frequency for the whole workload (the co-workload's freqMHz, by
 *   default the unit's highest in the starting power mode): the timeline is fixed before the run, so a
 *   governor changing clocks during the run does not stretch or shrink the workload's runs.
 * - Placement: a thread runs on one cpu of its affinity (the phase's cpus, else the task's, else the
 *   co-workload's cpus, else every cpu of the board), chosen when the affinity changes: the allowed cpu
 *   with the fewest threads, the lowest on a tie (threads.ts). Linux also migrates threads; the twin
 *   does not.
 * - Sharing: threads on one cpu share it by scheduling class, real-time priority and nice weight,
 *   fluidly (cpuShares.ts); timers, sleeps, barriers, locks, conditions and suspend/resume are
 *   simulated exactly (simulateThreads.ts, syncObjects.ts).
 * - Windows: each cpu's busy time is summed over windows of resolutionMs; in a window a unit holds the
 *   fewest whole cores that can carry its cpus' busy time, ceil(busy / window), at the share that
 *   carries it exactly. A burst shorter than a window is spread over it; nothing is lost or added:
 *   busyCores x busyUtilisation x window length is the busy time of the unit's cpus in the window.
 *   Why the fewest: a held core is one the DNN and the policies see taken (a policy's free cores);
 *   three threads each busy 1 % of a cpu leave the DNN those cpus but for 3 % of one, not one cpu of
 *   four. Counting every cpu busy at all made a light workload hold most of a cluster, its count
 *   changing from window to window as bursts fell in or out (xu3-mp3: 2 or 3 of 4 A15 cores held for
 *   2.2 % of one core's work, and rtm re-planning at every change).
 * - Busiest cpu: packing makes the held cores' share about twice the busiest cpu's real share, and a
 *   governor reads its policy's busiest cpu; so each stretch also carries that cpu's busy share
 *   (busiestShare), which the twin shows governors in place of the held cores' share.
 *
 * The law (tested in test/scenarios/rtapp/timelineLaw.test.ts): for a workload whose threads all
 * finish within the co-workload, the time integral of the utilisation, summed over units,
 *   sum over segments of cores x utilisation x (endMs - startMs)
 * equals the work the threads run, in ms of cpu time:
 *   sum over threads and run events of d x (capacity_ref x f_ref) / (capacity_u x f_u)
 *   + sum over runtime events of d,
 * so at the reference frequency on the reference unit it is exactly the run time the file states, and
 * at a lower frequency f_u it is f_ref / f_u times more. When the co-workload ends first, the integral
 * is the part of that work done by then, and never more.
 */
import type { Platform } from '../../models/types.js';
import { boardCpus, capacityOf } from './cpuSpeed.js';
import { formatCpuList } from '../../models/cpuList.js';
import { RtappError } from './rtappError.js';
import { simulateThreads, type SimulateThreadsOptions } from './simulateThreads.js';
import type { RtappFile } from './types.js';

/** Busy time a window's cores may be short of carrying before one more core is counted, in windows (rounding). */
const CARRY_TOLERANCE = 1e-9;

export interface RtappTimelineOptions {
  platform: Platform;
  /** Clock of every CPU unit for the whole workload, MHz. */
  freqMHz: Readonly<Record<string, number>>;
  /** The cpu the runs were calibrated on; default: global.calibration's "CPU<n>", else 0. */
  referenceCpu?: number;
  /** Clock of the reference cpu when calibrated, MHz. */
  referenceFreqMHz: number;
  /** Cpus a thread with no affinity of its own may use; default: every cpu of the board's CPU units. */
  cpus?: readonly number[];
  /** How long the workload may run, ms (it stops earlier when every thread has finished). */
  durationMs: number;
  /** Length of the windows utilisation is averaged over, ms. */
  resolutionMs: number;
  /** Told each pass of a thread through a phase (simulateThreads.ts), for a comparison with rt-app's logs. */
  onPass?: SimulateThreadsOptions['onPass'];
}

/** A stretch of constant load on one unit, ms from the workload's start. */
export interface UtilisationSegment {
  startMs: number;
  endMs: number;
  unit: string;
  /** The fewest whole cores of the unit that carry its busy time in the stretch. */
  cores: number;
  /** Their busy share, (0, 1]. */
  utilisation: number;
  /** The unit's part of the workload's busy time in this stretch, (0, 1]. */
  busyShare: number;
  /** Busy share of the unit's busiest cpu, (0, 1]: what a governor reading its policy's busiest cpu sees. */
  busiestShare: number;
}

export interface RtappTimeline {
  segments: UtilisationSegment[];
  /** When the threads stopped: durationMs, or earlier when none could go on. */
  stoppedMs: number;
  /** Threads still alive then (blocked for ever, or cut by the end). */
  unfinished: number;
}

/** Checks that every cpu the workload names is on the board; the reference cpu, too. */
function checkCpus(w: RtappFile, platform: Platform, referenceCpu: number | undefined): void {
  const board = new Set(boardCpus(platform).map((c) => c.cpu));
  const lacks = (cpu: number) => `cpu ${cpu} is not a cpu of ${platform.id} (its cpus: ${formatCpuList([...board])})`;
  for (const t of w.tasks) {
    const bad = t.cpus?.find((c) => !board.has(c));
    if (bad !== undefined) throw new RtappError(w.file, { task: t.name, key: 'cpus' }, lacks(bad));
    for (const p of t.phases) {
      const badInPhase = p.cpus?.find((c) => !board.has(c));
      if (badInPhase !== undefined)
        throw new RtappError(w.file, { task: t.name, phase: p.name, key: 'cpus' }, lacks(badInPhase));
    }
  }
  if (referenceCpu === undefined && 'cpu' in w.global.calibration && !board.has(w.global.calibration.cpu)) {
    throw new RtappError(
      w.file,
      { section: 'global', key: 'calibration' },
      `${lacks(w.global.calibration.cpu)}: rt-app could not calibrate there`,
    );
  }
}

/**
 * The workload's utilisation timeline on a platform.
 *
 * @throws RtappError naming the task, phase and key for a cpu the board lacks, or for a workload the
 *   simulation refuses (simulateThreads.ts)
 */
export function rtappTimeline(w: RtappFile, o: RtappTimelineOptions): RtappTimeline {
  checkCpus(w, o.platform, o.referenceCpu);
  const cpus = boardCpus(o.platform);
  const unitOfCpu = new Map(cpus.map((c) => [c.cpu, c.unit]));
  const refCpu = o.referenceCpu ?? ('cpu' in w.global.calibration ? w.global.calibration.cpu : 0);
  const refUnit = unitOfCpu.get(refCpu);
  if (refUnit === undefined)
    throw new RtappError(
      w.file,
      {},
      `the reference cpu ${refCpu} is not a cpu of ${o.platform.id} (its cpus: ${formatCpuList(cpus.map((c) => c.cpu))})`,
    );
  const refSpeed = capacityOf(o.platform.id, refUnit.id) * o.referenceFreqMHz;
  const scaleOf = new Map(
    cpus.map((c) => [c.cpu, refSpeed / (capacityOf(o.platform.id, c.unit.id) * o.freqMHz[c.unit.id]!)]),
  );

  const windowUs = o.resolutionMs * 1000;
  const endUs = o.durationMs * 1000;
  const load = simulateThreads(w, {
    runScale: (cpu) => scaleOf.get(cpu)!,
    defaultCpus: o.cpus ?? cpus.map((c) => c.cpu),
    boardCpus: cpus.map((c) => c.cpu),
    endUs,
    windowUs,
    ...(o.onPass ? { onPass: o.onPass } : {}),
  });

  // Units in id order, each with its cpus.
  const units = [...new Set(cpus.map((c) => c.unit.id))]
    .sort()
    .map((id) => ({ id, cpus: cpus.filter((c) => c.unit.id === id).map((c) => c.cpu) }));
  const segments: UtilisationSegment[] = [];
  const last = new Map<string, UtilisationSegment>();
  for (let k = 0; k < load.busy.count; k++) {
    const startUs = k * windowUs;
    const lengthUs = Math.min(windowUs, endUs - startUs);
    let totalUs = 0;
    const perUnit = units.map((u) => {
      let busyCpus = 0;
      let busyUs = 0;
      let busiestUs = 0;
      for (const cpu of u.cpus) {
        const us = load.busy.busyUs(k, cpu);
        if (us > 0) {
          busyCpus++;
          busyUs += us;
          if (us > busiestUs) busiestUs = us;
        }
      }
      totalUs += busyUs;
      // The fewest cores that carry the busy time (see the rules above); never more than were busy.
      const cores =
        busyCpus === 0 ? 0 : Math.min(busyCpus, Math.max(1, Math.ceil(busyUs / lengthUs - CARRY_TOLERANCE)));
      return { unit: u.id, cores, busyUs, busiestUs };
    });
    for (const u of perUnit) {
      if (u.cores === 0) continue;
      const seg: UtilisationSegment = {
        startMs: startUs / 1000,
        endMs: (startUs + lengthUs) / 1000,
        unit: u.unit,
        cores: u.cores,
        utilisation: Math.min(1, u.busyUs / (u.cores * lengthUs)),
        busyShare: u.busyUs / totalUs,
        busiestShare: Math.min(1, u.busiestUs / lengthUs),
      };
      const prev = last.get(u.unit);
      if (
        prev &&
        prev.endMs === seg.startMs &&
        prev.cores === seg.cores &&
        prev.utilisation === seg.utilisation &&
        prev.busyShare === seg.busyShare &&
        prev.busiestShare === seg.busiestShare
      ) {
        prev.endMs = seg.endMs;
      } else {
        segments.push(seg);
        last.set(u.unit, seg);
      }
    }
  }
  return { segments, stoppedMs: load.stoppedUs / 1000, unfinished: load.unfinished };
}
