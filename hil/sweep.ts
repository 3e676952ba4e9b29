/**
 * `hil sweep`: measure the real workload over configurations (unit x cores x groups x frequency) into
 * the calibration CSV format: one row per timed inference, and with per-layer times one row per layer
 * as well. Power columns hold the rails the board measures, averaged over each configuration's timed
 * inferences; a board without sensors leaves them out (calibration then fits time only).
 */
import type { Dnn } from '../dnn/types.js';
import type { Platform } from '../models/types.js';
import { MEASUREMENT_COLUMNS } from '../calibration/types.js';
import { InputError } from '../dnn/inputError.js';
import { BoardFailure } from './boardFailure.js';
import type { BoardAdapter } from './types.js';
import { WORKLOAD_START_TIMEOUT_MS, WorkloadStartError, withinMs } from './workload/workloadPool.js';
import type { WorkloadProcess } from './workload/workloadProcess.js';

/** What a sweep measures: every unit x cores x frequency x groups, repeat timed inferences each. */
export interface SweepPlan {
  /** Units to measure (platform unit ids). */
  units: string[];
  /** Active-group counts. */
  groups: number[];
  /** Core counts. */
  cores: number[];
  /** Frequencies per unit; a unit without DVFS is measured at its one nominal point. */
  freqMHz: Record<string, number[]>;
  /** Timed inferences per configuration. */
  repeat: number;
  /** Untimed inferences before each configuration's timed ones (caches, JIT, clocks settle). */
  warmup: number;
  /** Also write one row per layer (needs a workload that reports layer times). */
  layers: boolean;
  /**
   * Idle ms before each timed inference (0: back to back). A scenario paces its inferences, and an
   * inference after a pause finds colder caches and sleeping cores than one right after another.
   * Time only: with gaps the power columns stay empty (a sensor window would average the idle in).
   */
  gapMs: number;
}

/** Where a sweep's CSV and progress go. */
export interface SweepIo {
  /** Writes one CSV line (without the newline). */
  line(text: string): void;
  /** Called before each configuration (and once at the end): configurations done, of total, and which one. */
  progress(done: number, total: number, what: string): void;
}

/** A sweep: the board, the models, the plan, how to start the workload and where the rows go. */
export interface SweepOptions {
  /** The board's adapter (clocks and power sensors). */
  adapter: BoardAdapter;
  /** Waits some ms (default: setTimeout). */
  sleep?: (ms: number) => Promise<void>;
  /** The board's model (units, cpus, operating points). */
  platform: Platform;
  /** The network measured. */
  dnn: Dnn;
  /** What to measure. */
  plan: SweepPlan;
  /** Starts the DNN workload on these cpus with this many threads. */
  startWorkload(unit: string, cores: number, cpus: readonly number[]): WorkloadProcess;
  /** Where rows and progress go. */
  io: SweepIo;
  /** How long a workload may take to say it is ready and answer its warm-up, ms (default WORKLOAD_START_TIMEOUT_MS). */
  startTimeoutMs?: number;
  /** How long one timed inference may take, ms (default WORKLOAD_START_TIMEOUT_MS). */
  inferenceTimeoutMs?: number;
}

function csvCell(value: string | number | null): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The configurations a plan measures, in the order it measures them (one workload per unit and cores). */
export function sweepConfigurations(
  plan: SweepPlan,
): { unit: string; cores: number; freqMHz: number; groups: number }[] {
  const out: { unit: string; cores: number; freqMHz: number; groups: number }[] = [];
  for (const unit of plan.units)
    for (const cores of plan.cores)
      for (const freqMHz of plan.freqMHz[unit] ?? [])
        for (const groups of plan.groups) out.push({ unit, cores, freqMHz, groups });
  return out;
}

/** A workload that stopped answering is killed at once (closing it would wait for it); the error goes on. */
function stuck(workload: WorkloadProcess, error: Error): Error {
  workload.kill();
  return error;
}

/**
 * Measures every configuration of the plan on the board (`twinrtm hil sweep`), writing the
 * calibration CSV through `io.line`, its header first: what {@link twinrtm!calibrate} reads.
 *
 * @returns rows written, per-layer rows among them, and configurations measured
 */
