/**
 * The trace: one JSON object per line, {t, kind, ...}, t in ms since the start. The same format
 * comes out of the simulator and of hardware-in-the-loop runs. No wall-clock figure goes into it, so
 * the same scenario, seed and policy give byte-identical traces.
 */
import type { Configuration } from '../models/types.js';
import type { Budgets, InferenceRecord } from '../policies/types.js';

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
      /** Where the run happened: the twin, or a real board (whose power may be measured or modelled). */
      board?: { kind: 'twin' } | { kind: 'real'; profile: string; power: 'measured' | 'modelled'; workload?: string };
    }
  | { t: number; kind: 'lag'; lateMs: number }
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
      powerW: number;
      powerByRailW: Record<string, number>;
      truePowerW: number;
      groups: number;
    }
  | { t: number; kind: 'coworkload'; name: string; event: 'start' | 'end'; unit: string }
  | { t: number; kind: 'budgets'; budgets: Budgets }
  | { t: number; kind: 'power-mode'; mode: string }
  | { t: number; kind: 'throttle'; effectiveFreqMHz: Record<string, number> }
  | { t: number; kind: 'end'; metrics: Record<string, unknown> };

export type TraceSink = (event: TraceEvent) => void;

/** The events of one kind, typed as such. */
export function ofKind<K extends TraceEvent['kind']>(
  events: readonly TraceEvent[],
  kind: K,
): Extract<TraceEvent, { kind: K }>[] {
  return events.filter((e): e is Extract<TraceEvent, { kind: K }> => e.kind === kind);
}
