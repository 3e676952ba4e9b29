/**
 * The JSON some commands print with --json, as types: the README's contract, which the commands write
 * and `twinrtm report` reads back. Here rather than beside each command so that cli/report imports
 * no command (cli/commands/report.ts imports cli/report: a cycle otherwise).
 */
import type { Outlier, Validation } from '../calibration/calibrate.js';
import type { UnitFit } from '../calibration/fitPlatform.js';
import type { MeasurementProblem } from '../calibration/types.js';
import type { RunAgreement } from '../hil/compareRuns.js';
import type { TraceComparison } from '../hil/compareTrace.js';
import type { ControlLatency } from '../hil/controlLatency.js';
import type { AnytimeStops } from '../hil/anytimeStops.js';
import type { RtappWorkloadComparison } from '../hil/compareRtapp.js';
import type { MeasuredTop1 } from '../hil/measuredTop1.js';
import type { Prediction, RuntimeName } from '../models/types.js';
import type { Metrics } from '../sim/metrics.js';

/** What `simulate --json` prints. */
export interface SimulateJson {
  scenario: string;
  /** The network run: the scenario's, or the one --dnn-file read (its id). */
  dnn: string;
  /** The runtime chosen with --runtime, whose time profiles the twin used; absent: each unit's own. */
  runtime?: RuntimeName;
  seed: number;
  controlLatencyMs?: number;
  results: { policy: string; metrics: Metrics }[];
}

/** What `space --json` prints. */
export interface SpaceJson {
  platform: string;
  dnn: string;
  /** The runtime chosen with --runtime, whose time profiles the configs were predicted with; absent: each unit's own. */
  runtime?: RuntimeName;
  spaceSize: number;
  /** The objectives of the front the configs were reduced to; null: the whole space. */
  pareto: string[] | null;
  /** What stands in for an unmeasured accuracy on the front. */
  accuracyProxy: 'groups' | null;
  count: number;
  /** Anytime configurations carry config.confidenceThreshold, p95TimeMs and maxTimeMs (their mean time is timeMs). */
  configs: Pick<
    Prediction,
    'config' | 'timeMs' | 'p95TimeMs' | 'maxTimeMs' | 'energyMJ' | 'avgPowerW' | 'accuracy' | 'confidence'
  >[];
}

/** What `calibrate --json` prints. */
export interface CalibrateJson {
  platform: string;
  dnn: string;
  /** The runtime chosen with --runtime, whose time profile was fitted; absent: each unit's own. */
  runtime?: RuntimeName;
  out: string;
  rows: number;
  dropped: MeasurementProblem[];
  params: { unit: string; time: UnitFit['time']; power: UnitFit['power'] }[];
  validation: Validation;
  outliers: Outlier[];
}

/** What `hil compare --simulate` adds: the two runs compared, and the run's control latency the twin was given. */
export type Rerun = RunAgreement & { controlLatency: ControlLatency | null };

/**
 * What `hil compare --json` prints: `anytime`, where the run's anytime inferences stopped against the
 * twin's measured images (empty without any); `rtapp`, each rt-app workload's tasks against the twin's
 * threads; `runRuntime`, the runtime the trace names; `runtimeNote`, why the twin used each unit's own
 * profile instead; `runs` with --simulate.
 */
export type CompareJson = TraceComparison & {
  top1: { measured: MeasuredTop1 | null; table: number | null };
  anytime: AnytimeStops[];
  rtapp: RtappWorkloadComparison[];
  runRuntime: RuntimeName | null;
  runtimeNote: string | null;
  runs?: Rerun;
};