export async function runSweep(o: SweepOptions): Promise<{ rows: number; layerRows: number; configurations: number }> {
  const caps = o.adapter.capabilities();
  const rails = caps.measuredRails;
  const sleep = o.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  o.io.line([...MEASUREMENT_COLUMNS, ...rails.map((r) => `power_${r}_W`)].join(','));
  const configs = sweepConfigurations(o.plan);
  const layerNames = o.dnn.layers.map((l) => l.name);
  let rows = 0;
  let layerRows = 0;
  let workload: WorkloadProcess | null = null;
  let running: string | null = null;
  try {
    for (const [i, c] of configs.entries()) {
      const where = `${c.unit} x${c.cores} ${c.freqMHz} MHz g=${c.groups}`;
      o.io.progress(i, configs.length, where);
      const unitCaps = caps.units.find((u) => u.id === c.unit);
      if (unitCaps?.dvfs) o.adapter.setFrequencyMHz(c.unit, c.freqMHz);
      const key = `${c.unit}|${c.cores}`;
      if (running !== key) {
        await workload?.close();
        const cpus = (
          unitCaps && unitCaps.onlineCpus.length > 0
            ? unitCaps.onlineCpus
            : (o.platform.units.find((u) => u.id === c.unit)?.cpus ?? [])
        ).slice(0, c.cores);
        const started = o.startWorkload(c.unit, c.cores, cpus);
        workload = started;
        const startMs = o.startTimeoutMs ?? WORKLOAD_START_TIMEOUT_MS;
        const ready = await withinMs(started.ready(), startMs, () =>
          stuck(
            started,
            new WorkloadStartError(
              `the workload for ${c.unit} x${c.cores} did not say it was ready within ${startMs / 1000} s`,
            ),
          ),
        );
        // The command given cannot run the DNN: the user's to fix, as hil run says it (exit 2).
        if (typeof ready.error === 'string')
          throw new WorkloadStartError(`the workload for ${c.unit} x${c.cores} failed to start: ${ready.error}`);
        // A workload on fewer threads than the cores asked for would file its times under the wrong count.
        const threads = ready.threads;
        if (typeof threads === 'number' && threads !== c.cores) {
          throw new InputError(
            `the workload runs ${threads} thread${threads === 1 ? '' : 's'} where ${c.cores} cores are measured (its ready line: ${String(ready.runtime ?? ready.engine ?? 'no runtime named')}): sweep --cores ${threads}, or run another engine`,
          );
        }
        running = key;
      }
      for (let w = 0; w < o.plan.warmup; w++) {
        const startMs = o.startTimeoutMs ?? WORKLOAD_START_TIMEOUT_MS;
        const reply = await withinMs(workload!.infer(c.groups), startMs, () =>
          stuck(
            workload!,
            new WorkloadStartError(
              `the workload did not answer a warm-up inference at ${where} within ${startMs / 1000} s`,
            ),
          ),
        );
        if ('error' in reply)
          throw new WorkloadStartError(`the workload failed while warming up at ${where}: ${reply.error}`);
      }
      o.adapter.telemetry(); // opens the power and temperature window
      const replies = [];
      for (let r = 0; r < o.plan.repeat; r++) {
        if (o.plan.gapMs > 0) await sleep(o.plan.gapMs);
        const inferenceMs = o.inferenceTimeoutMs ?? WORKLOAD_START_TIMEOUT_MS;
        const reply = await withinMs(workload!.infer(c.groups, o.plan.layers), inferenceMs, () =>
          stuck(
            workload!,
            new BoardFailure(`an inference at ${where} took more than ${inferenceMs / 1000} s: the sweep cannot go on`),
          ),
        );
        // The workload worked, then stopped: not the user's input, and not a bug in twinrtm (exit 1).
        if ('error' in reply)
          throw new BoardFailure(`inference failed at ${where}: ${reply.error}: the sweep cannot go on`);
        replies.push(reply);
      }
      const t = o.adapter.telemetry();
      const temps = Object.values(t.temperatureC).filter((x): x is number => x !== null);
      const temperatureC = temps.length > 0 ? Math.max(...temps) : null;
      // With gaps, the window holds idle time too: its mean power is not the inferences'.
      const power = rails.map((rail) =>
        o.plan.gapMs > 0 ? null : (t.rails.find((r) => r.rail === rail && r.source === 'measured')?.watts ?? null),
      );
      const cells = (layer: string | null, timeMs: number, withPower: boolean) =>
        [
          o.platform.id,
          c.unit,
          o.dnn.id,
          c.groups,
          c.cores,
          c.freqMHz,
          0,
          temperatureC,
          layer,
          timeMs,
          ...rails.map((_, k) => (withPower ? power[k]! : null)),
        ]
          .map(csvCell)
          .join(',');
      for (const reply of replies) {
        o.io.line(cells(null, reply.latencyMs, true));
        rows++;
        if (o.plan.layers && reply.layersMs && reply.layersMs.length === layerNames.length) {
          reply.layersMs.forEach((ms, k) => {
            if (ms > 0) {
              o.io.line(cells(layerNames[k]!, ms, false));
              rows++;
              layerRows++;
            }
          });
        }
      }
    }
    o.io.progress(configs.length, configs.length, 'done');
  } finally {
    await workload?.close();
  }
  return { rows, layerRows, configurations: configs.length };
}
