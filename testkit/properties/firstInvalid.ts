/** The first period whose decision was not valid, as one line: what valid and robust both report. */
import { configLabel } from '../label.js';
import type { Step } from '../step.js';

export function firstInvalid(steps: readonly Step[]): string | null {
  const bad = steps.find((s) => s.invalid !== null);
  if (!bad) return null;
  const asked =
    bad.threw !== null
      ? ''
      : ` (decided ${bad.decision} with ${configLabel(bad.configBefore)} in force, free cores ${JSON.stringify(bad.freeCores)})`;
  return `period ${bad.period} (${bad.timeMs} ms): ${bad.invalid}${asked}`;
}
