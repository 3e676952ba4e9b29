/**
 * Replays a run's trace in the twin and sets the twin's predictions against what was measured: the
 * latency (service time) and energy of every inference, under the configuration and co-workloads of
 * its moment, and the board's power as its sensors showed it at every read (the model's power, busy
 * while an inference ran and idle otherwise, passed through the platform's sensor model: a sampled
 * sensor shows the average over its last completed update period). Per window of the run and overall.
 *
 * Co-workloads the board ran outside the loop (a scenario's rt-app workloads, run by the real rt-app,
 * leave no co-workload event in the trace) are given to the replay as the twin's stretches of them, at
 * their own times: the twin predicts each inference under the load the board had.
 */
import { accuracyMetrics, type AccuracyMetrics } from '../calibration/accuracyMetrics.js';
import type { Dnn } from '../dnn/types.js';
import { checkConfiguration } from '../models/checkConfiguration.js';
import { idlePowerByComponentW } from '../models/idlePower.js';
import { evaluate } from '../models/predict.js';
import { cascadeCost } from '../models/anytime.js';
import type { Configuration, Contention, Platform, RuntimeName } from '../models/types.js';
import type { Coworkload, Scenario } from '../scenarios/types.js';
import { SampledSensor } from '../sim/sampledSensor.js';
import { contentionOf } from '../sim/scenarioTimeline.js';
import type { TraceEvent } from '../sim/traceEvents.js';
import { meanOrNull } from './pairedStatistics.js';

/** One window of the run: measured against predicted latency and power. */
export interface WindowComparison {
  /** Its start, s from the run's start. */
  startS: number;
  /** Its end, s from the run's start. */
  endS: number;
  /** Inferences that ended in it. */
  inferences: number;
  /** Mean service time measured, ms; null with no inference. */
  measuredLatencyMs: number | null;
  /** Mean service time the twin predicts, ms; null with no inference. */
  predictedLatencyMs: number | null;
  /** Mean board power the sensors showed, W; null without readings. */
  measuredPowerW: number | null;
  /** Mean board power the twin predicts the sensors show, W; null without readings. */
  predictedPowerW: number | null;
}

/** A measured run set against the twin's predictions (`twinrtm hil compare`). */
export interface TraceComparison {
  /** The scenario's id, from the trace's run event. */
  scenario: string;
  /** The policy's name, from the trace's run event. */
  policy: string;
  /** Power of the run was measured by sensors, or only modelled (then power is not compared). */
  power: 'measured' | 'modelled' | 'twin';
  /** The runtime whose time profiles the twin predicted with (the platform's, from withRuntime); null: each unit's own. */
  runtime: RuntimeName | null;
  /** Of each inference's service time; null with no inference to compare. */
  latency: AccuracyMetrics | null;
  /** Of each inference's energy; null when power was only modelled, or with nothing to compare. */
  energy: AccuracyMetrics | null;
  /** Of the board power at each sensor read; null when power was only modelled, or with nothing to compare. */
  powerAccuracy: AccuracyMetrics | null;
  /** Per window of the run. */
  windows: WindowComparison[];
}

/** The trace with a start and an end event for each co-workload the board ran outside it, each in time order. */
function withReplayed(events: readonly TraceEvent[], replayed: readonly Coworkload[], endMs: number): TraceEvent[] {
  if (replayed.length === 0) return [...events];
  const added: TraceEvent[] = replayed.flatMap((c) => [
    { t: c.startS * 1000, kind: 'coworkload' as const, name: c.name, event: 'start' as const, unit: c.unit },
    {
      t: Math.min(c.endS ?? Infinity, endMs / 1000) * 1000,
      kind: 'coworkload' as const,
      name: c.name,
      event: 'end' as const,
      unit: c.unit,
    },
  ]);
  // Ends before starts at one time, so back-to-back stretches never overlap.
  added.sort(
    (a, b) =>
      a.t - b.t ||
      (a.kind === 'coworkload' && a.event === 'end' ? -1 : 1) - (b.kind === 'coworkload' && b.event === 'end' ? -1 : 1),
  );
  const out: TraceEvent[] = [];
  let k = 0;
  for (const e of events) {
    while (k < added.length && added[k]!.t <= e.t) out.push(added[k++]!);
    out.push(e);
  }
  return out.concat(added.slice(k));
}

