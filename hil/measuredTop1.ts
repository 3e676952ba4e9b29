/**
 * Top-1 as measured on a board: over the inferences whose workload ran a labelled image and said
 * whether its class was right (InferenceRecord.correct), against the network's table value that the
 * twin uses for the same groups.
 */
import type { TraceEvent } from '../sim/traceEvents.js';

/** Top-1 measured on a run's labelled inferences. */
export interface MeasuredTop1 {
  /** Inferences that ran a labelled image. */
  images: number;
  /** Those whose class was right. */
  correct: number;
  /** correct / images. */
  top1: number;
}

/** Counts the trace's labelled inferences as they come. */
export class MeasuredTop1Counter {
  private images = 0;
  private correct = 0;

  see(e: TraceEvent): void {
    if (e.kind !== 'inference' || e.correct === undefined) return;
    this.images++;
    if (e.correct) this.correct++;
  }

  /** null when no inference ran a labelled image (a synthetic input, the emulator, the twin). */
  result(): MeasuredTop1 | null {
    return this.images === 0 ? null : { images: this.images, correct: this.correct, top1: this.correct / this.images };
  }
}
