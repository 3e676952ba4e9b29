/**
 * The trace: one JSON object per line, {t, kind, ...}, t in ms since the start. The same format
 * comes out of the simulator and of hardware-in-the-loop runs. No wall-clock figure goes into it, so
 * the same scenario, seed and policy give byte-identical traces.
 */
import type { Configuration, RuntimeName } from '../models/types.js';
import type { Budgets, InferenceRecord } from '../policies/types.js';

/** One line of a run's JSON Lines trace, told apart by `kind`; `t` is ms since the run started. */
export type TraceEvent =
  | {
      t: number;
      kind: 'run';
      scenario: string;
      policy: string;
      seed: number;
      platform: string;
      dnn: string;
      units: string[];
      durationS: number;
      /**
       * Where the run happened: the twin, or a real board (whose power may be measured or modelled).
       * A real board's `runtime` is the inference runtime its workload ran on, when known (the
       * built-in engine's, or hil run --runtime's): hil compare predicts with its time profile.
       */
      board?:
        | { kind: 'twin' }
        | { kind: 'real'; profile: string; power: 'measured' | 'modelled'; workload?: string; runtime?: RuntimeName };
    }
  | {
      t: number;
      /** A control tick came more than a control period late (on the wall clock only). */
      kind: 'lag';
      /** How late, ms. */
      lateMs: number;
    }
  | { t: number; kind: 'note'; text: string }
  | ({ t: number; kind: 'inference' } & InferenceRecord)
  | { t: number; kind: 'drop'; arrivalMs: number }
  | { t: number; kind: 'decision'; config: Configuration }
  | { t: number; kind: 'rejected'; reason: string; decision: unknown }
  | { t: number; kind: 'apply'; config: Configuration; stallMs: number }
  | {
      t: number;
      kind: 'sensor';
      freqMHz: Record<string, number>;
      utilisation: Record<string, number>;
      temperatureC: Record<string, number>;
      /** Board power as the policy's telemetry shows it (with the scenario's noise), W. */
      powerW: number;
      powerByRailW: Record<string, number>;
      /** Board power as the board read it, before the noise, W. */
      truePowerW: number;
      /** Active groups of the configuration in force. */
      groups: number;
    }
  | { t: number; kind: 'coworkload'; name: string; event: 'start' | 'end'; unit: string }
  | { t: number; kind: 'budgets'; budgets: Budgets }
  | { t: number; kind: 'power-mode'; mode: string }
  | { t: number; kind: 'throttle'; effectiveFreqMHz: Record<string, number> }
  | { t: number; kind: 'end'; metrics: Record<string, unknown> };

/** A run event's board record (above). */
export type RunBoard = NonNullable<Extract<TraceEvent, { kind: 'run' }>['board']>;

/** Receives trace events as they happen (simulate's and runHil's `trace` option). */
export type TraceSink = (event: TraceEvent) => void;

/** The events of one kind, typed as such. */
export function ofKind<K extends TraceEvent['kind']>(
  events: readonly TraceEvent[],
  kind: K,
): Extract<TraceEvent, { kind: K }>[] {
  return events.filter((e): e is Extract<TraceEvent, { kind: K }> => e.kind === kind);
}