/**
 * Replays a run's trace in the twin and sets the predictions against what was measured: each
 * inference's latency and energy under the configuration and co-workloads of its moment, and the
 * board's power as its sensors showed it, per window and overall (see the file's comment).
 *
 * @param windowS - the windows' length, s
 * @param replayed - co-workloads of the scenario the board ran without a trace event (see above)
 * @throws Error when the trace has no run event (not a twinrtm trace)
 */
export function compareTrace(
  trace: readonly TraceEvent[],
  scenario: Scenario,
  platform: Platform,
  dnn: Dnn,
  windowS = 1,
  replayed: readonly Coworkload[] = [],
): TraceComparison {
  const events = withReplayed(
    trace,
    replayed,
    trace.reduce((end, e) => Math.max(end, e.t), 0),
  );
  const run = events.find((e): e is Extract<TraceEvent, { kind: 'run' }> => e.kind === 'run');
  if (!run) throw new Error('the trace has no run event: not a twinrtm trace');
  const power = run.board?.kind === 'real' ? run.board.power : 'twin';
  let config: Configuration = checkConfiguration(platform, dnn, scenario.initialConfig, scenario.powerMode);
  const active = new Map<string, Coworkload>();
  let contention: Contention = {};
  const unitOf = new Map(platform.units.map((u) => [u.id, u]));
  const latency: [number, number][] = [];
  const energy: [number, number][] = [];
  const powerPairs: [number, number][] = [];
  // Every inference's busy interval, known before the sensor windows are compared: an inference is
  // traced when it ends, after the windows it spans.
  const busy: [number, number][] = events
    .filter((e): e is Extract<TraceEvent, { kind: 'inference' }> => e.kind === 'inference')
    .map((e) => [e.startMs, e.endMs] as [number, number])
    .sort((a, b) => a[0] - b[0]);
  let firstOpen = 0;
  const perWindow = new Map<number, { lat: [number, number][]; pow: [number, number][] }>();
  const windowOf = (t: number) => {
    const k = Math.floor(t / (windowS * 1000));
    let w = perWindow.get(k);
    if (!w) {
      w = { lat: [], pow: [] };
      perWindow.set(k, w);
    }
    return w;
  };
  let lastSensorT = 0;
  // The platform's power sensor, fed the model's power; created at the first read, as the board's.
  const spec = platform.powerSensor;
  let sensor: SampledSensor | null = null;
  /** The model's energy fed to the sensor so far, mJ. */
  let predictedMJ = 0;
  // Leakage depends on temperature: predict at the die temperature the sensors last read (the
  // ambient before the first read, where the twin starts).
  let temperatureC: number | undefined = Math.round(scenario.ambientC);
  const at = () => ({ contention, thermalCaps: false, ...(temperatureC !== undefined ? { temperatureC } : {}) });
  for (const e of events) {
    switch (e.kind) {
      case 'apply':
        config = e.config;
        break;
      case 'coworkload': {
        const cw = scenario.coworkloads.find((c) => c.name === e.name);
        if (cw) {
          if (e.event === 'start') active.set(cw.name, cw);
          else active.delete(cw.name);
        }
        contention = contentionOf(
          [...active.values()],
          (u) => unitOf.get(u)?.cores ?? 1,
          (u) => unitOf.get(u)?.kind === 'gpu',
        );
        break;
      }
      case 'inference': {
        const ran = {
          groups: e.groups,
          unit: e.unit,
          cores: e.cores,
          freqMHz: { ...config.freqMHz, [e.unit]: e.freqMHz },
        };
        // An anytime inference ran the cascade to the g it stopped at, not that g's fixed network.
        const p =
          e.confidenceThreshold === undefined
            ? evaluate(platform, dnn, checkConfiguration(platform, dnn, ran, scenario.powerMode), at(), false)
            : cascadeCost(platform, dnn, ran, e.groups, {
                ...at(),
                ...(scenario.powerMode ? { powerMode: scenario.powerMode } : {}),
              });
        latency.push([p.timeMs, e.serviceMs]);
        if (e.energyMJ > 0) energy.push([p.energyMJ, e.energyMJ]);
        windowOf(e.endMs).lat.push([p.timeMs, e.serviceMs]);
        break;
      }
      case 'sensor': {
        const from = lastSensorT;
        lastSensorT = e.t;
        const temps = Object.values(e.temperatureC).filter((x) => Number.isFinite(x));
        const die = temps.length > 0 ? Math.max(...temps) : undefined;
        if (power === 'modelled' || e.t <= from) break;
        // Share of the window the DNN was busy, from the inferences that overlap it.
        let busyMs = 0;
        while (firstOpen < busy.length && busy[firstOpen]![1] <= from) firstOpen++;
        for (let i = firstOpen; i < busy.length && busy[i]![0] < e.t; i++) {
          const [s, end] = busy[i]!;
          busyMs += Math.max(0, Math.min(end, e.t) - Math.max(s, from));
        }
        const share = Math.min(1, busyMs / (e.t - from));
        // The frequencies the sensors read (thermal caps included), where they are operating points.
        const freqMHz = { ...config.freqMHz };
        for (const [u, f] of Object.entries(e.freqMHz))
          if (platform.units.find((x) => x.id === u)?.opps.points.some((o) => o.freqMHz === f)) freqMHz[u] = f;
        const windowConfig = checkConfiguration(platform, dnn, { ...config, freqMHz }, scenario.powerMode);
        const busyW = evaluate(platform, dnn, windowConfig, at(), false).avgPowerW;
        const idleW = idlePowerByComponentW(platform, windowConfig.freqMHz, contention, temperatureC).reduce(
          (s, w) => s + w,
          0,
        );
        let predicted = share * busyW + (1 - share) * idleW;
        if (spec?.kind === 'sampled') {
          sensor ??= new SampledSensor(spec.updatePeriodMs, 0, [idleW]);
          const fed = sensor;
          // The model's power through the window, busy while an inference ran, into the sensor.
          let t = from;
          const feed = (to: number, w: number) => {
            fed.step(t, to, [predictedMJ], [w]);
            predictedMJ += w * (to - t);
            t = to;
          };
          for (let i = firstOpen; i < busy.length && busy[i]![0] < e.t; i++) {
            const s0 = Math.max(busy[i]![0], from);
            const s1 = Math.min(busy[i]![1], e.t);
            if (s1 <= t) continue;
            if (s0 > t) feed(s0, idleW);
            feed(s1, busyW);
          }
          feed(e.t, idleW);
          predicted = sensor.shownW[0]!;
        }
        powerPairs.push([predicted, e.truePowerW]);
        windowOf((from + e.t) / 2).pow.push([predicted, e.truePowerW]);
        temperatureC = die;
        break;
      }
      default:
        break;
    }
  }
  const metrics = (pairs: readonly [number, number][]) =>
    accuracyMetrics(
      pairs.map((p) => p[0]),
      pairs.map((p) => p[1]),
    );
  const windows = [...perWindow.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([k, w]) => ({
      startS: k * windowS,
      endS: (k + 1) * windowS,
      inferences: w.lat.length,
      measuredLatencyMs: meanOrNull(w.lat.map((p) => p[1])),
      predictedLatencyMs: meanOrNull(w.lat.map((p) => p[0])),
      measuredPowerW: meanOrNull(w.pow.map((p) => p[1])),
      predictedPowerW: meanOrNull(w.pow.map((p) => p[0])),
    }));
  return {
    scenario: run.scenario,
    policy: run.policy,
    power,
    runtime: platform.runtime ?? null,
    latency: metrics(latency.filter((p) => p[1] > 0)),
    energy: power === 'modelled' ? null : metrics(energy),
    powerAccuracy: power === 'modelled' ? null : metrics(powerPairs.filter((p) => p[1] > 0)),
    windows,
  };
}
