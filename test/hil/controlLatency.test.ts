import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { controlLatency } from '../../hil/controlLatency.js';
import type { Configuration } from '../../models/types.js';
import type { TraceEvent } from '../../sim/traceEvents.js';

const config = (a15: number, cores = 4): Configuration => ({
  groups: 4,
  unit: 'a15',
  cores,
  freqMHz: { a15, a7: 200 },
});
const decision = (t: number, c: Configuration): TraceEvent => ({ t, kind: 'decision', config: c });
const apply = (t: number, c: Configuration): TraceEvent => ({ t, kind: 'apply', config: c, stallMs: 0 });

describe('controlLatency', () => {
  it('is null for a run that put no decision in force', () => {
    expect(controlLatency([], 10)).toBeNull();
    expect(controlLatency([apply(0, config(2000))], 10)).toBeNull();
  });

  it("measures from the tick's due time to the apply, counting a timer that fired early", () => {
    const events = [
      apply(0, config(2000)),
      decision(11.5, config(1400)),
      apply(13, config(1400)),
      decision(19.2, config(1000)),
      apply(20.4, config(1000)),
    ];
    // Ticks due at 10 (late by 1.5, in force at 13: 3 ms) and 20 (fired 0.8 ms early, in force at 20.4).
    const l = controlLatency(events, 10)!;
    expect(l.decisions).toBe(2);
    expect(l.p5Ms).toBeCloseTo(0.4, 9);
    expect(l.medianMs).toBe(3);
    expect(l.p95Ms).toBe(3);
  });

  it('leaves out a decision that changes the mapping (it waits for the inference in flight)', () => {
    const events = [
      apply(0, config(2000)),
      decision(10.5, config(2000, 2)),
      apply(18, config(2000, 2)),
      decision(20.5, config(1400, 2)),
      apply(21, config(1400, 2)),
    ];
    expect(controlLatency(events, 10)).toEqual({ decisions: 1, p5Ms: 1, medianMs: 1, p95Ms: 1 });
  });

  it('gives back the delay of a board whose every decision comes the same time after its tick', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 7, noNaN: true }), fc.integer({ min: 1, max: 50 }), (delayMs, n) => {
        const events: TraceEvent[] = [apply(0, config(200))];
        for (let k = 1; k <= n; k++) {
          const c = config(k % 2 ? 1400 : 200);
          events.push(decision(10 * k + delayMs / 2, c), apply(10 * k + delayMs, c));
        }
        const l = controlLatency(events, 10)!;
        expect(l.decisions).toBe(n);
        expect(l.medianMs).toBeCloseTo(delayMs, 9);
        expect(l.p5Ms).toBeLessThanOrEqual(l.medianMs);
        expect(l.p95Ms).toBeGreaterThanOrEqual(l.medianMs);
      }),
    );
  });
});
