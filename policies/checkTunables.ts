/**
 * Tunables are data with named defaults and bounds (as the kernel's governors keep them); a value
 * out of bounds, a fraction where a whole number is meant (`integers`: counts and 0/1 switches) or a
 * name the policy does not know is refused with the valid range.
 */
export function checkTunables<T extends Record<string, number>>(
  policy: string,
  defaults: T,
  limits: Record<keyof T, [number, number]>,
  given: Record<string, number>,
  integers: readonly (keyof T)[] = [],
): T {
  const result = { ...defaults };
  for (const [name, value] of Object.entries(given)) {
    if (!Object.hasOwn(defaults, name))
      throw new RangeError(`${policy}: unknown tunable '${name}' (valid: ${Object.keys(defaults).join(', ')})`);
    const [lo, hi] = limits[name as keyof T];
    if (!(value >= lo && value <= hi)) throw new RangeError(`${policy}: ${name} ${value} is outside ${lo}..${hi}`);
    if (integers.includes(name) && !Number.isInteger(value))
      throw new RangeError(`${policy}: ${name} ${value} is not a whole number in ${lo}..${hi}`);
    (result as Record<string, number>)[name] = value;
  }
  return result;
}
