/**
 * NVIDIA's tegrastats line, parsed into the same telemetry the sysfs adapter reports, so a run can
 * use either source on a Jetson Nano. Format (boards.md, the idle-Nano sample):
 * `RAM 2015/3964MB (lfb 98x4MB) SWAP 29/1982MB (cached 3MB) CPU [6%@102,5%@102,4%@102,3%@102]
 * EMC_FREQ 0% GR3D_FREQ 0% PLL@28C CPU@31.5C PMIC@100C GPU@30.5C AO@36C thermal@31.25C
 * POM_5V_IN 1388/1388 POM_5V_GPU 122/122 POM_5V_CPU 163/163`.
 */
import type { TelemetrySnapshot } from '../types.js';
import { canonicalNanoRail } from './ina3221.js';

/** One core in the CPU block; tegrastats prints `off` for an offline core. */
export type TegrastatsCpu = { online: true; loadPct: number; freqMHz: number | null } | { online: false };

/** A rail: current and average power, mW. */
export interface TegrastatsRail {
  name: string;
  currentMW: number;
  averageMW: number;
}

/** Everything the line says that the twin uses. */
export interface TegrastatsSample {
  ramUsedMB: number | null;
  ramTotalMB: number | null;
  cpus: TegrastatsCpu[];
  /** Memory controller load and clock (the clock only when tegrastats runs as root). */
  emc: { loadPct: number; freqMHz: number | null } | null;
  /** GR3D_FREQ: GPU load, and its clock when tegrastats runs as root. */
  gpu: { loadPct: number; freqMHz: number | null } | null;
  /** Every `NAME@TC` entry, as printed (PMIC included). */
  temperaturesC: Record<string, number>;
  rails: TegrastatsRail[];
}

/**
 * Parses one tegrastats line. Also accepts the later spellings: `mW` after rail values and a third
 * (peak) value, `GR3D_FREQ 45%@[921,921]` with one clock per GPC (the first is taken).
 */
export function parseTegrastats(line: string): TegrastatsSample {
  const ram = /\bRAM (\d+)\/(\d+)MB/.exec(line);
  const cpuBlock = /\bCPU \[([^\]]*)\]/.exec(line);
  const cpus: TegrastatsCpu[] = (cpuBlock?.[1] ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map((entry) => {
      const m = /^(\d+(?:\.\d+)?)%(?:@(\d+(?:\.\d+)?))?$/.exec(entry);
      return m ? { online: true as const, loadPct: Number(m[1]), freqMHz: m[2] === undefined ? null : Number(m[2]) } : { online: false as const };
    });
  const loadAt = (name: string) => {
    const m = new RegExp(`\\b${name} (\\d+(?:\\.\\d+)?)%(?:@\\[?(\\d+(?:\\.\\d+)?)[\\d,]*\\]?)?`).exec(line);
    return m ? { loadPct: Number(m[1]), freqMHz: m[2] === undefined ? null : Number(m[2]) } : null;
  };
  const temperaturesC: Record<string, number> = {};
  for (const m of line.matchAll(/(?:^|\s)([A-Za-z][\w-]*)@(-?\d+(?:\.\d+)?)C(?=\s|$)/g)) temperaturesC[m[1]!] = Number(m[2]);
  const rails: TegrastatsRail[] = [];
  // A rail is "NAME cur/avg" with optional mW units and an optional third value; the lookahead keeps
  // "RAM 2015/3964MB" and "SWAP 29/1982MB" out.
  for (const m of line.matchAll(/(?:^|\s)([A-Za-z][\w]*) (\d+)(?:mW)?\/(\d+)(?:mW)?(?:\/\d+(?:mW)?)?(?=\s|$)/g)) {
    rails.push({ name: m[1]!, currentMW: Number(m[2]), averageMW: Number(m[3]) });
  }
  return {
    ramUsedMB: ram ? Number(ram[1]) : null,
    ramTotalMB: ram ? Number(ram[2]) : null,
    cpus,
    emc: loadAt('EMC_FREQ'),
    gpu: loadAt('GR3D_FREQ'),
    temperaturesC,
    rails,
  };
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
  return {
    freqMHz: { a57: freqs.length === 0 ? null : Math.max(...freqs), gpu: sample.gpu?.freqMHz ?? null },
    utilisation: {
      a57: online.length === 0 ? null : Math.max(...online.map((c) => c.loadPct)) / 100,
      gpu: sample.gpu === null ? null : sample.gpu.loadPct / 100,
    },
    temperatureC: { a57: temperature('CPU'), gpu: temperature('GPU') },
    rails: sample.rails.map((r) => ({ rail: canonicalNanoRail(r.name), watts: r.currentMW / 1000, source: 'measured' as const })),
  };
}
