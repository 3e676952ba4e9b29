/**
 * The emulated kernel takes or refuses each write as the kernel's store functions do, and the clock
 * it puts in force follows from what it took: checked against a restatement of the rules, written
 * here independently, over random sequences of good and bad writes.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { boardLayout, CPU_DIR } from '../../../hil/emulator/boardLayout.js';
import { KernelState } from '../../../hil/emulator/kernelState.js';
import { platformById } from '../../../models/builtinPlatforms.js';

const xu3 = boardLayout('odroid-xu3', platformById('odroid-xu3'), 100);
const A15 = `${CPU_DIR}/cpufreq/policy4`;
const a15KHz = xu3.policies.find((p) => p.unit === 'a15')!.availableKHz;

type Write = { file: 'scaling_governor' | 'scaling_setspeed' | 'scaling_min_freq' | 'scaling_max_freq'; value: string };

const writeArb: fc.Arbitrary<Write> = fc.oneof(
  fc.record({
    file: fc.constant('scaling_governor' as const),
    value: fc.constantFrom('userspace', 'performance', 'powersave', 'ondemand', 'schedutil', 'turbo', ''),
  }),
  fc.record({
    file: fc.constant('scaling_setspeed' as const),
    value: fc.oneof(
      fc.constantFrom(...a15KHz.map(String)),
      fc.integer({ min: 0, max: 3_000_000 }).map(String),
      fc.constantFrom('fast', '1e6', '-5'),
    ),
  }),
  fc.record({
    file: fc.constantFrom('scaling_min_freq' as const, 'scaling_max_freq' as const),
    value: fc.oneof(
      fc.constantFrom(...a15KHz.map(String)),
      fc.integer({ min: 0, max: 3_000_000 }).map(String),
      fc.constant('x'),
    ),
  }),
);

/** The rules, restated: what the A15's clock should be after these writes, and which were refused. */
function expected(writes: readonly Write[]): { mhz: number; refused: boolean[] } {
  let governor = 'ondemand';
  let setspeed: number | null = null;
  let min = a15KHz[0]!;
  let max = a15KHz.at(-1)!;
  const refused = writes.map((w) => {
    const n = /^\d+$/.test(w.value) ? Number(w.value) : null;
    if (w.file === 'scaling_governor') {
      if (!xu3.governors.includes(w.value)) return true;
      governor = w.value;
      if (governor !== 'userspace') setspeed = null;
      return false;
    }
    if (n === null) return true;
    if (w.file === 'scaling_setspeed') {
      if (governor !== 'userspace') return true;
      setspeed = n;
      return false;
    }
    const clamped = Math.min(a15KHz.at(-1)!, Math.max(a15KHz[0]!, n));
    if (w.file === 'scaling_min_freq') min = Math.min(clamped, max);
    else max = Math.max(clamped, min);
    return false;
  });
  let target = governor === 'powersave' ? min : governor === 'userspace' && setspeed !== null ? setspeed : max;
  target = Math.min(max, Math.max(min, target));
  return { mhz: (a15KHz.find((k) => k >= target) ?? a15KHz.at(-1)!) / 1000, refused };
}

describe('the emulated kernel', () => {
  it('takes or refuses every write as the kernel would, and runs the clock that follows from what it took', () => {
    fc.assert(
      fc.property(fc.array(writeArb, { maxLength: 30 }), (writes) => {
        // Arrange
        const kernel = new KernelState(xu3, xu3.files);
        // Act
        const verdicts = writes.map((w) => kernel.write(`${A15}/${w.file}`, `${w.value}\n`));
        // Assert
        const want = expected(writes);
        expect(verdicts.map((v) => v === 'refused')).toEqual(want.refused);
        expect(kernel.clocksMHz().a15).toBe(want.mhz);
        // The clock is always an operating point of the board.
        expect(a15KHz).toContain(kernel.clocksMHz().a15! * 1000);
      }),
      { numRuns: 300 },
    );
  });

  it('refuses a cpu online value that is not 0 or 1, and files nobody may write', () => {
    const kernel = new KernelState(xu3, xu3.files);
    expect(kernel.write(`${CPU_DIR}/cpu5/online`, '2\n')).toBe('refused');
    expect(kernel.write(`${CPU_DIR}/cpu5/online`, '0\n')).toBe('taken');
    expect(kernel.isOnline(5)).toBe(false);
    expect(kernel.write(`${A15}/scaling_cur_freq`, '200000\n')).toBe('refused');
  });
});
