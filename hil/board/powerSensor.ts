/**
 * A power sensor on one rail, whatever the driver behind it (INA231, INA3221, RAPL): the adapters
 * read every sensor they found the same way and report the values as measured, but only once the
 * sensor says its values are valid.
 */

/** One rail's sensor. */
export interface PowerSensor {
  /** The platform's rail name (VDD_ARM, POM_5V_CPU, package). */
  readonly rail: string;
  /** The driver and where it sits, for capabilities and notes ("INA231 hwmon at 0x40: /sys/..."). */
  readonly description: string;
  /** Files start() may write, so a run can save them first. */
  readonly writablePaths: readonly string[];
  /**
   * Makes the sensor produce values (the Hardkernel INA231 needs `enable`); writes only
   * writablePaths. Safe to call again: it writes only what is not already set.
   * @throws Error when a write fails; the sensor then reads nothing
   */
  start(): void;
  /**
   * How long until readW() values count as measured, ms; 0 when they do now. A freshly enabled
   * Hardkernel INA231 holds its old (zero or stale) value until its first update period ends.
   */
  readyInMs(): number;
  /** The rail's power now, W; null when the sensor gives no value (unreadable, not started, not yet valid, first RAPL read). */
  readW(): number | null;
  /** What the user should know about this sensor (an unreadable update period), for capabilities. */
  notes(): string[];
}
