import { describe, expect, it } from 'vitest';
import { MeasuredTop1Counter } from '../../hil/measuredTop1.js';
import type { TraceEvent } from '../../sim/traceEvents.js';

const inference = (correct?: boolean): TraceEvent => ({
  t: 1,
  kind: 'inference',
  arrivalMs: 0,
  startMs: 0,
  endMs: 1,
  latencyMs: 1,
  serviceMs: 1,
  energyMJ: 1,
  groups: 2,
  unit: 'a15',
  cores: 4,
  freqMHz: 2000,
  deadlineMet: true,
  ...(correct === undefined ? {} : { correct }),
});

describe('measured top-1', () => {
  it('should count only the inferences that ran a labelled image', () => {
    const c = new MeasuredTop1Counter();
    for (const e of [
      inference(true),
      inference(false),
      inference(),
      inference(true),
      { t: 2, kind: 'note', text: 'x' } as TraceEvent,
    ])
      c.see(e);
    expect(c.result()).toEqual({ images: 3, correct: 2, top1: 2 / 3 });
  });

  it('should be null where no inference had a label (the twin, the emulator, a synthetic input)', () => {
    const c = new MeasuredTop1Counter();
    c.see(inference());
    expect(c.result()).toBeNull();
  });
});
