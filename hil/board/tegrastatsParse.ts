/**
 * The tegrastats line, entry by entry. The formats (boards.md's idle-Nano sample for JetPack 4;
 * NVIDIA's "Reported Statistics" table for later releases):
 *   JetPack 4:  RAM 2015/3964MB (lfb 98x4MB) SWAP 29/1982MB (cached 3MB) CPU [6%@102,off,...]
 *               EMC_FREQ 0% GR3D_FREQ 0% PLL@28C CPU@31.5C ... POM_5V_IN 1388/1388 ...
 *   later:      07-25-2026 09:08:28 RAM 20642/62817MB (lfb 1x2MB) CPU [23%@2201,...] EMC_FREQ 3%@3199
 *               GR3D_FREQ 12%@[1300,1300] NVENC0 off APE 174 cpu@52.968C/52.968C ...
 *               VDD_GPU_SOC 5139mW/5139mW/5139mW ...
 *   The later form (timestamp, two-value temperatures, -256C for a sensor that is off) is from
 *   published samples, not NVIDIA's table: check on the board.
 * An entry this parser does not know is skipped; an entry it knows but cannot read (a CPU block
 * that is not closed, a temperature that is not a number) becomes a problem, so a garbled line
 * says what is wrong instead of yielding silent nulls.
 */
import type { TegrastatsCpu, TegrastatsLoad, TegrastatsRail, TegrastatsSample } from './tegrastats.js';

