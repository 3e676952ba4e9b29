/**
 * Export of a trace to the Chrome Trace Event format (the JSON Object Format), which Perfetto and
 * chrome://tracing open: inference slices on one track per unit ('X' complete events, microsecond
 * timestamps), and counters ('C' events) for frequency, power, temperature and active groups.
 */
import type { TraceEvent } from './traceEvents.js';

/** One event of the Chrome Trace Event format. */
export interface ChromeTraceEvent {
  /** The slice's, counter's or instant's name. */
  name: string;
  /** Phase: 'X' complete, 'C' counter, 'M' metadata, 'i' instant. */
  ph: 'X' | 'C' | 'M' | 'i';
  /** Timestamp, us. */
  ts: number;
  /** Process id (one process: the board). */
  pid: number;
  /** Thread id: the track (one per unit, 0 for the board). */
  tid: number;
  /** Duration of a complete event, us. */
  dur?: number;
  /** Scope of an instant: global, process or thread. */
  s?: 'g' | 'p' | 't';
  /** Category. */
  cat?: string;
  /** The event's values (a counter's series, a slice's details, a track's name). */
  args?: Record<string, unknown>;
}

/** A Chrome trace (JSON Object Format), as Perfetto and chrome://tracing open it. */
export interface ChromeTrace {
  /** The events, in file order. */
  traceEvents: ChromeTraceEvent[];
  /** How the viewer shows times. */
  displayTimeUnit: 'ms';
  /** The run's details (scenario, policy, seed, platform, DNN) and its metrics. */
  otherData: Record<string, unknown>;
}

const PID = 1;
/** Track for counters and board-wide instants. */
const BOARD_TID = 0;

/** Converts trace events (in file order) to a Chrome trace. */
export function toChromeTrace(events: Iterable<TraceEvent>): ChromeTrace {
  const out: ChromeTraceEvent[] = [];
  const tids = new Map<string, number>();
  const tidOf = (unit: string): number => {
    let tid = tids.get(unit);
    if (tid === undefined) {
      tid = tids.size + 1;
      tids.set(unit, tid);
      out.push({ name: 'thread_name', ph: 'M', ts: 0, pid: PID, tid, args: { name: `DNN on ${unit}` } });
    }
    return tid;
  };
  const us = (ms: number) => Math.round(ms * 1000);
  const otherData: Record<string, unknown> = {};
  out.push({ name: 'thread_name', ph: 'M', ts: 0, pid: PID, tid: BOARD_TID, args: { name: 'board' } });
  for (const e of events) {
    switch (e.kind) {
      case 'run':
        Object.assign(otherData, {
          scenario: e.scenario,
          policy: e.policy,
          seed: e.seed,
          platform: e.platform,
          dnn: e.dnn,
        });
        out.push({
          name: 'process_name',
          ph: 'M',
          ts: 0,
          pid: PID,
          tid: BOARD_TID,
          args: { name: `${e.platform}: ${e.scenario} under ${e.policy}` },
        });
        for (const u of e.units) tidOf(u);
        break;
      case 'inference':
        out.push({
          name: `inference g=${e.groups}`,
          cat: 'dnn',
          ph: 'X',
          ts: us(e.startMs),
          dur: Math.max(0, us(e.endMs) - us(e.startMs)),
          pid: PID,
          tid: tidOf(e.unit),
          args: {
            groups: e.groups,
            cores: e.cores,
            freqMHz: e.freqMHz,
            latencyMs: e.latencyMs,
            energyMJ: e.energyMJ,
            deadlineMet: e.deadlineMet,
          },
        });
        break;
      case 'sensor':
        out.push({ name: 'frequency MHz', ph: 'C', ts: us(e.t), pid: PID, tid: BOARD_TID, args: { ...e.freqMHz } });
        out.push({ name: 'power W', ph: 'C', ts: us(e.t), pid: PID, tid: BOARD_TID, args: { board: e.truePowerW } });
        out.push({
          name: 'temperature C',
          ph: 'C',
          ts: us(e.t),
          pid: PID,
          tid: BOARD_TID,
          args: { ...e.temperatureC },
        });
        out.push({ name: 'active groups', ph: 'C', ts: us(e.t), pid: PID, tid: BOARD_TID, args: { groups: e.groups } });
        break;
      case 'apply':
      case 'lag':
      case 'note':
      case 'rejected':
      case 'drop':
      case 'coworkload':
      case 'budgets':
      case 'power-mode':
      case 'throttle': {
        const { t, kind, ...args } = e;
        out.push({ name: kind, cat: 'control', ph: 'i', s: 'g', ts: us(t), pid: PID, tid: BOARD_TID, args });
        break;
      }
      case 'end':
        otherData.metrics = e.metrics;
        break;
      case 'decision':
        break;
    }
  }
  return { traceEvents: out, displayTimeUnit: 'ms', otherData };
}
