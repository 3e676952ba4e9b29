/**
 * NVIDIA's tegrastats line, parsed into the same telemetry the sysfs adapter reports, so a run can
 * use either source on a Jetson Nano. Format (boards.md, the idle-Nano sample):
 * `RAM 2015/3964MB (lfb 98x4MB) SWAP 29/1982MB (cached 3MB) CPU [6%@102,5%@102,4%@102,3%@102]
 * EMC_FREQ 0% GR3D_FREQ 0% PLL@28C CPU@31.5C PMIC@100C GPU@30.5C AO@36C thermal@31.25C
 * POM_5V_IN 1388/1388 POM_5V_GPU 122/122 POM_5V_CPU 163/163`; later releases in tegrastatsParse.ts.
 */
import type { TelemetrySnapshot } from '../types.js';
import { canonicalNanoRail } from './ina3221.js';
import { parseTegrastatsLine } from './tegrastatsParse.js';

/** One core in the CPU block; tegrastats prints `off` for an offline core. */
export type TegrastatsCpu = { online: true; loadPct: number; freqMHz: number | null } | { online: false };

/** A rail: current and average power, mW. */
export interface TegrastatsRail {
  /** The rail's name as printed (POM_5V_IN, ...). */
  name: string;
  /** Power now, mW. */
  currentMW: number;
  /** tegrastats' running average, mW. */
  averageMW: number;
}

/** An engine's load and clock: `EMC_FREQ 9%@1600`, `GR3D_FREQ 12%@[1300,1300]`. */
export interface TegrastatsLoad {
  /** Load, %; null when the line gives only a clock (`GR3D_FREQ @[1000,1000]`). */
  loadPct: number | null;
  /** Clock, MHz (the first GPC's); null when not printed (tegrastats without root). */
  freqMHz: number | null;
}

/** Everything the line says that the twin uses. */
export interface TegrastatsSample {
  /** RAM in use, MB. */
  ramUsedMB: number | null;
  /** RAM in all, MB. */
  ramTotalMB: number | null;
  /** Each core of the CPU block, in order. */
  cpus: TegrastatsCpu[];
  /** Memory controller load and clock (the clock only when tegrastats runs as root). */
  emc: TegrastatsLoad | null;
  /** GR3D_FREQ: GPU load, and its clock when tegrastats runs as root. */
  gpu: TegrastatsLoad | null;
  /**
   * Every `NAME@TC` entry, as printed (PMIC included); null for a sensor that is off (-256C).
   * Later releases print two values (`cpu@52.968C/52.968C`): the first is kept.
   */
  temperaturesC: Record<string, number | null>;
  /** Every power rail printed. */
  rails: TegrastatsRail[];
  /** What could not be read, one line each; empty for a clean line. */
  problems: string[];
}

/**
 * Parses one tegrastats line of any release (see tegrastatsParse.ts); never throws. A garbled or
 * foreign line gives problems, and whatever entries could be read.
 */
export function parseTegrastats(line: string): TegrastatsSample {
  return parseTegrastatsLine(line);
}

/**
 * A tegrastats sample as the Nano adapter's telemetry (units a57 and gpu): the CPU frequency and
 * utilisation of the busiest online core, the GPU's load and clock (null without root), CPU and GPU
 * temperatures (PMIC's constant 100 C is not a die), and each rail's current power in W, measured.
 * A rail is reported under the platform's name (canonicalNanoRail).
 */
export function tegrastatsTelemetry(sample: TegrastatsSample): TelemetrySnapshot {
  const online = sample.cpus.filter((c): c is Extract<TegrastatsCpu, { online: true }> => c.online);
  const freqs = online.map((c) => c.freqMHz).filter((f): f is number => f !== null);
  const temperature = (name: string) => {
    const key = Object.keys(sample.temperaturesC).find((k) => k.toUpperCase() === name);
    return key === undefined ? null : sample.temperaturesC[key]!;
  };
  const gpuLoad = sample.gpu?.loadPct ?? null;
  return {
    freqMHz: { a57: freqs.length === 0 ? null : Math.max(...freqs), gpu: sample.gpu?.freqMHz ?? null },
    utilisation: {
      a57: online.length === 0 ? null : Math.max(...online.map((c) => c.loadPct)) / 100,
      gpu: gpuLoad === null ? null : gpuLoad / 100,
    },
    temperatureC: { a57: temperature('CPU'), gpu: temperature('GPU') },
    rails: sample.rails.map((r) => ({
      rail: canonicalNanoRail(r.name),
      watts: r.currentMW / 1000,
      source: 'measured' as const,
    })),
  };
}