const NUM = String.raw`\d+(?:\.\d+)?`;
/** "45%", "9%@1600", "12%@[1300,1300]" (one clock per GPC: the first is taken). */
const LOAD = new RegExp(String.raw`^(${NUM})%(?:@(?:(${NUM})|\[(${NUM})(?:,${NUM})*\]))?$`);
/** "@[1000,1000,1000]": a clock without a load (printed by some later releases). */
const CLOCK_ONLY = new RegExp(String.raw`^@\[(${NUM})(?:,${NUM})*\]$`);
/** "CPU@31.5C", "cpu@52.968C/52.968C", "CV0@-256C", "gpu@-256.00C/-256.00C". */
const TEMPERATURE = new RegExp(String.raw`^([A-Za-z][\w-]*)@(-?${NUM})C(?:/-?${NUM}C)?$`);
/** "1388/1388", "4000mW/3900mW/4200mW": current/average[/peak], mW. */
const RAIL_VALUE = /^(\d+)(?:mW)?\/(\d+)(?:mW)?(?:\/\d+(?:mW)?)?$/;
/** "2015/3964MB", "0/252kB(lfb" (the detail glued on). */
const MEMORY = /^(\d+)\/(\d+)(kB|MB|GB)(\(.*)?$/;
const NAME = /^[A-Za-z][\w]*$/;

/** tegrastats prints -256 for a thermal sensor that is powered off: not a temperature. */
export const SENSOR_OFF_C = -256;

function megabytes(value: number, unit: string): number {
  return unit === 'kB' ? value / 1024 : unit === 'GB' ? value * 1024 : value;
}

/** The whole CPU block once joined: "[6%@102,off]", or the older "[6%,5%]@102". */
const CPU_BLOCK = new RegExp(String.raw`^\[([^\]]*)\](?:@(${NUM}))?$`);
/** One core: "6%@102" or "6%" (its clock then from the block). */
const CPU_ENTRY = new RegExp(`^(${NUM})%(?:@(${NUM}))?$`);

/** The CPU block's entries: "6%@102", "off", and the older "[6%,5%]@102" with one clock for all. */
function parseCpuBlock(block: string, problems: string[]): TegrastatsCpu[] {
  const m = CPU_BLOCK.exec(block);
  if (!m) {
    problems.push(`CPU block '${block}' is not [load%@MHz,...]`);
    return [];
  }
  const shared = m[2] === undefined ? null : Number(m[2]);
  const cpus: TegrastatsCpu[] = [];
  const entries = m[1]!.split(',').map((s) => s.trim());
  for (const [k, entry] of entries.entries()) {
    if (entry === '') continue;
    if (entry === 'off') {
      cpus.push({ online: false });
      continue;
    }
    const e = CPU_ENTRY.exec(entry);
    if (e) cpus.push({ online: true, loadPct: Number(e[1]), freqMHz: e[2] === undefined ? shared : Number(e[2]) });
    else problems.push(`CPU entry ${k + 1} '${entry}' is not load%@MHz or off`);
  }
  return cpus;
}

/** Parses one line; never throws. */
export function parseTegrastatsLine(line: string): TegrastatsSample {
  const tokens = line
    .trim()
    .split(/\s+/)
    .filter((t) => t !== '');
  const problems: string[] = [];
  const temperaturesC: Record<string, number | null> = {};
  const loads: Record<string, TegrastatsLoad> = {};
  const rails: TegrastatsRail[] = [];
  let ram: { used: number; total: number } | null = null;
  let cpus: TegrastatsCpu[] = [];
  let recognised = 0;

  /** Index of the first token from `from` that closes with `close`, or -1. */
  const closing = (from: number, close: string): number => {
    for (let j = from; j < tokens.length; j++) if (tokens[j]!.includes(close)) return j;
    return -1;
  };

  let i = 0;
  while (i < tokens.length) {
    const t = tokens[i]!;
    const next = tokens[i + 1];
    if (/^\d{2}-\d{2}-\d{4}$/.test(t) && next !== undefined && /^\d{2}:\d{2}:\d{2}$/.test(next)) {
      i += 2; // the timestamp later releases print first
    } else if (t.startsWith('(')) {
      const j = closing(i, ')');
      if (j < 0) problems.push(`'${tokens.slice(i).join(' ')}' opens '(' and never closes it`);
      i = j < 0 ? tokens.length : j + 1;
    } else if (t === 'RAM' || t === 'SWAP' || t === 'IRAM') {
      const m = MEMORY.exec(next ?? '');
      if (!m) {
        problems.push(`${t} '${next ?? ''}' is not used/total with a unit (2015/3964MB)`);
        i += next === undefined ? 1 : 2;
        continue;
      }
      recognised++;
      if (t === 'RAM') ram = { used: megabytes(Number(m[1]), m[3]!), total: megabytes(Number(m[2]), m[3]!) };
      i += 2;
      if (m[4] !== undefined && !m[4].includes(')')) {
        const j = closing(i, ')');
        if (j < 0) problems.push(`${t}: '${m[4]}' opens '(' and never closes it`);
        i = j < 0 ? tokens.length : j + 1;
      }
    } else if (t === 'CPU' && next?.startsWith('[')) {
      const j = closing(i + 1, ']');
      if (j < 0) {
        problems.push(`CPU block '${tokens.slice(i + 1).join(' ')}' is not closed with ']'`);
        break;
      }
      cpus = parseCpuBlock(tokens.slice(i + 1, j + 1).join(''), problems);
      recognised++;
      i = j + 1;
    } else if (/^[A-Za-z][\w-]*@/.test(t)) {
      const m = TEMPERATURE.exec(t);
      if (m) {
        const c = Number(m[2]);
        temperaturesC[m[1]!] = c === SENSOR_OFF_C ? null : c;
        recognised++;
      } else problems.push(`'${t}' is not a temperature NAME@<number>C`);
      i += 1;
    } else if (NAME.test(t) && next !== undefined && (LOAD.test(next) || CLOCK_ONLY.test(next))) {
      const m = LOAD.exec(next);
      const c = CLOCK_ONLY.exec(next);
      const freq = m ? (m[2] ?? m[3]) : c![1];
      loads[t] = { loadPct: m ? Number(m[1]) : null, freqMHz: freq === undefined ? null : Number(freq) };
      // Only the loads a sample reports make a line a reading (a cut line's "FREQ 10%@..." does not).
      if (t === 'EMC_FREQ' || t === 'GR3D_FREQ') recognised++;
      i += 2;
    } else if (NAME.test(t) && next !== undefined && RAIL_VALUE.test(next)) {
      const m = RAIL_VALUE.exec(next)!;
      rails.push({ name: t, currentMW: Number(m[1]), averageMW: Number(m[2]) });
      recognised++;
      i += 2;
    } else if (NAME.test(t) && next !== undefined && /^\d/.test(next) && /[%/]/.test(next)) {
      problems.push(
        next.includes('/') ? `rail ${t} '${next}' is not current/average mW` : `${t} '${next}' is not load%[@MHz]`,
      );
      i += 2;
    } else {
      i += 1; // an entry of another release (NVENC off, APE 174, MTS fg 0% bg 0%): not used here
    }
  }
  if (recognised === 0 && problems.length === 0) {
    problems.push(
      `not a tegrastats line: no RAM, CPU [...], NAME@<T>C or rail entry in '${line.length > 60 ? `${line.slice(0, 60)}...` : line}'`,
    );
  }
  return {
    ramUsedMB: ram?.used ?? null,
    ramTotalMB: ram?.total ?? null,
    cpus,
    emc: loads.EMC_FREQ ?? null,
    gpu: loads.GR3D_FREQ ?? null,
    temperaturesC,
    rails,
    problems,
  };
}
