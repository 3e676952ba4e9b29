/**
 * The metrics of one run, collected as it goes in constant memory.
 */
import { accuracyOf, confidenceOf } from '../dnn/accuracyOf.js';
import type { Dnn } from '../dnn/types.js';
import type { InferenceRecord } from '../policies/types.js';
import { Histogram } from './histogram.js';

/**
 * A run's metrics: what `twinrtm simulate` prints; the trace's end event holds them without the
 * wall-clock figures (wallMs, decisionUs).
 */
export interface Metrics {
  /** Inferences finished. */
  inferences: number;
  /** Requests dropped because the queue was full (counted as deadline misses). */
  dropped: number;
  /** (late + dropped) / (finished + dropped); null when no request came. */
  deadlineMissRate: number | null;
  /** Arrival to result, queueing included (percentiles within 0.25 %). */
  latencyMs: {
    /** Median, ms. */
    p50: number | null;
    /** 95th percentile, ms. */
    p95: number | null;
    /** 99th percentile, ms. */
    p99: number | null;
  };
  /**
   * Mean top-1 accuracy of the inferences: the table's at each one's groups, or for anytime inference
   * whether it answered its image right; null while the DNN's accuracy is unmeasured.
   */
  meanAccuracy: number | null;
  /** Mean confidence (probability of the answer: the table's, or the image's for anytime inference) of the inferences; null while unmeasured. */
  meanConfidence: number | null;
  /** Mean active groups of the inferences (for anytime inference, the groups each ran); null with none. */
  meanGroups: number | null;
  /** Board energy while inferences were served, per inference, mJ. */
  energyPerInferenceMJ: number | null;
  /** Board energy over the run / simulated time. */
  avgPowerW: number;
  /** Highest true board power over one sensor period. */
  peakPowerW: number;
  /** Share of the time with a power cap in force during which the board drew more than the cap; null without a cap. */
  overPowerCapFraction: number | null;
  /** Configurations put in force. */
  reconfigurations: number;
  /** Decisions refused as invalid (or thrown). */
  rejectedDecisions: number;
  /**
   * The policy's own decide() time, measured on the wall clock, us: every call of the first 1,024,
   * then every 8th, counted 8 times (reading the clock cost more than a memoised decision).
   */
  decisionUs: {
    /** Median, us. */
    p50: number | null;
    /** 99th percentile, us. */
    p99: number | null;
  };
  /** Length of the run, s (simulated time; real time on a board). */
  simulatedS: number;
  /** Wall-clock time the run took, ms. */
  wallMs: number;
  /** Scheduler events run (the simulator's work). */
  events: number;
}

/** Collects a run's metrics as the loop reports what happens, in constant memory; finish() gives them. */
export class MetricsCollector {
  private readonly latency = new Histogram();
  private readonly decision = new Histogram();
  private finished = 0;
  private late = 0;
  private dropped = 0;
  private groupsSum = 0;
  private accuracySum: number | null = 0;
  private confidenceSum: number | null = 0;
  private inferenceEnergyMJ = 0;
  private peakW = 0;
  private capMs = 0;
  private overCapMs = 0;
  private reconfigurations = 0;
  private rejected = 0;

  /** The table's accuracy and confidence per groups, looked up once each (an inference needs both). */
  private readonly tableAccuracy: (number | null | undefined)[] = [];
  private readonly tableConfidence: (number | null | undefined)[] = [];

  constructor(private readonly dnn: Dnn) {}

  /** A table value per groups, looked up once (a groups count that is no small whole number is not kept). */
  private tabled(
    cache: (number | null | undefined)[],
    groups: number,
    lookUp: (dnn: Dnn, g: number) => number | null,
  ): number | null {
    if (!(Number.isInteger(groups) && groups >= 0 && groups < 1024)) return lookUp(this.dnn, groups);
    let v = cache[groups];
    if (v === undefined) cache[groups] = v = lookUp(this.dnn, groups);
    return v;
  }

  /** An inference finished. */
  inference(r: InferenceRecord): void {
    this.finished++;
    if (!r.deadlineMet) this.late++;
    this.latency.add(r.latencyMs);
    this.groupsSum += r.groups;
    // Anytime inference stops early on the images it is sure of, so the table's accuracy at the g it
    // stopped at is not its own: the answer on the image it ran is.
    const anytime = r.confidenceThreshold !== undefined && r.correct !== undefined;
    const a = anytime ? (r.correct ? 1 : 0) : this.tabled(this.tableAccuracy, r.groups, accuracyOf);
    this.accuracySum = a === null || this.accuracySum === null ? null : this.accuracySum + a;
    const c = r.confidence ?? this.tabled(this.tableConfidence, r.groups, confidenceOf);
    this.confidenceSum = c === null || this.confidenceSum === null ? null : this.confidenceSum + c;
    this.inferenceEnergyMJ += r.energyMJ;
  }

  /** A request was dropped. */
  drop(): void {
    this.dropped++;
  }

  /** One sensor window's true board power, with the cap in force (undefined: none). */
  power(powerW: number, windowMs: number, capW: number | undefined): void {
    if (windowMs <= 0) return;
    this.peakW = Math.max(this.peakW, powerW);
    if (capW !== undefined) {
      this.capMs += windowMs;
      if (powerW > capW) this.overCapMs += windowMs;
    }
  }

  /** A configuration was put in force. */
  reconfigured(): void {
    this.reconfigurations++;
  }

  /** A decision was refused as invalid, or the policy threw. */
  rejectedDecision(): void {
    this.rejected++;
  }

  /** One decide() call took this long on the wall clock, us; it stands for `weight` calls (a sample). */
  decided(us: number, weight = 1): void {
    this.decision.add(us, weight);
  }

  /** The metrics of the run, at its end: its length, the board energy over it, events run and wall time. */
  finish(simulatedMs: number, boardEnergyMJ: number, events: number, wallMs: number): Metrics {
    const requests = this.finished + this.dropped;
    const n = this.finished;
    return {
      inferences: n,
      dropped: this.dropped,
      deadlineMissRate: requests === 0 ? null : (this.late + this.dropped) / requests,
      latencyMs: {
        p50: this.latency.quantile(0.5),
        p95: this.latency.quantile(0.95),
        p99: this.latency.quantile(0.99),
      },
      meanAccuracy: n === 0 || this.accuracySum === null ? null : this.accuracySum / n,
      meanConfidence: n === 0 || this.confidenceSum === null ? null : this.confidenceSum / n,
      meanGroups: n === 0 ? null : this.groupsSum / n,
      energyPerInferenceMJ: n === 0 ? null : this.inferenceEnergyMJ / n,
      avgPowerW: simulatedMs > 0 ? boardEnergyMJ / simulatedMs : 0,
      peakPowerW: this.peakW,
      overPowerCapFraction: this.capMs > 0 ? this.overCapMs / this.capMs : null,
      reconfigurations: this.reconfigurations,
      rejectedDecisions: this.rejected,
      decisionUs: { p50: this.decision.quantile(0.5), p99: this.decision.quantile(0.99) },
      simulatedS: simulatedMs / 1000,
      wallMs,
      events,
    };
  }
}
