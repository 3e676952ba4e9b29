/**
 * Tunables of the Linux baselines: named numbers with defaults and bounds, checked once when a policy
 * is created, as the governors' sysfs store_* handlers refuse bad writes with -EINVAL
 * (drivers/cpufreq/cpufreq_ondemand.c store_up_threshold).
 */

/** The valid values of one tunable. */
export interface TunableRange {
  min: number;
  max: number;
  /** The minimum itself is not valid (a period of 0 ms would sample forever). */
  minExclusive?: boolean;
  /** Only whole numbers (the kernel's unsigned int tunables). */
  integer?: boolean;
  /**
   * Values above this are accepted and stored as it, as the kernel's store handler clamps them rather
   * than refusing them (store_ignore_nice_load: `if (input > 1) input = 1`; store_powersave_bias:
   * `if (input > 1000) input = 1000`).
   */
  clampAbove?: number;
  /**
   * Only whole multiples of this size, for a value the kernel keeps as an unsigned integer in a finer
   * unit than the twin's name: 0.001 with unit 'kHz' for MHz, 0.001 with unit 'microseconds' for ms.
   */
  grain?: { size: number; unit: string };
}

/** The range in words, for error messages: "an integer in 11..100", "a number > 0". */
export function describeRange(range: TunableRange): string {
  const kind = range.integer ? 'an integer' : 'a number';
  const clamp = range.clampAbove === undefined ? '' : `, above ${range.clampAbove} stored as ${range.clampAbove}`;
  const grain = range.grain === undefined ? '' : `, a whole number of ${range.grain.unit}`;
  if (range.max === Infinity) return `${kind} ${range.minExclusive ? '>' : '>='} ${range.min}${grain}${clamp}`;
  return `${kind} in ${range.min}..${range.max}${range.minExclusive ? ` (above ${range.min})` : ''}${grain}${clamp}`;
}

/** Whether a value is in a range (exported for tunables read outside {@link readTunables}). */
export function inRange(value: number, range: TunableRange): boolean {
  if (typeof value !== 'number' || Number.isNaN(value)) return false;
  if (range.integer && !Number.isInteger(value)) return false;
  if (range.grain !== undefined) {
    // A whole count of the kernel's unsigned unit is finite; 76.8 / 0.001 is 76800.00000000001 in
    // floating point, a whole count within rounding noise.
    if (!Number.isFinite(value)) return false;
    const count = value / range.grain.size;
    if (Math.abs(count - Math.round(count)) > 1e-6) return false;
  }
  if (range.minExclusive ? value <= range.min : value < range.min) return false;
  return value <= range.max;
}

/**
 * The tunables a policy runs with: the defaults overridden by the given ones.
 *
 * @param governor - the governor's name, for messages
 * @param moreNames - further valid names the caller reads itself, listed in the unknown-name message
 *   (interactive's numbered list tunables)
 * @throws RangeError naming an unknown tunable and the known ones, or a bad value and its valid range
 */
export function readTunables<T extends { [K in keyof T]: number }>(
  governor: string,
  given: Readonly<Record<string, number>> | undefined,
  defaults: Readonly<T>,
  ranges: Readonly<Record<keyof T, TunableRange>>,
  moreNames: readonly string[] = [],
): T {
  const names = Object.keys(defaults);
  const listed = [...names, ...moreNames];
  const out: Record<string, number> = { ...defaults };
  for (const [name, value] of Object.entries(given ?? {})) {
    if (!names.includes(name)) {
      const known = listed.length === 0 ? 'it has none' : `valid: ${listed.join(', ')}`;
      throw new RangeError(`unknown ${governor} tunable '${name}' (${known})`);
    }
    const range = ranges[name as keyof T];
    if (!inRange(value, range)) {
      throw new RangeError(`${governor} tunable ${name} = ${value} is not valid (valid: ${describeRange(range)})`);
    }
    out[name] = range.clampAbove === undefined ? value : Math.min(value, range.clampAbove);
  }
  return out as T;
}
